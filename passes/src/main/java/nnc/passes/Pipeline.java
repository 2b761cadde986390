package nnc.passes;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A parsed pipeline string such as {@code autodiff,dne,fuse,recompute{budget=2GiB},schedule,plan-buffers}:
 * passes run left to right, each with its own options. The empty string is the empty pipeline.
 */
public final class Pipeline {
    /**
     * One pass of a pipeline. {@code options} holds parsed values keyed by option name, {@code optionText}
     * the values as written (both in the order given); {@code column} (1-based) is where the pass's name starts.
     */
    public record Step(Pass pass, Map<String, Object> options, Map<String, String> optionText, int column) {
        public String name() {
            return pass.name();
        }

        /** The step as it would be written in a pipeline string, e.g. {@code recompute{budget=2GiB}}. */
        @Override
        public String toString() {
            if (optionText.isEmpty()) return name();
            return optionText.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(",", name() + "{", "}"));
        }
    }

    private final List<Step> steps;

    Pipeline(List<Step> steps) {
        this.steps = List.copyOf(steps);
    }

    /** Parses {@code text}, resolving names in {@code registry}; throws {@link PipelineException} on a user mistake. */
    public static Pipeline parse(String text, PassRegistry registry) {
        return new PipelineParser(text, registry).parse();
    }

    public List<Step> steps() {
        return steps;
    }

    public boolean contains(String passName) {
        return steps.stream().anyMatch(s -> s.name().equals(passName));
    }

    /** The canonical pipeline string: no spaces, options as written. */
    @Override
    public String toString() {
        return steps.stream().map(Step::toString).collect(Collectors.joining(","));
    }
}
