package nnc.passes;

import java.util.List;
import nnc.ir.Graph;

/**
 * One graph transformation. Passes are stateless: everything a run needs arrives through the
 * {@link PassContext}, so one instance serves every pipeline and thread.
 */
public interface Pass {
    /** The kebab-case name used in pipeline strings, e.g. {@code plan-buffers}. */
    String name();

    /** The options this pass accepts ({@code recompute{budget=2GiB}}); pipelines naming others are rejected. */
    default List<PassOption> options() {
        return List.of();
    }

    /**
     * Transforms {@code g} in place and returns whether it changed anything. User-facing problems
     * (an impossible budget, say) go to {@link PassContext#error}; exceptions are bugs.
     */
    boolean run(Graph g, PassContext ctx);
}
