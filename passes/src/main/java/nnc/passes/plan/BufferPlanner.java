package nnc.passes.plan;

import java.util.IdentityHashMap;
import java.util.Map;
import nnc.ir.Arg;
import nnc.ir.Graph;
import nnc.ir.Liveness;
import nnc.ir.MemoryPlan;
import nnc.ir.Node;

/**
 * Plans one arena for a graph run in its current order: liveness over that order, one buffer per
 * result except where a result is computed in place over a dying operand, then offsets by
 * {@link BestFitPlacement} in each {@link PlacementOrder}, keeping the smallest arena. It stops early
 * when an arena comes close to the lower bound of the buffers (the most aligned bytes live at one step).
 */
public final class BufferPlanner {
    /**
     * The orders not yet tried can save at most the gap between the best arena and the lower bound;
     * once that gap is under 1/1000 of the arena it is not worth their time (seconds on a graph of
     * 100,000 nodes).
     */
    private static final long NEGLIGIBLE_SHARE = 1000;

    private BufferPlanner() {}

    public static MemoryPlan plan(Graph g) {
        Liveness live = Liveness.of(g);
        Buffers buffers = Buffers.of(live);
        long bound = buffers.lowerBound();
        long[] best = null;
        long bestArena = Long.MAX_VALUE;
        for (PlacementOrder order : PlacementOrder.values()) {
            long[] offsets = BestFitPlacement.place(buffers, order.sort(buffers));
            long arena = BestFitPlacement.arenaBytes(buffers, offsets);
            if (arena < bestArena) {
                best = offsets;
                bestArena = arena;
            }
            if ((bestArena - bound) * NEGLIGIBLE_SHARE <= bestArena) break;
        }
        Map<Node, Long> offsets = new IdentityHashMap<>();
        Map<Node, Arg> updateTargets = new IdentityHashMap<>();
        for (int i = 0; i < live.size(); i++) {
            if (live.updateTarget(i) != null) updateTargets.put(live.node(i), live.updateTarget(i));
            else offsets.put(live.node(i), best[buffers.ofStep[i]]);
        }
        return new MemoryPlan(live.schedule(), offsets, updateTargets);
    }
}
