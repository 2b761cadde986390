package nnc.ir.ops;

import nnc.ir.Shape;
import nnc.ir.ShapeException;

/** NumPy broadcasting of shapes and of flat indices. */
public final class Broadcast {
    private Broadcast() {}

    /** The broadcast shape of {@code a} and {@code b}, or a {@link ShapeException} naming both. */
    public static Shape shape(Shape a, Shape b) {
        int r = Math.max(a.rank(), b.rank());
        int[] d = new int[r];
        for (int i = 0; i < r; i++) {
            int da = i < r - a.rank() ? 1 : a.dim(i - (r - a.rank()));
            int db = i < r - b.rank() ? 1 : b.dim(i - (r - b.rank()));
            if (da != db && da != 1 && db != 1) {
                throw new ShapeException("shapes " + a + " and " + b + " do not broadcast (dimension " + da + " vs " + db + ")");
            }
            d[i] = da == 1 ? db : da;
        }
        return Shape.of(d);
    }

    /**
     * For each flat index of {@code out}, the flat index into {@code in} (which broadcasts to
     * {@code out}). Computed once per op evaluation.
     */
    public static int[] indexMap(Shape in, Shape out) {
        int n = Math.toIntExact(out.numel());
        int[] map = new int[n];
        int r = out.rank();
        int off = r - in.rank();
        int[] inStrides = in.strides();
        int[] idx = new int[r];
        for (int flat = 0; flat < n; flat++) {
            int src = 0;
            for (int i = off; i < r; i++) {
                if (in.dim(i - off) != 1) src += idx[i] * inStrides[i - off];
            }
            map[flat] = src;
            for (int i = r - 1; i >= 0; i--) {
                if (++idx[i] < out.dim(i)) break;
                idx[i] = 0;
            }
        }
        return map;
    }
}
