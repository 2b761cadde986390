package nnc.ir;

/** One entry of an op's attribute schema. A null {@code dflt} means the attribute is required. */
public record AttrSpec(String name, Kind kind, Object dflt) {
    public enum Kind {
        INT,
        FLOAT,
        STRING,
        BOOL,
        INTS
    }

    public static AttrSpec required(String name, Kind kind) {
        return new AttrSpec(name, kind, null);
    }

    public static AttrSpec optional(String name, Kind kind, Object dflt) {
        return new AttrSpec(name, kind, dflt);
    }

    boolean accepts(Object v) {
        return switch (kind) {
            case INT -> v instanceof Integer;
            case FLOAT -> v instanceof Double || v instanceof Integer;
            case STRING -> v instanceof String;
            case BOOL -> v instanceof Boolean;
            case INTS -> v instanceof java.util.List<?>;
        };
    }
}
