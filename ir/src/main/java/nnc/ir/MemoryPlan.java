package nnc.ir;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where every node's result lives during a step: a byte offset in one arena, for the nodes run in
 * {@link #schedule()} order (DESIGN.md, "Memory model"). Arguments are persistent and have buffers of
 * their own. Two results may share bytes only when they are never live at the same time, or when one
 * overwrites the other in place ({@link Liveness#inPlaceSource}); the {@link Verifier} checks both.
 * Printed as {@code {bytes = 160, offset = 64}} after each node's type.
 */
public final class MemoryPlan {
    /** Every offset is a multiple of this, so that any target can use aligned vector loads. */
    public static final long ALIGNMENT = 64;

    private final List<Node> schedule;
    private final Map<Node, Long> offsets = new IdentityHashMap<>();
    private final long arenaBytes;

    /** {@code offsets} must give a non-negative offset for every node of {@code schedule}. */
    public MemoryPlan(List<Node> schedule, Map<Node, Long> offsets) {
        this.schedule = List.copyOf(schedule);
        long arena = 0;
        for (Node n : this.schedule) {
            Long offset = offsets.get(n);
            if (offset == null || offset < 0) throw new IllegalArgumentException("no offset for " + n);
            this.offsets.put(n, offset);
            arena = Math.max(arena, offset + align(n.type().bytes()));
        }
        this.arenaBytes = arena;
    }

    /** The order the nodes run in; it is also the graph's printed order. */
    public List<Node> schedule() {
        return schedule;
    }

    public long offset(Node n) {
        Long offset = offsets.get(n);
        if (offset == null) throw new IllegalArgumentException(n + " is not in the plan");
        return offset;
    }

    /** Bytes the arena must have: the end of the highest buffer, rounded up to {@link #ALIGNMENT}. */
    public long arenaBytes() {
        return arenaBytes;
    }

    /** {@code bytes} rounded up to a multiple of {@link #ALIGNMENT}. */
    public static long align(long bytes) {
        return (bytes + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    /** Whether {@code other} runs the same nodes in the same order at the same offsets. */
    public boolean sameAs(MemoryPlan other) {
        if (other == null || !schedule.equals(other.schedule)) return false;
        for (Node n : schedule) {
            if (offset(n) != other.offset(n)) return false;
        }
        return true;
    }
}
