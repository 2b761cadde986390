package nnc.passes.report;

import nnc.ir.Graph;
import nnc.ir.Liveness;

/**
 * The graph as one pipeline step left it: its node count and peak. Before a plan exists the peak is
 * that of a framework freeing dead tensors in the graph's current order (persistent bytes plus the
 * most bytes live at one step); once planned, it is the persistent bytes plus the arena.
 *
 * @param step the step as written in the pipeline, or {@code (lowered)} for the graph before any pass
 */
public record PassEffect(String step, int nodes, long peakBytes) {
    public static PassEffect measure(String step, Graph g) {
        long transientBytes = g.plan() != null ? g.plan().arenaBytes() : Liveness.max(Liveness.of(g).liveBytes());
        return new PassEffect(step, g.nodeCount(), MemoryFigures.persistentBytes(g) + transientBytes);
    }
}
