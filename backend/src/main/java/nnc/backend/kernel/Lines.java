package nnc.backend.kernel;

import nnc.ir.Shape;

/**
 * A tensor viewed as {@code [outer, len, inner]} around one axis: {@code outer * inner} lines of
 * {@code len} elements, line (o, i) starting at {@code o * len * inner + i} with stride {@code inner}.
 * Softmax-like ops work line by line; layer norms are the case {@code inner == 1}.
 */
public record Lines(int outer, int len, int inner) {
    public static Lines of(Shape s, int axis) {
        int outer = 1;
        int inner = 1;
        for (int i = 0; i < axis; i++) outer *= s.dim(i);
        for (int i = axis + 1; i < s.rank(); i++) inner *= s.dim(i);
        return new Lines(outer, s.dim(axis), inner);
    }

    /** The rows of the last axis. */
    public static Lines rows(Shape s) {
        return of(s, s.rank() - 1);
    }

    public long count() {
        return (long) outer * inner;
    }
}
