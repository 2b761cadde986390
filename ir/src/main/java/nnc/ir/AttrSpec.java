package nnc.ir;

/**
 * One entry of an op's attribute schema. A null {@code dflt} means the attribute is required, unless
 * it is a {@link #flag}: a bool that is false when absent and present only when true, so that a
 * rarely set switch (a matmul reading a transposed operand) stays out of every other node's text.
 */
public record AttrSpec(String name, Kind kind, Object dflt, boolean flag) {
    public enum Kind {
        INT,
        FLOAT,
        STRING,
        BOOL,
        INTS
    }

    public static AttrSpec required(String name, Kind kind) {
        return new AttrSpec(name, kind, null, false);
    }

    public static AttrSpec optional(String name, Kind kind, Object dflt) {
        return new AttrSpec(name, kind, dflt, false);
    }

    public static AttrSpec flag(String name) {
        return new AttrSpec(name, Kind.BOOL, null, true);
    }

    /** What a value must be, for messages. */
    String expected() {
        return flag ? "true (a flag is left out when false)" : kind.name().toLowerCase();
    }

    boolean accepts(Object v) {
        return switch (kind) {
            case INT -> v instanceof Integer;
            case FLOAT -> v instanceof Double || v instanceof Integer;
            case STRING -> v instanceof String;
            case BOOL -> flag ? Boolean.TRUE.equals(v) : v instanceof Boolean;
            case INTS -> v instanceof java.util.List<?>;
        };
    }
}
