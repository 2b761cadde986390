package nnc.passes.plan;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * The orders in which {@link BestFitPlacement} may place buffers, in the order the planner tries
 * them: the one that most often gives the smallest arena on the zoo first. No one order is best on
 * every graph, so the planner keeps the smallest arena (as TFLite's arena planner and XLA's heap
 * simulator do). Ties in every order go to larger buffers, then earlier ones, so plans are deterministic.
 */
enum PlacementOrder {
    /**
     * Buffers live at the most crowded steps first (TFLite's greedy by breadth): the buffers that make
     * up the peak are packed together before anything can come between them.
     */
    BY_BREADTH {
        @Override
        Comparator<Integer> first(Buffers b) {
            return Comparator.comparingLong(x -> -b.breadth[x]);
        }
    },
    /** Largest first (TFLite's greedy by size, XLA's spatial order): small buffers fill the gaps big ones leave. */
    BY_SIZE {
        @Override
        Comparator<Integer> first(Buffers b) {
            return Comparator.comparingLong(x -> -b.size[x]);
        }
    },
    /** Most conflicted first: the buffers that overlap the most bytes in time are the hardest to fit. */
    BY_CONFLICTS {
        @Override
        Comparator<Integer> first(Buffers b) {
            return Comparator.comparingLong(x -> -b.conflicts[x]);
        }
    },
    /** In schedule order: a best-fit heap allocator replayed over the step (XLA's heap simulation). */
    BY_START {
        @Override
        Comparator<Integer> first(Buffers b) {
            return Comparator.comparingInt(x -> b.start[x]);
        }
    };

    abstract Comparator<Integer> first(Buffers b);

    /** The buffers of {@code b} in this order. */
    Integer[] sort(Buffers b) {
        Integer[] order = IntStream.range(0, b.count()).boxed().toArray(Integer[]::new);
        Arrays.sort(order, first(b).thenComparingLong(x -> -b.size[x]).thenComparingInt(x -> b.start[x]));
        return order;
    }
}
