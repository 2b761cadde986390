package nnc.passes.recompute;

import java.util.List;
import nnc.ir.Graph;
import nnc.ir.Node;
import nnc.passes.plan.BufferPlanner;
import nnc.passes.report.MemoryFigures;
import nnc.passes.report.MemoryReport;
import nnc.passes.schedule.Scheduler;

/**
 * A choice measured on the rebuilt graph, not estimated: its recompute FLOPs, its peak of live bytes
 * in the order the scheduler picks (persistent bytes included; no arena is smaller), and its planned
 * peak (persistent bytes plus the arena plan-buffers would give), or {@link Long#MAX_VALUE} when the
 * bound already exceeds what was worth planning.
 */
record MeasuredChoice(long flops, long bound, long peak) {
    boolean planned() {
        return peak != Long.MAX_VALUE;
    }

    /** {@code c} in model {@code m}, planned only if its bound is at most {@code planAtMost}; leaves {@code g} as it was. */
    static MeasuredChoice of(Graph g, RematModel m, Choice c, long planAtMost) {
        Rematerializer.Undo undo = Rematerializer.apply(g, m, c);
        long flops = MemoryReport.recomputeFlops(g);
        long persistent = MemoryFigures.persistentBytes(g);
        List<Node> order = Scheduler.order(g);
        long bound = persistent + Scheduler.peak(g, order);
        long peak = Long.MAX_VALUE;
        if (bound <= planAtMost) {
            g.reorder(order);
            peak = persistent + BufferPlanner.plan(g).arenaBytes();
        }
        undo.apply();
        return new MeasuredChoice(flops, bound, peak);
    }
}
