package nnc.ir.ops;

import static nnc.ir.ops.Checks.fail;

import java.util.List;
import nnc.ir.Attrs;
import nnc.ir.DType;
import nnc.ir.FusionPattern;
import nnc.ir.OpKind;
import nnc.ir.Tensor;
import nnc.ir.TensorType;

/** Losses: scalars that average over every example. */
public final class LossOps {
    /**
     * {@code cross_entropy(logits f32[n, c], labels i32[n]) -> f32[]}: the mean over the batch of
     * {@code logsumexp(logits[i]) - logits[i, labels[i]]} (PyTorch's {@code cross_entropy} on raw logits).
     */
    static final class CrossEntropy extends OpKind {
        CrossEntropy() {
            super("cross_entropy", FusionPattern.OPAQUE);
        }

        @Override
        public int arity() {
            return 2;
        }

        @Override
        public TensorType infer(List<TensorType> in, Attrs attrs) {
            TensorType logits = in.get(0);
            TensorType labels = in.get(1);
            Checks.requireRank(this, "logits", logits, 2);
            Checks.requireF32(this, "logits", logits);
            if (labels.dtype() != DType.I32 || labels.rank() != 1 || labels.shape().dim(0) != logits.shape().dim(0)) {
                throw fail(this, "labels must be i32[" + logits.shape().dim(0) + "] for logits " + logits + ", got " + labels);
            }
            return TensorType.f32();
        }

        /** A stable logsumexp per row (5 per logit) plus a pick and an add per example. */
        @Override
        public long flops(List<TensorType> in, Attrs attrs, TensorType out) {
            return 5 * in.get(0).numel() + 2L * in.get(1).numel();
        }

        @Override
        public void eval(List<Tensor> in, Attrs attrs, Tensor out) {
            Tensor logits = in.get(0);
            Tensor labels = in.get(1);
            int n = logits.shape().dim(0);
            int c = logits.shape().dim(1);
            double total = 0;
            for (int i = 0; i < n; i++) {
                int label = (int) labels.get(i);
                if (label < 0 || label >= c) {
                    throw new IllegalArgumentException("cross_entropy: label " + label + " is out of range for " + c + " classes");
                }
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < c; j++) max = Math.max(max, logits.get(i * c + j));
                double sum = 0;
                for (int j = 0; j < c; j++) sum += Math.exp(logits.get(i * c + j) - max);
                total += max + Math.log(sum) - logits.get(i * c + label);
            }
            out.set(0, total / n);
        }
    }

    /** {@code mse(a, b) -> f32[]}: the mean of {@code (a - b)^2} over all elements of two same-shaped f32 tensors. */
    static final class Mse extends OpKind {
        Mse() {
            super("mse", FusionPattern.REDUCE);
        }

        @Override
        public int arity() {
            return 2;
        }

        @Override
        public TensorType infer(List<TensorType> in, Attrs attrs) {
            TensorType a = in.get(0);
            TensorType b = in.get(1);
            Checks.requireF32(this, "first operand", a);
            if (!a.equals(b)) throw fail(this, "operands must have the same type, got " + a + " and " + b);
            return TensorType.f32();
        }

        /** A subtract, a multiply and an add per element, and the final divide. */
        @Override
        public long flops(List<TensorType> in, Attrs attrs, TensorType out) {
            return 3 * in.get(0).numel() + 1;
        }

        @Override
        public void eval(List<Tensor> in, Attrs attrs, Tensor out) {
            Tensor a = in.get(0);
            Tensor b = in.get(1);
            double sum = 0;
            for (int i = 0; i < a.size(); i++) {
                double d = a.get(i) - b.get(i);
                sum += d * d;
            }
            out.set(0, sum / a.size());
        }
    }

    public static final OpKind CROSS_ENTROPY = new CrossEntropy();
    public static final OpKind MSE = new Mse();

    public static final List<OpKind> ALL = List.of(CROSS_ENTROPY, MSE);

    private LossOps() {}
}
