package nnc.passes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one run of one pass sees besides the graph: its options, already parsed and checked against
 * {@link Pass#options()} when the pipeline was read, and a place to report user-facing errors.
 */
public final class PassContext {
    private final Pass pass;
    private final Map<String, Object> options;
    private final List<String> errors = new ArrayList<>();

    /** {@code options} maps option names to values of their kind's Java type (see {@link PassOption.Kind}). */
    public PassContext(Pass pass, Map<String, Object> options) {
        this.pass = pass;
        this.options = Map.copyOf(options);
    }

    public String passName() {
        return pass.name();
    }

    /** Whether the pipeline gave option {@code name}. */
    public boolean has(String name) {
        declared(name, null);
        return options.containsKey(name);
    }

    public long bytes(String name, long dflt) {
        return (Long) get(name, PassOption.Kind.BYTES, dflt);
    }

    public long integer(String name, long dflt) {
        return (Long) get(name, PassOption.Kind.INT, dflt);
    }

    public double number(String name, double dflt) {
        return (Double) get(name, PassOption.Kind.FLOAT, dflt);
    }

    /** A {@link PassOption.Kind#PERCENT} option as a fraction ({@code 5%} is 0.05). */
    public double share(String name, double dflt) {
        return (Double) get(name, PassOption.Kind.PERCENT, dflt);
    }

    public boolean flag(String name, boolean dflt) {
        return (Boolean) get(name, PassOption.Kind.BOOL, dflt);
    }

    public String string(String name, String dflt) {
        return (String) get(name, PassOption.Kind.STRING, dflt);
    }

    /**
     * Reports a mistake of the user's (an impossible budget, say) in plain words. The pass manager
     * stops the pipeline after this pass and shows every reported error.
     */
    public void error(String message) {
        errors.add(message);
    }

    public List<String> errors() {
        return List.copyOf(errors);
    }

    private Object get(String name, PassOption.Kind kind, Object dflt) {
        declared(name, kind);
        return options.getOrDefault(name, dflt);
    }

    /** Reading an option the pass does not declare, or as another kind, is a bug in the pass. */
    private void declared(String name, PassOption.Kind kind) {
        boolean ok = pass.options().stream().anyMatch(o -> o.name().equals(name) && (kind == null || o.kind() == kind));
        if (!ok) {
            throw new IllegalArgumentException("pass '" + pass.name() + "' reads option '" + name + "'"
                    + (kind == null ? "" : " as " + kind) + " but does not declare it so");
        }
    }
}
