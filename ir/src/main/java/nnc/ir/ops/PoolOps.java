package nnc.ir.ops;

import static nnc.ir.ops.Checks.fail;

import java.util.List;
import nnc.ir.AttrSpec;
import nnc.ir.AttrSpec.Kind;
import nnc.ir.Attrs;
import nnc.ir.FusionPattern;
import nnc.ir.OpKind;
import nnc.ir.Shape;
import nnc.ir.Tensor;
import nnc.ir.TensorType;

/** Pooling over the H and W axes of NCHW tensors. */
public final class PoolOps {
    /**
     * {@code max_pool2d} and {@code avg_pool2d} on {@code x [n, c, h, w]} with {@code kernel}, {@code stride}
     * and {@code padding} pairs, as PyTorch with {@code ceil_mode=False}. The stride is required because
     * its DSL default (the kernel) is not a constant.
     */
    abstract static class Pool2d extends OpKind {
        Pool2d(String name) {
            super(name, FusionPattern.OUT_ELEMWISE_FUSABLE);
        }

        /** Folds the window's in-bounds elements, {@code xs[from + dy*rowStride + dx]}, into one value. */
        abstract double pool(double[] xs, int from, int rows, int cols, int rowStride, int windowSize);

        @Override
        public int arity() {
            return 1;
        }

        @Override
        public List<AttrSpec> attrSpecs() {
            return List.of(AttrSpec.required("kernel", Kind.INTS), AttrSpec.optional("padding", Kind.INTS, List.of(0, 0)),
                    AttrSpec.required("stride", Kind.INTS));
        }

        /** A window over a small neighbourhood, like an activation: recomputing beats storing. */
        @Override
        public boolean cheapToRecompute() {
            return true;
        }

        @Override
        public TensorType infer(List<TensorType> in, Attrs attrs) {
            TensorType x = in.get(0);
            Checks.requireRank(this, "input", x, 4);
            Checks.requireF32(this, "input", x);
            Window2d win = Window2d.of(this, attrs, Checks.pair(this, attrs, "kernel", 1));
            // PyTorch's rule; it also guarantees that every window holds at least one real element.
            for (int axis = 0; axis < 2; axis++) {
                if (win.padding(axis) > win.kernel(axis) / 2) {
                    throw fail(this, "padding must be at most half the kernel, got " + win);
                }
            }
            int[] d = x.shape().dims();
            int ho = win.out(0, d[2]);
            int wo = win.out(1, d[3]);
            if (ho < 1 || wo < 1) throw fail(this, "output of input " + x + " with " + win + " would be empty");
            return x.withShape(Shape.of(d[0], d[1], ho, wo));
        }

        /** One operation per window element. */
        @Override
        public long flops(List<TensorType> in, Attrs attrs, TensorType out) {
            List<Integer> k = attrs.getInts("kernel");
            return out.numel() * k.get(0) * k.get(1);
        }

        @Override
        public void eval(List<Tensor> in, Attrs attrs, Tensor out) {
            int[] d = in.get(0).shape().dims();
            double[] x = in.get(0).toArray();
            Window2d win = Window2d.of(this, attrs, Checks.pair(this, attrs, "kernel", 1));
            int h = d[2];
            int w = d[3];
            int ho = out.shape().dim(2);
            int wo = out.shape().dim(3);
            int windowSize = win.kernel(0) * win.kernel(1);
            for (int plane = 0; plane < d[0] * d[1]; plane++) {
                for (int oy = 0; oy < ho; oy++) {
                    int y0 = win.source(0, oy, 0);
                    int y1 = Math.min(y0 + win.kernel(0), h);
                    y0 = Math.max(y0, 0);
                    for (int ox = 0; ox < wo; ox++) {
                        int x0 = win.source(1, ox, 0);
                        int x1 = Math.min(x0 + win.kernel(1), w);
                        x0 = Math.max(x0, 0);
                        double v = pool(x, (plane * h + y0) * w + x0, y1 - y0, x1 - x0, w, windowSize);
                        out.set((plane * ho + oy) * wo + ox, v);
                    }
                }
            }
        }
    }

    /** The largest element of each window; padding never wins. */
    static final class MaxPool2d extends Pool2d {
        MaxPool2d() {
            super("max_pool2d");
        }

        @Override
        double pool(double[] xs, int from, int rows, int cols, int rowStride, int windowSize) {
            double m = Double.NEGATIVE_INFINITY;
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) m = Math.max(m, xs[from + r * rowStride + c]);
            }
            return m;
        }
    }

    /** The mean of each window, padding counted as zeros (PyTorch's default {@code count_include_pad=True}). */
    static final class AvgPool2d extends Pool2d {
        AvgPool2d() {
            super("avg_pool2d");
        }

        @Override
        double pool(double[] xs, int from, int rows, int cols, int rowStride, int windowSize) {
            double s = 0;
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) s += xs[from + r * rowStride + c];
            }
            return s / windowSize;
        }
    }

    /** {@code global_avg_pool(x [n, c, h, w]) -> [n, c]}: the mean of each channel plane. */
    static final class GlobalAvgPool extends OpKind {
        GlobalAvgPool() {
            super("global_avg_pool", FusionPattern.REDUCE);
        }

        @Override
        public int arity() {
            return 1;
        }

        @Override
        public TensorType infer(List<TensorType> in, Attrs attrs) {
            TensorType x = in.get(0);
            Checks.requireRank(this, "input", x, 4);
            Checks.requireF32(this, "input", x);
            if (x.shape().dim(2) * x.shape().dim(3) == 0) throw fail(this, "input " + x + " has empty planes");
            return x.withShape(Shape.of(x.shape().dim(0), x.shape().dim(1)));
        }

        /** One add per input element and one divide per result. */
        @Override
        public long flops(List<TensorType> in, Attrs attrs, TensorType out) {
            return in.get(0).numel() + out.numel();
        }

        @Override
        public void eval(List<Tensor> in, Attrs attrs, Tensor out) {
            Tensor x = in.get(0);
            int plane = x.shape().dim(2) * x.shape().dim(3);
            for (int p = 0; p < out.size(); p++) {
                double s = 0;
                for (int i = 0; i < plane; i++) s += x.get(p * plane + i);
                out.set(p, s / plane);
            }
        }
    }

    public static final OpKind MAX_POOL2D = new MaxPool2d();
    public static final OpKind AVG_POOL2D = new AvgPool2d();
    public static final OpKind GLOBAL_AVG_POOL = new GlobalAvgPool();

    public static final List<OpKind> ALL = List.of(MAX_POOL2D, AVG_POOL2D, GLOBAL_AVG_POOL);

    private PoolOps() {}
}
