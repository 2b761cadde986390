package nnc.ir.ops;

import static nnc.ir.ops.Checks.fail;

import java.util.List;
import nnc.ir.AttrSpec;
import nnc.ir.AttrSpec.Kind;
import nnc.ir.Attrs;
import nnc.ir.FusionPattern;
import nnc.ir.OpKind;
import nnc.ir.Tensor;
import nnc.ir.TensorType;

/**
 * Normalizations {@code y = gamma * (x - mean) / sqrt(var + eps) + beta} with the biased variance,
 * differing in which elements share a mean: those of one channel (batch_norm) or of one row (layer_norm).
 */
public final class NormOps {
    /** Both norms take {@code (x, gamma, beta){eps}}, cost the same and are cheap to recompute. */
    abstract static class Norm extends OpKind {
        Norm(String name) {
            super(name, FusionPattern.OPAQUE);
        }

        /** The axis that gamma and beta run along; every other axis is normalized over. */
        abstract int featureAxis(TensorType x);

        abstract void checkInput(TensorType x);

        @Override
        public int arity() {
            return 3;
        }

        @Override
        public List<AttrSpec> attrSpecs() {
            return List.of(AttrSpec.optional("eps", Kind.FLOAT, 1e-5));
        }

        @Override
        public TensorType infer(List<TensorType> in, Attrs attrs) {
            TensorType x = in.get(0);
            checkInput(x);
            Checks.requireF32(this, "input", x);
            int features = x.shape().dim(featureAxis(x));
            for (int i = 1; i <= 2; i++) {
                TensorType p = in.get(i);
                if (!p.equals(TensorType.f32(features))) {
                    throw fail(this, (i == 1 ? "gamma" : "beta") + " must be f32[" + features + "] for input " + x + ", got " + p);
                }
            }
            Checks.nonNegative(this, attrs, "eps");
            return x;
        }

        /** Per element: one add for the mean, three for the variance, four to normalize, scale and shift. */
        @Override
        public long flops(List<TensorType> in, Attrs attrs, TensorType out) {
            return 8 * out.numel();
        }

        /** A few flops per element; like Echo, rebuild normalized outputs rather than stash them. */
        @Override
        public boolean cheapToRecompute() {
            return true;
        }
    }

    /** {@code batch_norm(x [n, c, ...], gamma [c], beta [c])}: batch statistics per channel (axis 1). */
    static final class BatchNorm extends Norm {
        BatchNorm() {
            super("batch_norm");
        }

        @Override
        int featureAxis(TensorType x) {
            return 1;
        }

        @Override
        void checkInput(TensorType x) {
            if (x.rank() < 2) throw fail(this, "input must be [n, c, ...], got " + x);
        }

        /** Views x as {@code [n, c, inner]} and normalizes each channel over its n*inner elements. */
        @Override
        public void eval(List<Tensor> in, Attrs attrs, Tensor out) {
            Tensor x = in.get(0);
            int[] d = x.shape().dims();
            int n = d[0];
            int c = d[1];
            int inner = Checks.product(d, 2, d.length);
            int count = n * inner;
            for (int ch = 0; ch < c; ch++) {
                double mean = 0;
                for (int b = 0; b < n; b++) {
                    for (int i = 0; i < inner; i++) mean += x.get((b * c + ch) * inner + i);
                }
                mean /= count;
                double var = 0;
                for (int b = 0; b < n; b++) {
                    for (int i = 0; i < inner; i++) var += square(x.get((b * c + ch) * inner + i) - mean);
                }
                var /= count;
                double scale = in.get(1).get(ch) / Math.sqrt(var + attrs.getFloat("eps"));
                double shift = in.get(2).get(ch);
                for (int b = 0; b < n; b++) {
                    for (int i = 0; i < inner; i++) {
                        int idx = (b * c + ch) * inner + i;
                        out.set(idx, (x.get(idx) - mean) * scale + shift);
                    }
                }
            }
        }
    }

    /** {@code layer_norm(x [..., d], gamma [d], beta [d])}: statistics per row of the last axis. */
    static final class LayerNorm extends Norm {
        LayerNorm() {
            super("layer_norm");
        }

        @Override
        int featureAxis(TensorType x) {
            return x.rank() - 1;
        }

        @Override
        void checkInput(TensorType x) {
            if (x.rank() < 1) throw fail(this, "input must have rank >= 1, got " + x);
        }

        @Override
        public void eval(List<Tensor> in, Attrs attrs, Tensor out) {
            Tensor x = in.get(0);
            Tensor gamma = in.get(1);
            Tensor beta = in.get(2);
            int d = x.shape().dim(-1);
            for (int row = 0; row * d < x.size(); row++) {
                double mean = 0;
                for (int j = 0; j < d; j++) mean += x.get(row * d + j);
                mean /= d;
                double var = 0;
                for (int j = 0; j < d; j++) var += square(x.get(row * d + j) - mean);
                var /= d;
                double rstd = 1 / Math.sqrt(var + attrs.getFloat("eps"));
                for (int j = 0; j < d; j++) {
                    out.set(row * d + j, gamma.get(j) * (x.get(row * d + j) - mean) * rstd + beta.get(j));
                }
            }
        }
    }

    private static double square(double v) {
        return v * v;
    }

    public static final OpKind BATCH_NORM = new BatchNorm();
    public static final OpKind LAYER_NORM = new LayerNorm();

    public static final List<OpKind> ALL = List.of(BATCH_NORM, LAYER_NORM);

    private NormOps() {}
}
