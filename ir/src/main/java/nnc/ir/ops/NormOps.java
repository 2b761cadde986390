package nnc.ir.ops;

import static nnc.ir.ops.Checks.fail;

import java.util.ArrayList;
import java.util.List;
import nnc.ir.AttrSpec;
import nnc.ir.AttrSpec.Kind;
import nnc.ir.Attrs;
import nnc.ir.FusionPattern;
import nnc.ir.GradBuilder;
import nnc.ir.Node;
import nnc.ir.OpKind;
import nnc.ir.Tensor;
import nnc.ir.Shape;
import nnc.ir.ShapeException;
import nnc.ir.TensorType;
import nnc.ir.Value;

/**
 * Normalizations {@code y = gamma * (x - mean) / sqrt(var + eps) + beta} with the biased variance,
 * differing in which elements share a mean: those of one channel (batch_norm) or of one row (layer_norm).
 * Each has two gradient ops, for x and for gamma; beta's gradient is a plain {@code reduce_sum}.
 */
public final class NormOps {
    /**
     * Where element {@code i} of a row-major x sits: its feature (the index into gamma and beta) and its
     * group (the elements that share a mean and variance). Every group has {@code groupSize} elements.
     */
    record Layout(int inner, int features, boolean groupsAreFeatures, int groups, int groupSize) {
        int feature(int i) {
            return i / inner % features;
        }

        int group(int i) {
            return groupsAreFeatures ? feature(i) : i / features;
        }
    }

    /** Per-group mean and 1/sqrt(var + eps) of x, the biased variance as in the forward ops. */
    record Stats(double[] mean, double[] rstd) {
        static Stats of(Tensor x, Layout l, double eps) {
            double[] mean = new double[l.groups()];
            double[] var = new double[l.groups()];
            for (int i = 0; i < x.size(); i++) mean[l.group(i)] += x.get(i);
            for (int g = 0; g < mean.length; g++) mean[g] /= l.groupSize();
            for (int i = 0; i < x.size(); i++) var[l.group(i)] += square(x.get(i) - mean[l.group(i)]);
            double[] rstd = new double[l.groups()];
            for (int g = 0; g < rstd.length; g++) rstd[g] = 1 / Math.sqrt(var[g] / l.groupSize() + eps);
            return new Stats(mean, rstd);
        }

        double normalized(Tensor x, Layout l, int i) {
            return (x.get(i) - mean[l.group(i)]) * rstd[l.group(i)];
        }
    }

    /** Both norms take {@code (x, gamma, beta){eps}}, cost the same and are cheap to recompute. */
    abstract static class Norm extends OpKind {
        Norm(String name) {
            super(name, FusionPattern.OPAQUE);
        }

        /** The axis that gamma and beta run along; every other axis is normalized over. */
        abstract int featureAxis(TensorType x);

        abstract Layout layout(Shape x);

        /** The op giving the gradient of x; the gradient of gamma is {@link #gammaGrad()}'s. */
        abstract OpKind inputGrad();

        abstract OpKind gammaGrad();

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

        /**
         * Reads x and gamma: {@code dx = NAME_grad_input(dy, x, gamma)} and {@code dgamma = NAME_grad_gamma(dy, x)}
         * recompute the statistics rather than stash them; {@code dbeta} sums dy over all but the feature axis.
         */
        @Override
        public List<Value> gradient(GradBuilder b, Node n, Value dOut) {
            Value x = n.operand(0);
            Value dx = b.op(inputGrad(), n.attrs(), dOut, x, n.operand(1));
            Value dgamma = b.op(gammaGrad(), n.attrs(), dOut, x);
            List<Integer> axes = new ArrayList<>();
            for (int i = 0; i < x.type().rank(); i++) if (i != featureAxis(x.type())) axes.add(i);
            Value dbeta = axes.isEmpty() ? dOut : b.op(ReduceOps.REDUCE_SUM, Attrs.of("axes", axes, "keepdims", false), dOut);
            return List.of(dx, dgamma, dbeta);
        }
    }

    /** A norm's gradient op: {@code eps} as the forward op, and x's layout from the forward op. */
    abstract static class NormGrad extends OpKind {
        final Norm forward;

        NormGrad(String name, FusionPattern pattern, Norm forward) {
            super(name, pattern);
            this.forward = forward;
        }

        @Override
        public List<AttrSpec> attrSpecs() {
            return forward.attrSpecs();
        }

        /** Checks that gradient and input have one type that the forward op accepts; returns gamma's type. */
        TensorType checkGradientAndInput(TensorType dy, TensorType x, Attrs attrs) {
            try {
                forward.checkInput(x);
            } catch (ShapeException e) {
                throw fail(this, e.getMessage());
            }
            TensorType params = TensorType.f32(x.shape().dim(forward.featureAxis(x)));
            Checks.requireForwardResult(this, forward, List.of(x, params, params), attrs, dy);
            return params;
        }
    }

