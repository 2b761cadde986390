package nnc.ir.ops;

import java.util.List;
import nnc.ir.AttrSpec;
import nnc.ir.AttrSpec.Kind;
import nnc.ir.Attrs;
import nnc.ir.FusionPattern;
import nnc.ir.GradBuilder;
import nnc.ir.Node;
import nnc.ir.OpKind;
import nnc.ir.Tensor;
import nnc.ir.TensorType;
import nnc.ir.Value;

/**
 * {@code softmax} and {@code log_softmax} along one axis, computed stably by subtracting the maximum first,
 * and their gradients, which read only the output.
 */
public final class SoftmaxOps {
    /** Receives one line along the axis: its first flat index and the stride between its elements. */
    @FunctionalInterface
    private interface LineVisitor {
        void visit(int base, int len, int stride);
    }

    /** Views a tensor of {@code dims} as {@code [outer, len, inner]} and walks its outer*inner lines of len elements. */
    private static void forEachLine(int[] dims, int axis, LineVisitor visitor) {
        int len = dims[axis];
        int inner = Checks.product(dims, axis + 1, dims.length);
        int outer = Checks.product(dims, 0, axis);
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) visitor.visit(o * len * inner + i, len, inner);
        }
    }

    /** {@code x{axis}}: the axis is required and normalized, since the DSL default (-1) depends on the rank. */
    static final class Softmax extends OpKind {
        private final boolean log;

        Softmax(String name, boolean log) {
            super(name, FusionPattern.OPAQUE);
            this.log = log;
        }

        @Override
        public int arity() {
            return 1;
        }

        @Override
        public List<AttrSpec> attrSpecs() {
            return List.of(AttrSpec.required("axis", Kind.INT));
        }

        @Override
        public TensorType infer(List<TensorType> in, Attrs attrs) {
            TensorType x = in.get(0);
            Checks.requireF32(this, "input", x);
            Checks.axis(this, attrs, "axis", x);
            return x;
        }

        /** Per element: max, subtract, exp, sum, and a divide (softmax) or subtract (log_softmax). */
        @Override
        public long flops(List<TensorType> in, Attrs attrs, TensorType out) {
            return 5 * out.numel();
        }

        @Override
        public boolean cheapToRecompute() {
            return true;
        }

        /** Normalizes each line along the axis. */
        /** Each line is read in full (its max and sum) before its elements are written, each read just before. */
        @Override
        public int inPlaceOperand() {
            return 0;
        }

        @Override
        public void eval(List<Tensor> in, Attrs attrs, Tensor out) {
            Tensor x = in.get(0);
            forEachLine(x.shape().dims(), attrs.getInt("axis"), (base, len, stride) -> {
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < len; j++) max = Math.max(max, x.get(base + j * stride));
                double sum = 0;
                for (int j = 0; j < len; j++) sum += Math.exp(x.get(base + j * stride) - max);
                double logSum = Math.log(sum);
                for (int j = 0; j < len; j++) {
                    double shifted = x.get(base + j * stride) - max;
                    out.set(base + j * stride, log ? shifted - logSum : Math.exp(shifted) / sum);
                }
            });
        }

        /** Reads y only: {@code NAME_grad(dy, y){axis}}. */
        @Override
        public List<Value> gradient(GradBuilder b, Node n, Value dOut) {
            return List.of(b.op(log ? LOG_SOFTMAX_GRAD : SOFTMAX_GRAD, n.attrs(), dOut, n));
        }
    }

    /**
     * {@code softmax_grad(dy, y){axis} = y * (dy - sum(dy * y))} and
     * {@code log_softmax_grad(dy, y){axis} = dy - exp(y) * sum(dy)}, sums along the axis.
     */
    static final class SoftmaxGrad extends OpKind {
        private final boolean log;

        SoftmaxGrad(String name, boolean log) {
            super(name, FusionPattern.OPAQUE);
            this.log = log;
        }

        @Override
        public int arity() {
            return 2;
        }

        @Override
        public List<AttrSpec> attrSpecs() {
            return List.of(AttrSpec.required("axis", Kind.INT));
        }

        @Override
        public TensorType infer(List<TensorType> in, Attrs attrs) {
            TensorType dy = in.get(0);
            Checks.requireF32(this, "gradient", dy);
            if (!dy.equals(in.get(1))) throw Checks.fail(this, "gradient " + dy + " and output " + in.get(1) + " must have one type");
            Checks.axis(this, attrs, "axis", dy);
            return dy;
        }

        /** A sum along the axis (2 per element) and the combination (2 or 3 per element). */
        @Override
        public long flops(List<TensorType> in, Attrs attrs, TensorType out) {
            return 5 * out.numel();
        }

        /** Each line is read in full (its sum) before its elements are written, each read just before. */
        @Override
        public int inPlaceOperand() {
            return 0;
        }

        @Override
        public void eval(List<Tensor> in, Attrs attrs, Tensor out) {
            Tensor dy = in.get(0);
            Tensor y = in.get(1);
            forEachLine(dy.shape().dims(), attrs.getInt("axis"), (base, len, stride) -> {
                double sum = 0;
                for (int j = 0; j < len; j++) {
                    int k = base + j * stride;
                    sum += log ? dy.get(k) : dy.get(k) * y.get(k);
                }
                for (int j = 0; j < len; j++) {
                    int k = base + j * stride;
                    out.set(k, log ? dy.get(k) - Math.exp(y.get(k)) * sum : y.get(k) * (dy.get(k) - sum));
                }
            });
        }
    }

    public static final OpKind SOFTMAX = new Softmax("softmax", false);
    public static final OpKind LOG_SOFTMAX = new Softmax("log_softmax", true);
    public static final OpKind SOFTMAX_GRAD = new SoftmaxGrad("softmax_grad", false);
    public static final OpKind LOG_SOFTMAX_GRAD = new SoftmaxGrad("log_softmax_grad", true);

    public static final List<OpKind> ALL = List.of(SOFTMAX, LOG_SOFTMAX, SOFTMAX_GRAD, LOG_SOFTMAX_GRAD);

    private SoftmaxOps() {}
}
