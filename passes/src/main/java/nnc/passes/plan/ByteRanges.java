package nnc.passes.plan;

import java.util.Arrays;

/**
 * A set of byte ranges {@code [start, end)}, kept sorted and merged (touching ranges too), so that a
 * densely packed stretch of arena is one entry.
 */
final class ByteRanges {
    private long[] starts = new long[4];
    private long[] ends = new long[4];
    private int count;

    void add(long start, long end) {
        // First range ending at or after start, and first range starting after end: those between merge.
        int first = firstEndingAtOrAfter(start);
        int last = first;
        while (last < count && starts[last] <= end) last++;
        if (first < last) {
            start = Math.min(start, starts[first]);
            end = Math.max(end, ends[last - 1]);
        }
        int removed = last - first;
        if (removed == 0 && count == starts.length) {
            starts = Arrays.copyOf(starts, 2 * count);
            ends = Arrays.copyOf(ends, 2 * count);
        }
        int shift = 1 - removed;
        System.arraycopy(starts, last, starts, last + shift, count - last);
        System.arraycopy(ends, last, ends, last + shift, count - last);
        starts[first] = start;
        ends[first] = end;
        count += shift;
    }

    private int firstEndingAtOrAfter(long start) {
        int lo = 0;
        int hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ends[mid] < start) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    int count() {
        return count;
    }

    /** Copies the starts into {@code lows} and the ends into {@code highs}, both from index {@code at}. */
    void copyTo(long[] lows, long[] highs, int at) {
        System.arraycopy(starts, 0, lows, at, count);
        System.arraycopy(ends, 0, highs, at, count);
    }
}