    /**
     * {@code NAME_grad_input(dy, x, gamma){eps}}: the gradient with respect to x,
     * {@code rstd * (g - mean(g) - xhat * mean(g * xhat))} with {@code g = dy * gamma} and means per group.
     */
    static final class InputGrad extends NormGrad {
        InputGrad(Norm forward) {
            super(forward.name() + "_grad_input", FusionPattern.OPAQUE, forward);
        }

        @Override
        public int arity() {
            return 3;
        }

        @Override
        public TensorType infer(List<TensorType> in, Attrs attrs) {
            TensorType expected = checkGradientAndInput(in.get(0), in.get(1), attrs);
            TensorType gamma = in.get(2);
            if (!gamma.equals(expected)) throw fail(this, "gamma must be " + expected + " for input " + in.get(1) + ", got " + gamma);
            return in.get(1);
        }

        /** Statistics again (4 per element), two group means (4) and the combination (4). */
        @Override
        public long flops(List<TensorType> in, Attrs attrs, TensorType out) {
            return 12 * out.numel();
        }

        @Override
        public void eval(List<Tensor> in, Attrs attrs, Tensor out) {
            Tensor dy = in.get(0);
            Tensor x = in.get(1);
            Tensor gamma = in.get(2);
            Layout l = forward.layout(x.shape());
            Stats st = Stats.of(x, l, attrs.getFloat("eps"));
            double[] meanG = new double[l.groups()];
            double[] meanGx = new double[l.groups()];
            for (int i = 0; i < x.size(); i++) {
                double g = dy.get(i) * gamma.get(l.feature(i));
                meanG[l.group(i)] += g / l.groupSize();
                meanGx[l.group(i)] += g * st.normalized(x, l, i) / l.groupSize();
            }
            for (int i = 0; i < x.size(); i++) {
                int grp = l.group(i);
                double g = dy.get(i) * gamma.get(l.feature(i));
                out.set(i, st.rstd()[grp] * (g - meanG[grp] - st.normalized(x, l, i) * meanGx[grp]));
            }
        }
    }

    /** {@code NAME_grad_gamma(dy, x){eps}}: the gradient with respect to gamma, {@code sum(dy * xhat)} per feature. */
    static final class GammaGrad extends NormGrad {
        GammaGrad(Norm forward) {
            super(forward.name() + "_grad_gamma", FusionPattern.REDUCE, forward);
        }

        @Override
        public int arity() {
            return 2;
        }

        @Override
        public TensorType infer(List<TensorType> in, Attrs attrs) {
            return checkGradientAndInput(in.get(0), in.get(1), attrs);
        }

        /** Statistics again (4 per element), then a multiply and an add. */
        @Override
        public long flops(List<TensorType> in, Attrs attrs, TensorType out) {
            return 6 * in.get(1).numel();
        }

        @Override
        public void eval(List<Tensor> in, Attrs attrs, Tensor out) {
            Tensor dy = in.get(0);
            Tensor x = in.get(1);
            Layout l = forward.layout(x.shape());
            Stats st = Stats.of(x, l, attrs.getFloat("eps"));
            double[] sums = new double[out.size()];
            for (int i = 0; i < x.size(); i++) sums[l.feature(i)] += dy.get(i) * st.normalized(x, l, i);
            for (int f = 0; f < sums.length; f++) out.set(f, sums[f]);
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

        /** {@code [n, c, inner]}: one group per channel. */
        @Override
        Layout layout(Shape x) {
            int[] d = x.dims();
            int inner = Checks.product(d, 2, d.length);
            return new Layout(inner, d[1], true, d[1], d[0] * inner);
        }

        @Override
        OpKind inputGrad() {
            return BATCH_NORM_GRAD_INPUT;
        }

        @Override
        OpKind gammaGrad() {
            return BATCH_NORM_GRAD_GAMMA;
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

        /** {@code [rows, d]}: one group per row. */
        @Override
        Layout layout(Shape x) {
            int d = x.dim(-1);
            return new Layout(1, d, false, Math.toIntExact(x.numel() / Math.max(d, 1)), d);
        }

        @Override
        OpKind inputGrad() {
            return LAYER_NORM_GRAD_INPUT;
        }

        @Override
        OpKind gammaGrad() {
            return LAYER_NORM_GRAD_GAMMA;
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

    private static final Norm BATCH = new BatchNorm();
    private static final Norm LAYER = new LayerNorm();

    public static final OpKind BATCH_NORM = BATCH;
    public static final OpKind LAYER_NORM = LAYER;
    public static final OpKind BATCH_NORM_GRAD_INPUT = new InputGrad(BATCH);
    public static final OpKind BATCH_NORM_GRAD_GAMMA = new GammaGrad(BATCH);
    public static final OpKind LAYER_NORM_GRAD_INPUT = new InputGrad(LAYER);
    public static final OpKind LAYER_NORM_GRAD_GAMMA = new GammaGrad(LAYER);

    public static final List<OpKind> ALL = List.of(BATCH_NORM, LAYER_NORM, BATCH_NORM_GRAD_INPUT, BATCH_NORM_GRAD_GAMMA,
            LAYER_NORM_GRAD_INPUT, LAYER_NORM_GRAD_GAMMA);

    private NormOps() {}
}
