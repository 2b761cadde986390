package nnc.ir.ops;

import java.util.List;
import nnc.ir.AttrSpec;
import nnc.ir.AttrSpec.Kind;
import nnc.ir.Attrs;
import nnc.ir.FusionPattern;
import nnc.ir.OpKind;
import nnc.ir.Tensor;
import nnc.ir.TensorType;

/** {@code softmax} and {@code log_softmax} along one axis, computed stably by subtracting the maximum first. */
public final class SoftmaxOps {
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

        /** Views x as {@code [outer, len, inner]} and normalizes each of the outer*inner lines of len elements. */
        @Override
        public void eval(List<Tensor> in, Attrs attrs, Tensor out) {
            Tensor x = in.get(0);
            int[] d = x.shape().dims();
            int axis = attrs.getInt("axis");
            int len = d[axis];
            int inner = Checks.product(d, axis + 1, d.length);
            int outer = Checks.product(d, 0, axis);
            for (int o = 0; o < outer; o++) {
                for (int i = 0; i < inner; i++) {
                    int base = o * len * inner + i;
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < len; j++) max = Math.max(max, x.get(base + j * inner));
                    double sum = 0;
                    for (int j = 0; j < len; j++) sum += Math.exp(x.get(base + j * inner) - max);
                    double logSum = Math.log(sum);
                    for (int j = 0; j < len; j++) {
                        double shifted = x.get(base + j * inner) - max;
                        out.set(base + j * inner, log ? shifted - logSum : Math.exp(shifted) / sum);
                    }
                }
            }
        }
    }

    public static final OpKind SOFTMAX = new Softmax("softmax", false);
    public static final OpKind LOG_SOFTMAX = new Softmax("log_softmax", true);

    public static final List<OpKind> ALL = List.of(SOFTMAX, LOG_SOFTMAX);

    private SoftmaxOps() {}
}
