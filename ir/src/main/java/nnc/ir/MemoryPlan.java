package nnc.ir;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where every node's result lives during a step: a byte offset in one arena, for the nodes run in
 * {@link #schedule()} order (DESIGN.md, "Memory model"). Arguments are persistent and have buffers of
 * their own. Two results may share bytes only when they are never live at the same time, or when one
 * overwrites the other in place ({@link Liveness#inPlaceSource}); the {@link Verifier} checks both.
 * An optimizer update may instead be written into the buffer of the param it replaces
 * ({@link #updateTarget}). Printed as {@code {bytes = 160, offset = 64}} or {@code {bytes = 160, into = %w}}
 * after each node's type.
 */
public final class MemoryPlan {
    /** Every offset is a multiple of this, so that any target can use aligned vector loads. */
    public static final long ALIGNMENT = 64;

    private final List<Node> schedule;
    private final Map<Node, Long> offsets = new IdentityHashMap<>();
    private final Map<Node, Arg> updateTargets = new IdentityHashMap<>();
    private final long arenaBytes;

    /**
     * {@code offsets} must give a non-negative offset for every node of {@code schedule} but those that
     * {@code updateTargets} writes into a param's or state's buffer ({@link Liveness#updateTarget}).
     */
    public MemoryPlan(List<Node> schedule, Map<Node, Long> offsets, Map<Node, Arg> updateTargets) {
        this.schedule = List.copyOf(schedule);
        long arena = 0;
        for (Node n : this.schedule) {
            Arg target = updateTargets.get(n);
            if (target != null) {
                this.updateTargets.put(n, target);
                continue;
            }
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

    /** The arena offset of {@code n}'s result; throws for an update written into its target. */
    public long offset(Node n) {
        Long offset = offsets.get(n);
        if (offset == null) throw new IllegalArgumentException(n + " has no place in the arena");
        return offset;
    }

    /** The param or state whose buffer {@code n}'s result is written into, or null when it lives in the arena. */
    public Arg updateTarget(Node n) {
        return updateTargets.get(n);
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
            if (updateTargets.get(n) != other.updateTargets.get(n) || !Objects.equals(offsets.get(n), other.offsets.get(n))) return false;
        }
        return true;
    }
}
