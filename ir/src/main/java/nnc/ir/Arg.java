package nnc.ir;

/**
 * A named graph argument. Inputs are fed each step; params and optimizer state are persistent
 * (they live for the whole step in their own buffers, see DESIGN.md's memory model).
 */
public final class Arg extends Value {
    public enum Role {
        INPUT("input"),
        PARAM("param"),
        STATE("state");

        private final String text;

        Role(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }

        public static Role parse(String text) {
            for (Role r : values()) {
                if (r.text.equals(text)) return r;
            }
            throw new IllegalArgumentException("unknown argument role '" + text + "'");
        }
    }

    private final String name;
    private final Role role;
    private final Attrs attrs;
    private final SourceLoc loc;

    /** {@code attrs} carries e.g. the initializer of a param: {@code {init = "normal", std = 0.1}}. */
    public Arg(String name, Role role, TensorType type, Attrs attrs, SourceLoc loc) {
        super(type);
        this.name = name;
        this.role = role;
        this.attrs = attrs;
        this.loc = loc;
    }

    public String name() {
        return name;
    }

    public Role role() {
        return role;
    }

    public Attrs attrs() {
        return attrs;
    }

    public SourceLoc loc() {
        return loc;
    }

    public boolean persistent() {
        return role != Role.INPUT;
    }

    @Override
    public String toString() {
        return "%" + name;
    }
}
