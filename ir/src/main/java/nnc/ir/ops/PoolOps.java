package nnc.ir.ops;

import static nnc.ir.ops.Checks.fail;

import java.util.Collections;
import java.util.List;
import nnc.ir.AttrSpec;
import nnc.ir.AttrSpec.Kind;
import nnc.ir.Attrs;
import nnc.ir.FusionPattern;
import nnc.ir.GradBuilder;
import nnc.ir.Node;
import nnc.ir.OpKind;
import nnc.ir.Shape;
import nnc.ir.Tensor;
import nnc.ir.TensorType;
import nnc.ir.Value;

/** Pooling over the H and W axes of NCHW tensors, and the gradients of max and average pooling. */
public final class PoolOps {
    /** The window attributes of every pooling op but {@code shape}. */
    private static final List<AttrSpec> WINDOW_SPECS = List.of(AttrSpec.required("kernel", Kind.INTS),
            AttrSpec.optional("padding", Kind.INTS, List.of(0, 0)), AttrSpec.required("stride", Kind.INTS));
    /** The window attributes and the pooled input's {@code shape}, for gradients that do not read the input. */
    private static final List<AttrSpec> WINDOW_AND_SHAPE_SPECS =
            List.of(WINDOW_SPECS.get(0), WINDOW_SPECS.get(1), AttrSpec.required("shape", Kind.INTS), WINDOW_SPECS.get(2));

    /** Receives one pooling window: the flat index of its result and its in-bounds part of the input. */
    @FunctionalInterface
    private interface WindowVisitor {
        /** The window covers {@code rows x cols} elements {@code from + r * rowStride + c} of the input. */
        void visit(int outIndex, int from, int rows, int cols, int rowStride);
    }

    /** Walks the windows of pooling {@code x [n, c, h, w]} into {@code [n, c, ho, wo]}, clipped to the input. */
    private static void forEachWindow(int[] xd, int ho, int wo, Window2d win, WindowVisitor visitor) {
        int h = xd[2];
        int w = xd[3];
        for (int plane = 0; plane < xd[0] * xd[1]; plane++) {
            for (int oy = 0; oy < ho; oy++) {
                int y0 = win.source(0, oy, 0);
                int y1 = Math.min(y0 + win.kernel(0), h);
                y0 = Math.max(y0, 0);
                for (int ox = 0; ox < wo; ox++) {
                    int x0 = win.source(1, ox, 0);
                    int x1 = Math.min(x0 + win.kernel(1), w);
                    x0 = Math.max(x0, 0);
                    visitor.visit((plane * ho + oy) * wo + ox, (plane * h + y0) * w + x0, y1 - y0, x1 - x0, w);
                }
            }
        }
    }

    private static Window2d window(OpKind op, Attrs attrs) {
        return Window2d.of(op, attrs, Checks.pair(op, attrs, "kernel", 1));
    }

    /** The type of pooling f32 {@code x [n, c, h, w]} into {@code [n, c, ho, wo]}; {@code op} names the errors. */
    private static TensorType pooled(OpKind op, TensorType x, Attrs attrs) {
        Checks.requireRank(op, "input", x, 4);
        Checks.requireF32(op, "input", x);
        Window2d win = window(op, attrs);
        // PyTorch's rule; it also guarantees that every window holds at least one real element.
        for (int axis = 0; axis < 2; axis++) {
            if (win.padding(axis) > win.kernel(axis) / 2) {
                throw fail(op, "padding must be at most half the kernel, got " + win);
            }
        }
        int[] d = x.shape().dims();
        int ho = win.out(0, d[2]);
        int wo = win.out(1, d[3]);
        if (ho < 1 || wo < 1) throw fail(op, "output of input " + x + " with " + win + " would be empty");
        return x.withShape(Shape.of(d[0], d[1], ho, wo));
    }

