package nnc.passes;

import java.util.List;

/** A pass found mistakes of the user's (reported through {@link PassContext#error}); the pipeline stopped after it. */
public final class PassFailedException extends RuntimeException {
    private final Pipeline.Step step;
    private final List<String> errors;

    public PassFailedException(Pipeline.Step step, List<String> errors) {
        super("pass '" + step.name() + "' failed: " + String.join("; ", errors));
        this.step = step;
        this.errors = List.copyOf(errors);
    }

    public Pipeline.Step step() {
        return step;
    }

    public List<String> errors() {
        return errors;
    }

    /** One line per error, naming the step as written: {@code error: recompute{budget=1MiB}: ...}. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        for (String e : errors) sb.append("error: ").append(step).append(": ").append(e).append('\n');
        return sb.toString();
    }
}
