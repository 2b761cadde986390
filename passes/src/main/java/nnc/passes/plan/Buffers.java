package nnc.passes.plan;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import nnc.ir.Liveness;
import nnc.ir.MemoryPlan;

/**
 * The buffers a schedule needs: one per node result, except that a result computed in place
 * ({@link Liveness#inPlaceSource}) continues its operand's buffer, and an update written into its
 * target ({@link Liveness#updateTarget}) has an empty one. A buffer is live from the step of
 * its first result to the last use of its last one (both included); its size is the results' bytes
 * rounded up to {@link MemoryPlan#ALIGNMENT}, so that every buffer starts aligned. Also what the
 * {@link PlacementOrder}s sort by: each buffer's conflicts and breadth.
 */
final class Buffers {
    /** Buffer of the result of each step. */
    final int[] ofStep;
    final int[] start;
    final int[] end;
    final long[] size;
    /** Bytes of the other buffers live at some step this one is. */
    final long[] conflicts;
    /** The most bytes live at one step of this buffer's lifetime. */
    final long[] breadth;
    /** Bytes live at each step, and one step past the end (none). */
    private final long[] liveAtStep;

    private Buffers(int[] ofStep, int[] start, int[] end, long[] size) {
        this.ofStep = ofStep;
        this.start = start;
        this.end = end;
        this.size = size;
        this.liveAtStep = liveAtStep();
        this.conflicts = conflicts();
        this.breadth = breadth();
    }

    static Buffers of(Liveness live) {
        int n = live.size();
        int[] ofStep = new int[n];
        int[] start = new int[n];
        int[] end = new int[n];
        long[] size = new long[n];
        int count = 0;
        for (int i = 0; i < n; i++) {
            int source = live.inPlaceSource(i);
            int b = source >= 0 ? ofStep[source] : count++;
            ofStep[i] = b;
            if (source < 0) {
                start[b] = i;
                size[b] = live.updateTarget(i) != null ? 0 : MemoryPlan.align(live.bytes(i));
            }
            end[b] = live.lastUse(i);
        }
        return new Buffers(ofStep, Arrays.copyOf(start, count), Arrays.copyOf(end, count), Arrays.copyOf(size, count));
    }

    int count() {
        return start.length;
    }

    /**
     * The most aligned bytes live at one step: no placement of these buffers needs less, so a
     * placement reaching it is optimal.
     */
    long lowerBound() {
        return Arrays.stream(liveAtStep).max().orElse(0);
    }

    private long[] liveAtStep() {
        int steps = ofStep.length;
        long[] live = new long[steps + 2];
        for (int b = 0; b < count(); b++) {
            live[start[b]] += size[b];
            live[end[b] + 1] -= size[b];
        }
        for (int t = 1; t < live.length; t++) live[t] += live[t - 1];
        return Arrays.copyOf(live, steps + 1);
    }

    /** All bytes, less those of buffers ending before this one starts or starting after it ends: O(n log n). */
    private long[] conflicts() {
        long total = Arrays.stream(size).sum();
        Integer[] byEnd = sortedBy(end);
        Integer[] byStart = sortedBy(start);
        long[] endPrefix = prefixSums(byEnd);
        long[] startPrefix = prefixSums(byStart);
        long[] c = new long[count()];
        for (int x = 0; x < count(); x++) {
            long endingBefore = endPrefix[countBelow(byEnd, end, start[x])];
            long startingAfter = total - startPrefix[countBelow(byStart, start, end[x] + 1)];
            c[x] = total - endingBefore - startingAfter - size[x];
        }
        return c;
    }

    private Integer[] sortedBy(int[] step) {
        Integer[] idx = IntStream.range(0, count()).boxed().toArray(Integer[]::new);
        Arrays.sort(idx, Comparator.comparingInt(x -> step[x]));
        return idx;
    }

    private long[] prefixSums(Integer[] order) {
        long[] prefix = new long[order.length + 1];
        for (int i = 0; i < order.length; i++) prefix[i + 1] = prefix[i] + size[order[i]];
        return prefix;
    }

    /** How many of {@code sorted} (buffers sorted by {@code step}) have a step below {@code limit}. */
    private static int countBelow(Integer[] sorted, int[] step, long limit) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (step[sorted[mid]] < limit) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /** The maximum of {@link #liveAtStep} over each lifetime, by a range-maximum segment tree. */
    private long[] breadth() {
        int leaves = 1;
        while (leaves < liveAtStep.length) leaves <<= 1;
        long[] tree = new long[2 * leaves];
        System.arraycopy(liveAtStep, 0, tree, leaves, liveAtStep.length);
        for (int i = leaves - 1; i >= 1; i--) tree[i] = Math.max(tree[2 * i], tree[2 * i + 1]);
        long[] b = new long[count()];
        for (int x = 0; x < count(); x++) {
            for (int lo = start[x] + leaves, hi = end[x] + leaves + 1; lo < hi; lo >>= 1, hi >>= 1) {
                if ((lo & 1) == 1) b[x] = Math.max(b[x], tree[lo++]);
                if ((hi & 1) == 1) b[x] = Math.max(b[x], tree[--hi]);
            }
        }
        return b;
    }
}