    /** The window's first largest element in row-major order (the one PyTorch's indices name), as a flat index of xs. */
    private static int firstMax(double[] xs, int from, int rows, int cols, int rowStride) {
        int best = from;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                if (xs[from + r * rowStride + c] > xs[best]) best = from + r * rowStride + c;
            }
        }
        return best;
    }

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
            return WINDOW_SPECS;
        }

        /** A window over a small neighbourhood, like an activation: recomputing beats storing. */
        @Override
        public boolean cheapToRecompute() {
            return true;
        }

        @Override
        public TensorType infer(List<TensorType> in, Attrs attrs) {
            return pooled(this, in.get(0), attrs);
        }

        /** One operation per window element. */
        @Override
        public long flops(List<TensorType> in, Attrs attrs, TensorType out) {
            List<Integer> k = attrs.getInts("kernel");
            return out.numel() * k.get(0) * k.get(1);
        }

        @Override
        public void eval(List<Tensor> in, Attrs attrs, Tensor out) {
            double[] x = in.get(0).toArray();
            Window2d win = window(this, attrs);
            int windowSize = win.kernel(0) * win.kernel(1);
            forEachWindow(in.get(0).shape().dims(), out.shape().dim(2), out.shape().dim(3), win,
                    (o, from, rows, cols, rowStride) -> out.set(o, pool(x, from, rows, cols, rowStride, windowSize)));
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

        /** Reads x: {@code max_pool2d_grad(dy, x)} finds each window's maximum again. */
        @Override
        public List<Value> gradient(GradBuilder b, Node n, Value dOut) {
            return List.of(b.op(MAX_POOL2D_GRAD, n.attrs(), dOut, n.operand(0)));
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

        /** Reads nothing: {@code avg_pool2d_grad(dy)} knows the input's shape from its attributes. */
        @Override
        public List<Value> gradient(GradBuilder b, Node n, Value dOut) {
            return List.of(b.op(AVG_POOL2D_GRAD, n.attrs().with("shape", n.operand(0).type().shape().toList()), dOut));
        }
    }

    /**
     * {@code max_pool2d_grad(dy, x){kernel, stride, padding}}: each window's gradient goes to its largest
     * input element (the first in row-major order on ties, as PyTorch's indices); the result is x's type.
     */
    static final class MaxPool2dGrad extends OpKind {
        MaxPool2dGrad() {
            super("max_pool2d_grad", FusionPattern.OPAQUE);
        }

        @Override
        public int arity() {
            return 2;
        }

        @Override
        public List<AttrSpec> attrSpecs() {
            return WINDOW_SPECS;
        }

        @Override
        public TensorType infer(List<TensorType> in, Attrs attrs) {
            Checks.requireForwardResult(this, MAX_POOL2D, List.of(in.get(1)), attrs, in.get(0));
            return in.get(1);
        }

        /** One comparison per window element and one add per window. */
        @Override
        public long flops(List<TensorType> in, Attrs attrs, TensorType out) {
            List<Integer> k = attrs.getInts("kernel");
            return in.get(0).numel() * (k.get(0) * k.get(1) + 1);
        }

        @Override
        public void eval(List<Tensor> in, Attrs attrs, Tensor out) {
            Tensor dy = in.get(0);
            double[] x = in.get(1).toArray();
            double[] dx = new double[out.size()];
            forEachWindow(in.get(1).shape().dims(), dy.shape().dim(2), dy.shape().dim(3), window(this, attrs),
                    (o, from, rows, cols, rowStride) -> dx[firstMax(x, from, rows, cols, rowStride)] += dy.get(o));
            for (int i = 0; i < dx.length; i++) out.set(i, dx[i]);
        }
    }

    /**
     * {@code max_pool2d_indices(x){kernel, stride, padding}}: for each window of {@code max_pool2d(x)},
     * where its largest element lies, as the i32 flat index {@code h * w_x + w} within x's plane: the
     * element {@code max_pool2d_grad} routes the window's gradient to. The recompute pass stashes it
     * instead of x (Gist's encoding): i32 of the pooled shape, a quarter of x for 2x2 windows.
     */
    static final class MaxPool2dIndices extends OpKind {
        MaxPool2dIndices() {
            super("max_pool2d_indices", FusionPattern.OPAQUE);
        }

        @Override
        public int arity() {
            return 1;
        }

        @Override
        public List<AttrSpec> attrSpecs() {
            return WINDOW_SPECS;
        }

        @Override
        public TensorType infer(List<TensorType> in, Attrs attrs) {
            return TensorType.i32(pooled(this, in.get(0), attrs).shape().dims());
        }

        /** One comparison per window element. */
        @Override
        public long flops(List<TensorType> in, Attrs attrs, TensorType out) {
            List<Integer> k = attrs.getInts("kernel");
            return out.numel() * k.get(0) * k.get(1);
        }

        @Override
        public void eval(List<Tensor> in, Attrs attrs, Tensor out) {
            double[] x = in.get(0).toArray();
            int[] d = in.get(0).shape().dims();
            int plane = d[2] * d[3];
            forEachWindow(d, out.shape().dim(2), out.shape().dim(3), window(this, attrs),
                    (o, from, rows, cols, rowStride) -> out.set(o, firstMax(x, from, rows, cols, rowStride) % plane));
        }

        /** Positions are piecewise constant: no gradient. */
        @Override
        public List<Value> gradient(GradBuilder b, Node n, Value dOut) {
            return Collections.singletonList(null);
        }
    }

    /**
     * {@code max_pool2d_grad_indices(dy, idx){kernel, stride, padding, shape}}: each window's gradient
     * goes to the element of an input of the given shape that {@code idx} names (as
     * {@code max_pool2d_indices} gives them), summed where windows overlap; an index outside its window
     * passes nothing on. Equals {@code max_pool2d_grad(dy, x)} with {@code idx = max_pool2d_indices(x)}.
     */
    static final class MaxPool2dGradIndices extends OpKind {
        MaxPool2dGradIndices() {
            super("max_pool2d_grad_indices", FusionPattern.OPAQUE);
        }

        @Override
        public int arity() {
            return 2;
        }

        @Override
        public List<AttrSpec> attrSpecs() {
            return WINDOW_AND_SHAPE_SPECS;
        }

        @Override
        public TensorType infer(List<TensorType> in, Attrs attrs) {
            TensorType x = TensorType.f32(Checks.shape(this, attrs, "shape", 4).dims());
            TensorType dy = in.get(0);
            Checks.requireForwardResult(this, MAX_POOL2D, List.of(x), attrs, dy);
            if (!in.get(1).equals(TensorType.i32(dy.shape().dims()))) {
                throw fail(this, "indices " + in.get(1) + " must be i32 of the gradient's shape " + dy.shape());
            }
            return x;
        }

        /** One add per window. */
        @Override
        public long flops(List<TensorType> in, Attrs attrs, TensorType out) {
            return in.get(0).numel();
        }

        @Override
        public void eval(List<Tensor> in, Attrs attrs, Tensor out) {
            Tensor dy = in.get(0);
            Tensor idx = in.get(1);
            int w = out.shape().dim(3);
            int plane = out.shape().dim(2) * w;
            double[] dx = new double[out.size()];
            forEachWindow(out.shape().dims(), dy.shape().dim(2), dy.shape().dim(3), window(this, attrs),
                    (o, from, rows, cols, rowStride) -> {
                        int at = (int) idx.get(o);
                        int y = at / w - from % plane / w;
                        int x = at % w - from % w;
                        if (at >= 0 && y >= 0 && y < rows && x >= 0 && x < cols) dx[from + y * w + x] += dy.get(o);
                    });
            for (int i = 0; i < dx.length; i++) out.set(i, dx[i]);
        }
    }

    /**
     * {@code avg_pool2d_grad(dy){kernel, stride, padding, shape}}: each window's gradient, divided by the
     * full window size (padding counts, as in the forward op), goes to the window's in-bounds elements of
     * an input of the given shape.
     */
    static final class AvgPool2dGrad extends OpKind {
        AvgPool2dGrad() {
            super("avg_pool2d_grad", FusionPattern.OUT_ELEMWISE_FUSABLE);
        }

        @Override
        public int arity() {
            return 1;
        }

        @Override
        public List<AttrSpec> attrSpecs() {
            return WINDOW_AND_SHAPE_SPECS;
        }

        @Override
        public TensorType infer(List<TensorType> in, Attrs attrs) {
            TensorType x = TensorType.f32(Checks.shape(this, attrs, "shape", 4).dims());
            Checks.requireForwardResult(this, AVG_POOL2D, List.of(x), attrs, in.get(0));
            return x;
        }

        /** One add per window element. */
        @Override
        public long flops(List<TensorType> in, Attrs attrs, TensorType out) {
            List<Integer> k = attrs.getInts("kernel");
            return in.get(0).numel() * k.get(0) * k.get(1);
        }

        @Override
        public void eval(List<Tensor> in, Attrs attrs, Tensor out) {
            Tensor dy = in.get(0);
            Window2d win = window(this, attrs);
            double windowSize = win.kernel(0) * win.kernel(1);
            double[] dx = new double[out.size()];
            forEachWindow(out.shape().dims(), dy.shape().dim(2), dy.shape().dim(3), win, (o, from, rows, cols, rowStride) -> {
                double share = dy.get(o) / windowSize;
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < cols; c++) dx[from + r * rowStride + c] += share;
                }
            });
            for (int i = 0; i < dx.length; i++) out.set(i, dx[i]);
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

        /** Reads nothing: {@code dy / (h * w)} spread over each plane. */
        @Override
        public List<Value> gradient(GradBuilder b, Node n, Value dOut) {
            Shape x = n.operand(0).type().shape();
            Value scaled = b.op(BinaryOps.MUL, dOut, b.scalar(1.0 / (x.dim(2) * x.dim(3))));
            return List.of(b.broadcastTo(b.reshape(scaled, Shape.of(x.dim(0), x.dim(1), 1, 1)), x));
        }
    }

    public static final OpKind MAX_POOL2D = new MaxPool2d();
    public static final OpKind AVG_POOL2D = new AvgPool2d();
    public static final OpKind GLOBAL_AVG_POOL = new GlobalAvgPool();
    public static final OpKind MAX_POOL2D_GRAD = new MaxPool2dGrad();
    public static final OpKind AVG_POOL2D_GRAD = new AvgPool2dGrad();
    public static final OpKind MAX_POOL2D_INDICES = new MaxPool2dIndices();
    public static final OpKind MAX_POOL2D_GRAD_INDICES = new MaxPool2dGradIndices();

    public static final List<OpKind> ALL = List.of(MAX_POOL2D, AVG_POOL2D, GLOBAL_AVG_POOL, MAX_POOL2D_GRAD, AVG_POOL2D_GRAD,
            MAX_POOL2D_INDICES, MAX_POOL2D_GRAD_INDICES);

    private PoolOps() {}
}
