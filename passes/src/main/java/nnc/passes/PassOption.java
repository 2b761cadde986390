package nnc.passes;

/** An option a pass accepts in a pipeline string, with the kind its value must have. */
public record PassOption(String name, Kind kind) {
    /** How an option's text is read; each kind parses to one Java type that {@link PassContext} hands out. */
    public enum Kind {
        /** A byte count with an optional unit: {@code 4096}, {@code 512MiB}, {@code 2GiB}, {@code 4GB}. */
        BYTES("a byte size such as 512MiB, 2GiB or 4GB") {
            @Override
            public Object parse(String text) {
                return ByteSize.parse(text);
            }
        },
        INT("an integer") {
            @Override
            public Object parse(String text) {
                return Long.parseLong(text);
            }
        },
        FLOAT("a number") {
            @Override
            public Object parse(String text) {
                double d = Double.parseDouble(text);
                if (!Double.isFinite(d)) throw new IllegalArgumentException(text);
                return d;
            }
        },
        /** A share in percent, handed out as a fraction: {@code 5%} is 0.05. */
        PERCENT("a share such as 5% or 12.5%") {
            @Override
            public Object parse(String text) {
                if (!text.endsWith("%")) throw new IllegalArgumentException(text);
                double d = Double.parseDouble(text.substring(0, text.length() - 1));
                if (!Double.isFinite(d) || d < 0) throw new IllegalArgumentException(text);
                return d / 100;
            }
        },
        BOOL("true or false") {
            @Override
            public Object parse(String text) {
                return switch (text) {
                    case "true" -> true;
                    case "false" -> false;
                    default -> throw new IllegalArgumentException(text);
                };
            }
        },
        STRING("a word") {
            @Override
            public Object parse(String text) {
                return text;
            }
        };

        private final String expected;

        Kind(String expected) {
            this.expected = expected;
        }

        /** What a value of this kind looks like, for error messages. */
        public String expected() {
            return expected;
        }

        /** The value of {@code text}; throws {@link IllegalArgumentException} (any message) when malformed. */
        public abstract Object parse(String text);
    }

    public static PassOption bytes(String name) {
        return new PassOption(name, Kind.BYTES);
    }

    public static PassOption integer(String name) {
        return new PassOption(name, Kind.INT);
    }

    public static PassOption number(String name) {
        return new PassOption(name, Kind.FLOAT);
    }

    public static PassOption percent(String name) {
        return new PassOption(name, Kind.PERCENT);
    }

    public static PassOption flag(String name) {
        return new PassOption(name, Kind.BOOL);
    }

    public static PassOption string(String name) {
        return new PassOption(name, Kind.STRING);
    }
}
