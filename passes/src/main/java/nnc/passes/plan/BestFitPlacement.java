package nnc.passes.plan;

import java.util.Arrays;

/**
 * Places buffers one by one, in a given order, each into the smallest gap left between the bytes of
 * the buffers already placed that are live at some step it is (best fit), or above them all when no
 * gap is big enough.
 *
 * <p>What is taken during a range of steps comes from a segment tree over the steps. A placed buffer
 * is recorded, as merged byte ranges, on the O(log n) tree nodes that make up its lifetime ("covers")
 * and on those nodes and all their ancestors ("within"). The bytes taken at some step of a query
 * range are then the "within" ranges of the query's own nodes plus the "covers" ranges of their
 * ancestors.
 * Placed buffers pack densely, so the merged ranges stay few and a placement costs about O(log² n),
 * where listing every overlapping buffer would cost as many steps as there are (tens of thousands
 * live at once in a long unrolled training step).
 */
final class BestFitPlacement {
    private final Buffers b;
    private final long[] offset;
    private final int leaves;
    private final ByteRanges[] covers;
    private final ByteRanges[] within;
    private long[] lows = new long[16];
    private long[] highs = new long[16];

    private BestFitPlacement(Buffers b) {
        this.b = b;
        this.offset = new long[b.count()];
        int steps = b.ofStep.length + 1;
        int l = 1;
        while (l < steps) l <<= 1;
        leaves = l;
        covers = new ByteRanges[2 * leaves];
        within = new ByteRanges[2 * leaves];
    }

    /** Offsets of every buffer of {@code b}, placed in {@code order}. */
    static long[] place(Buffers b, Integer[] order) {
        BestFitPlacement p = new BestFitPlacement(b);
        for (int x : order) {
            if (b.size[x] > 0) p.place(x);
        }
        return p.offset;
    }

    /** The arena the offsets need: the highest buffer end. */
    static long arenaBytes(Buffers b, long[] offsets) {
        long arena = 0;
        for (int x = 0; x < b.count(); x++) arena = Math.max(arena, offsets[x] + b.size[x]);
        return arena;
    }

    private void place(int x) {
        int k = 0;
        int lo = b.start[x] + leaves;
        int hi = b.end[x] + leaves + 1;
        // The query's nodes, bottom up; their ancestors are visited after the loop.
        int left = lo;
        int right = hi - 1;
        while (lo < hi) {
            if ((lo & 1) == 1) k = collect(within[lo++], k);
            if ((hi & 1) == 1) k = collect(within[--hi], k);
            lo >>= 1;
            hi >>= 1;
        }
        k = collectAncestors(left, right, k);
        Arrays.sort(lows, 0, k);
        Arrays.sort(highs, 0, k);
        long at = bestFit(k, b.size[x]);
        offset[x] = at;
        record(x, at, at + b.size[x]);
    }

    /**
     * Adds the "covers" ranges of the strict ancestors of the query's nodes. Those nodes hang off the
     * two paths from the leaves at either end of the query, so the ancestors are on those paths.
     */
    private int collectAncestors(int left, int right, int k) {
        for (int node = left >> 1, other = right >> 1; node >= 1; node >>= 1, other >>= 1) {
            k = collect(covers[node], k);
            if (other != node) k = collect(covers[other], k);
        }
        return k;
    }

    private void record(int x, long start, long end) {
        int lo = b.start[x] + leaves;
        int hi = b.end[x] + leaves + 1;
        int left = lo;
        int right = hi - 1;
        while (lo < hi) {
            if ((lo & 1) == 1) addCovering(lo++, start, end);
            if ((hi & 1) == 1) addCovering(--hi, start, end);
            lo >>= 1;
            hi >>= 1;
        }
        // The ancestors of the buffer's nodes lie on the paths up from its first and last step's leaves;
        // the other nodes on those paths overlap its lifetime too, so recording it there is harmless.
        for (int node = left, other = right; node >= 1; node >>= 1, other >>= 1) {
            add(within, node, start, end);
            if (other != node) add(within, other, start, end);
        }
    }

    private void addCovering(int node, long start, long end) {
        add(covers, node, start, end);
        add(within, node, start, end);
    }

    private static void add(ByteRanges[] tree, int node, long start, long end) {
        if (tree[node] == null) tree[node] = new ByteRanges();
        tree[node].add(start, end);
    }

    private int collect(ByteRanges ranges, int k) {
        if (ranges == null) return k;
        int n = ranges.count();
        if (k + n > lows.length) {
            int capacity = Math.max(2 * lows.length, k + n);
            lows = Arrays.copyOf(lows, capacity);
            highs = Arrays.copyOf(highs, capacity);
        }
        ranges.copyTo(lows, highs, k);
        return k + n;
    }

    /**
     * The start of the smallest free gap of at least {@code size} bytes between the k ranges (sorted
     * starts in lows, sorted ends in highs; they may overlap), the lowest such gap on a tie, else the
     * highest end. A sweep counts the ranges covering each point; a gap opens where the count drops to zero.
     */
    private long bestFit(int k, long size) {
        long best = -1;
        long bestGap = Long.MAX_VALUE;
        long gapStart = 0;
        int depth = 0;
        int ends = 0;
        for (int starts = 0; starts < k; starts++) {
            while (highs[ends] <= lows[starts]) {
                if (--depth == 0) gapStart = highs[ends];
                ends++;
            }
            long gap = lows[starts] - gapStart;
            if (depth == 0 && gap >= size && gap < bestGap) {
                best = gapStart;
                bestGap = gap;
            }
            depth++;
        }
        return best >= 0 ? best : k == 0 ? 0 : highs[k - 1];
    }
}
