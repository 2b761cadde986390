package nnc.passes.report;

import nnc.ir.Graph;
import nnc.ir.Liveness;
import nnc.passes.schedule.Scheduler;

/**
 * {@code baseline_peak_bytes} (DESIGN.md, "Memory model"): what a framework that frees each tensor
 * after its last use would hold for a graph, i.e. the persistent bytes plus the most transient bytes
 * live at one step, every value in a buffer of its own, with the graph run in nnc's schedule. The
 * memory report measures it on the graph before fusion and recomputation change what is computed.
 */
public final class BaselinePeak {
    private BaselinePeak() {}

    public static long of(Graph g) {
        return MemoryFigures.persistentBytes(g) + Liveness.max(Liveness.of(g, Scheduler.order(g)).liveBytes());
    }
}
