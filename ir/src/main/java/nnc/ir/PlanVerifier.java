package nnc.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks a {@link MemoryPlan}: offsets are aligned, and no two results live at the same step share a
 * byte unless one overwrites the other in place ({@link Liveness#inPlaceSource}, at the same offset),
 * and exactly the updates that the schedule lets write into their targets ({@link Liveness#updateTarget}) do so.
 * A sweep over the schedule keeps the live buffers in a map by offset; they never overlap one another,
 * so each new buffer needs comparing with one neighbour only, and the whole check takes O(n log n).
 */
final class PlanVerifier {
    private PlanVerifier() {}

    static List<String> problems(Graph g, MemoryPlan plan, ValueNames names) {
        List<String> problems = new ArrayList<>();
        Liveness live = Liveness.of(g, plan.schedule());
        int n = live.size();
        List<List<Integer>> endingAt = new ArrayList<>();
        for (int i = 0; i <= n; i++) endingAt.add(new ArrayList<>());
        for (int i = 0; i < n; i++) {
            Node node = live.node(i);
            Arg into = plan.updateTarget(node);
            if (into != live.updateTarget(i)) {
                problems.add(names.of(node) + (into != null
                        ? " is written into " + names.of(into) + ", which it does not update in place in this schedule"
                        : " updates " + names.of(live.updateTarget(i)) + " in place in this schedule, but the plan gives it arena bytes"));
            }
            if (into == null) endingAt.get(live.lastUse(i)).add(i);
        }
        if (!problems.isEmpty()) return problems;
        TreeMap<Long, Integer> liveByOffset = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            if (i > 0) for (int ended : endingAt.get(i - 1)) liveByOffset.remove(plan.offset(live.node(ended)), ended);
            Node node = live.node(i);
            if (live.updateTarget(i) != null) continue;
            long offset = plan.offset(node);
            long bytes = live.bytes(i);
            if (offset % MemoryPlan.ALIGNMENT != 0) {
                problems.add(names.of(node) + ": offset " + offset + " is not a multiple of " + MemoryPlan.ALIGNMENT);
            }
            int source = live.inPlaceSource(i);
            if (source >= 0 && plan.offset(live.node(source)) == offset) liveByOffset.remove(offset, source);
            if (bytes == 0) continue;
            Map.Entry<Long, Integer> below = liveByOffset.floorEntry(offset + bytes - 1);
            if (below != null && below.getKey() + live.bytes(below.getValue()) > offset) {
                Node other = live.node(below.getValue());
                problems.add(names.of(node) + " and " + names.of(other) + " are live at the same time and overlap in the arena (bytes "
                        + range(offset, bytes) + " and " + range(below.getKey(), live.bytes(below.getValue())) + ")");
            } else {
                liveByOffset.put(offset, i);
            }
        }
        return problems;
    }

    private static String range(long offset, long bytes) {
        return "[" + offset + ", " + (offset + bytes) + ")";
    }
}
