package nnc.frontend.lower;

import nnc.ir.SourceLoc;
import nnc.ir.TensorType;

/** Guards against tensors too large to index with an int. */
final class Sizes {
    static final long MAX_ELEMENTS = Integer.MAX_VALUE;

    private Sizes() {}

    /** The product of {@code dims}, or {@link Long#MAX_VALUE} when it overflows. */
    static long product(int[] dims) {
        long p = 1;
        for (int d : dims) {
            if (d == 0) return 0;
            if (p > Long.MAX_VALUE / d) p = Long.MAX_VALUE;
            else p *= d;
        }
        return p;
    }

    static void check(TensorType t, SourceLoc loc) {
        if (product(t.shape().dims()) > MAX_ELEMENTS) {
            throw new CompileError(loc, "tensor " + t + " has more than " + MAX_ELEMENTS + " elements");
        }
    }
}
