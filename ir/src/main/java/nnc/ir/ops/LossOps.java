package nnc.ir.ops;

import static nnc.ir.ops.Checks.fail;

import java.util.Arrays;
import java.util.List;
import nnc.ir.Attrs;
import nnc.ir.DType;
import nnc.ir.FusionPattern;
import nnc.ir.GradBuilder;
import nnc.ir.Node;
import nnc.ir.OpKind;
import nnc.ir.Tensor;
import nnc.ir.TensorType;
import nnc.ir.Value;

/** Losses: scalars that average over every example; and the gradient of cross_entropy. */
public final class LossOps {
    /** Throws unless logits are f32[n, c] and labels i32[n]. */
    private static void checkLogitsAndLabels(OpKind op, TensorType logits, TensorType labels) {
        Checks.requireRank(op, "logits", logits, 2);
        Checks.requireF32(op, "logits", logits);
        if (labels.dtype() != DType.I32 || labels.rank() != 1 || labels.shape().dim(0) != logits.shape().dim(0)) {
            throw fail(op, "labels must be i32[" + logits.shape().dim(0) + "] for logits " + logits + ", got " + labels);
        }
    }

    /** Label {@code i} as a class index, checked against {@code c} classes. */
    private static int label(OpKind op, Tensor labels, int i, int c) {
        int label = (int) labels.get(i);
        if (label < 0 || label >= c) {
            throw new IllegalArgumentException(op.name() + ": label " + label + " is out of range for " + c + " classes");
        }
        return label;
    }

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
            checkLogitsAndLabels(this, in.get(0), in.get(1));
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
                int label = label(this, labels, i, c);
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < c; j++) max = Math.max(max, logits.get(i * c + j));
                double sum = 0;
                for (int j = 0; j < c; j++) sum += Math.exp(logits.get(i * c + j) - max);
                total += max + Math.log(sum) - logits.get(i * c + label);
            }
            out.set(0, total / n);
        }

        /** Reads logits and labels: {@code cross_entropy_grad(dy, logits, labels)}; labels get none. */
        @Override
        public List<Value> gradient(GradBuilder b, Node n, Value dOut) {
            return Arrays.asList(b.op(CROSS_ENTROPY_GRAD, dOut, n.operand(0), n.operand(1)), null);
        }
    }

    /**
     * {@code cross_entropy_grad(dy f32[], logits f32[n, c], labels i32[n]) -> f32[n, c]}: the gradient of
     * cross_entropy with respect to the logits, {@code dy * (softmax(logits[i]) - onehot(labels[i])) / n}.
     */
    static final class CrossEntropyGrad extends OpKind {
        CrossEntropyGrad() {
            super("cross_entropy_grad", FusionPattern.OPAQUE);
        }

        /** The logits: each row is read in full (its max and sum) before its elements are written, each read just before. */
        @Override
        public int inPlaceOperand() {
            return 1;
        }

        @Override
        public int arity() {
            return 3;
        }

        @Override
        public TensorType infer(List<TensorType> in, Attrs attrs) {
            if (!in.get(0).equals(TensorType.f32())) throw fail(this, "gradient must be f32[], got " + in.get(0));
            checkLogitsAndLabels(this, in.get(1), in.get(2));
            return in.get(1);
        }

        /** A stable softmax per row (5 per logit) and a scale. */
        @Override
        public long flops(List<TensorType> in, Attrs attrs, TensorType out) {
            return 6 * out.numel();
        }

        @Override
        public void eval(List<Tensor> in, Attrs attrs, Tensor out) {
            double dy = in.get(0).get(0);
            Tensor logits = in.get(1);
            Tensor labels = in.get(2);
            int n = logits.shape().dim(0);
            int c = logits.shape().dim(1);
            for (int i = 0; i < n; i++) {
                int label = label(this, labels, i, c);
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < c; j++) max = Math.max(max, logits.get(i * c + j));
                double sum = 0;
                for (int j = 0; j < c; j++) sum += Math.exp(logits.get(i * c + j) - max);
                for (int j = 0; j < c; j++) {
                    double p = Math.exp(logits.get(i * c + j) - max) / sum;
                    out.set(i * c + j, dy * (p - (j == label ? 1 : 0)) / n);
                }
            }
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

        /** Reads a and b: {@code da = (a - b) * (2 dy / N)}, {@code db = -da}. */
        @Override
        public List<Value> gradient(GradBuilder b, Node n, Value dOut) {
            Value scale = b.op(BinaryOps.MUL, dOut, b.scalar(2.0 / n.operand(0).type().numel()));
            Value da = b.op(BinaryOps.MUL, b.op(BinaryOps.SUB, n.operand(0), n.operand(1)), scale);
            return List.of(da, b.op(UnaryOps.NEG, da));
        }
    }

    public static final OpKind CROSS_ENTROPY = new CrossEntropy();
    public static final OpKind MSE = new Mse();
    public static final OpKind CROSS_ENTROPY_GRAD = new CrossEntropyGrad();

    public static final List<OpKind> ALL = List.of(CROSS_ENTROPY, MSE, CROSS_ENTROPY_GRAD);

    private LossOps() {}
}
