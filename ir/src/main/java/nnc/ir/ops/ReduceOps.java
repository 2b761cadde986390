package nnc.ir.ops;

import static nnc.ir.ops.Checks.fail;

import java.util.Arrays;
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

/**
 * Reductions over a set of axes: {@code x{axes, keepdims}}. {@code axes} is sorted, normalized, unique and
 * non-empty (the frontend resolves "all axes"); reduced axes are dropped, or kept with size 1 under
 * {@code keepdims}. Both dtypes are accepted; an i32 mean truncates toward zero, as i32 {@code div} does.
 */
public final class ReduceOps {
    /** A reduction defined by its fold: start from {@link #identity()}, {@link #combine} every element, {@link #finish}. */
    abstract static class Reduce extends OpKind {
        Reduce(String name) {
            super(name, FusionPattern.REDUCE);
        }

        abstract double identity();

        abstract double combine(double acc, double v);

        /** The result from the fold of {@code count} elements. */
        double finish(double acc, int count) {
            return acc;
        }

        @Override
        public int arity() {
            return 1;
        }

        @Override
        public List<AttrSpec> attrSpecs() {
            return List.of(AttrSpec.required("axes", Kind.INTS), AttrSpec.optional("keepdims", Kind.BOOL, false));
        }

        @Override
        public TensorType infer(List<TensorType> in, Attrs attrs) {
            TensorType x = in.get(0);
            int[] axes = attrs.getIntArray("axes");
            if (axes.length == 0) throw fail(this, "axes must not be empty");
            for (int i = 0; i < axes.length; i++) {
                if (axes[i] < 0 || axes[i] >= x.rank()) {
                    throw fail(this, "axis " + axes[i] + " is out of range for " + x + " (rank " + x.rank() + ")");
                }
                if (i > 0 && axes[i] <= axes[i - 1]) {
                    throw fail(this, "axes " + attrs.getInts("axes") + " must be sorted and unique");
                }
            }
            boolean[] reduced = reducedAxes(x.shape(), attrs);
            boolean keep = attrs.getBool("keepdims", false);
            int[] d = x.shape().dims();
            int[] kept = new int[d.length];
            int n = 0;
            for (int i = 0; i < d.length; i++) {
                if (!reduced[i]) kept[n++] = d[i];
                else if (keep) kept[n++] = 1;
            }
            return x.withShape(Shape.of(Arrays.copyOf(kept, n)));
        }

        /** One combine per input element. */
        @Override
        public long flops(List<TensorType> in, Attrs attrs, TensorType out) {
            return in.get(0).numel();
        }

        /** Walks x in order; each element lands in the result slot of its unreduced coordinates. */
        @Override
        public void eval(List<Tensor> in, Attrs attrs, Tensor out) {
            Tensor x = in.get(0);
            int[] d = x.shape().dims();
            boolean[] reduced = reducedAxes(x.shape(), attrs);
            int[] keptDims = d.clone();
            for (int i = 0; i < d.length; i++) if (reduced[i]) keptDims[i] = 1;
            int[] outStrides = Shape.of(keptDims).strides();
            for (int i = 0; i < d.length; i++) if (reduced[i]) outStrides[i] = 0;
            double[] acc = new double[out.size()];
            Arrays.fill(acc, identity());
            int[] idx = new int[d.length];
            for (int flat = 0; flat < x.size(); flat++) {
                int dst = 0;
                for (int i = 0; i < d.length; i++) dst += idx[i] * outStrides[i];
                acc[dst] = combine(acc[dst], x.get(flat));
                for (int i = d.length - 1; i >= 0 && ++idx[i] == d[i]; i--) idx[i] = 0;
            }
            int count = 1;
            for (int a : attrs.getIntArray("axes")) count *= d[a];
            for (int i = 0; i < acc.length; i++) out.put(i, finish(acc[i], count));
        }

        static boolean[] reducedAxes(Shape s, Attrs attrs) {
            boolean[] r = new boolean[s.rank()];
            for (int a : attrs.getIntArray("axes")) r[a] = true;
            return r;
        }

        /** The input's shape with every reduced axis kept as 1: the result's shape under keepdims. */
        static Shape keptShape(Node n) {
            Shape s = n.operand(0).type().shape();
            for (int a : n.attrs().getIntArray("axes")) s = s.withDim(a, 1);
            return s;
        }

        /** {@code v} (shaped like the result) spread back over the input's shape. */
        static Value spread(GradBuilder b, Node n, Value v) {
            return b.broadcastTo(b.reshape(v, keptShape(n)), n.operand(0).type().shape());
        }
    }

    static final class Sum extends Reduce {
        Sum() {
            super("reduce_sum");
        }

        @Override
        double identity() {
            return 0;
        }

        @Override
        double combine(double acc, double v) {
            return acc + v;
        }

        /** Reads nothing: every element gets its sum's gradient. */
        @Override
        public List<Value> gradient(GradBuilder b, Node n, Value dOut) {
            return List.of(spread(b, n, dOut));
        }
    }

    static final class Mean extends Reduce {
        Mean() {
            super("reduce_mean");
        }

        @Override
        double identity() {
            return 0;
        }

        @Override
        double combine(double acc, double v) {
            return acc + v;
        }

        @Override
        double finish(double acc, int count) {
            return acc / count;
        }

        /** The sum plus one divide per result. */
        @Override
        public long flops(List<TensorType> in, Attrs attrs, TensorType out) {
            return in.get(0).numel() + out.numel();
        }

        /** Reads nothing: the gradient divided by the count (before spreading, on the smaller tensor). */
        @Override
        public List<Value> gradient(GradBuilder b, Node n, Value dOut) {
            long count = 1;
            for (int a : n.attrs().getIntArray("axes")) count *= n.operand(0).type().shape().dim(a);
            return List.of(spread(b, n, b.op(BinaryOps.MUL, dOut, b.scalar(1.0 / count))));
        }
    }

    static final class Max extends Reduce {
        Max() {
            super("reduce_max");
        }

        @Override
        double identity() {
            return Double.NEGATIVE_INFINITY;
        }

        @Override
        double combine(double acc, double v) {
            return Math.max(acc, v);
        }

        /** Unlike a sum, a maximum of nothing has no value. */
        @Override
        public TensorType infer(List<TensorType> in, Attrs attrs) {
            TensorType out = super.infer(in, attrs);
            for (int a : attrs.getIntArray("axes")) {
                if (in.get(0).shape().dim(a) == 0) throw fail(this, "axis " + a + " of " + in.get(0) + " is empty");
            }
            return out;
        }

        /**
         * Reads x and y: the gradient goes to the elements equal to their maximum, through the mask
         * {@code ge(x, y)}. Every tied maximum gets the full gradient.
         */
        @Override
        public List<Value> gradient(GradBuilder b, Node n, Value dOut) {
            Shape kept = keptShape(n);
            Value mask = b.op(BinaryOps.GE, n.operand(0), b.reshape(n, kept));
            return List.of(b.op(BinaryOps.MUL, mask, b.reshape(dOut, kept)));
        }
    }

    public static final OpKind REDUCE_SUM = new Sum();
    public static final OpKind REDUCE_MEAN = new Mean();
    public static final OpKind REDUCE_MAX = new Max();

    public static final List<OpKind> ALL = List.of(REDUCE_SUM, REDUCE_MEAN, REDUCE_MAX);

    private ReduceOps() {}
}
