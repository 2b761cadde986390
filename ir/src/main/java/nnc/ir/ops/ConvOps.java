package nnc.ir.ops;

import static nnc.ir.ops.Checks.fail;

import java.util.ArrayList;
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

/** 2-D convolution in NCHW layout (PyTorch's {@code conv2d} without bias) and its two gradients. */
public final class ConvOps {
    /** The window attributes every conv op shares. */
    private static final List<AttrSpec> WINDOW_SPECS = List.of(AttrSpec.optional("dilation", Kind.INTS, List.of(1, 1)),
            AttrSpec.optional("groups", Kind.INT, 1),
            AttrSpec.optional("padding", Kind.INTS, List.of(0, 0)),
            AttrSpec.optional("stride", Kind.INTS, List.of(1, 1)));

    /**
     * {@code conv2d(x [n, c, h, w], w [o, c/groups, kh, kw]){stride, padding, dilation, groups}}. Input
     * channels and output channels split into {@code groups} equal groups, group g of the output seeing
     * only group g of the input; {@code groups == c} is a depthwise convolution.
     */
    static final class Conv2d extends OpKind {
        Conv2d() {
            super("conv2d", FusionPattern.OUT_ELEMWISE_FUSABLE);
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
            TensorType x = in.get(0);
            TensorType w = in.get(1);
            Checks.requireRank(this, "input", x, 4);
            Checks.requireRank(this, "weight", w, 4);
            Checks.requireF32(this, "input", x);
            Checks.requireF32(this, "weight", w);
            int groups = attrs.getInt("groups");
            if (groups < 1) throw fail(this, "groups must be at least 1, got " + groups);
            int[] xd = x.shape().dims();
            int[] wd = w.shape().dims();
            if (xd[1] != wd[1] * groups) {
                throw fail(this, "input has " + xd[1] + " channels but weight " + w + " expects " + wd[1] * groups
                        + " (groups=" + groups + ")");
            }
            if (wd[0] % groups != 0) {
                throw fail(this, "weight " + w + " has " + wd[0] + " output channels, not divisible by groups=" + groups);
            }
            Window2d win = Window2d.of(this, attrs, new int[] {wd[2], wd[3]});
            int ho = win.out(0, xd[2]);
            int wo = win.out(1, xd[3]);
            if (ho < 1 || wo < 1) throw fail(this, "output of input " + x + " with " + win + " would be empty");
            return x.withShape(Shape.of(xd[0], wd[0], ho, wo));
        }

        /** 2*N*O*Ho*Wo*(C/groups)*kh*kw: one multiply and one add per weight tap per output. */
        @Override
        public long flops(List<TensorType> in, Attrs attrs, TensorType out) {
            Shape w = in.get(1).shape();
            return 2 * out.numel() * w.dim(1) * w.dim(2) * w.dim(3);
        }

        @Override
        public void eval(List<Tensor> in, Attrs attrs, Tensor out) {
            int[] xd = in.get(0).shape().dims();
            int[] wd = in.get(1).shape().dims();
            double[] x = in.get(0).toArray();
            double[] w = in.get(1).toArray();
            Window2d win = Window2d.of(this, attrs, new int[] {wd[2], wd[3]});
            int c = xd[1];
            int h = xd[2];
            int wi = xd[3];
            int o = wd[0];
            int cg = wd[1];
            int og = o / attrs.getInt("groups");
            int ho = out.shape().dim(2);
            int wo = out.shape().dim(3);
            double[] acc = new double[ho * wo];
            for (int n = 0; n < xd[0]; n++) {
                for (int oc = 0; oc < o; oc++) {
                    Arrays.fill(acc, 0);
                    int firstInput = oc / og * cg;
                    for (int ci = 0; ci < cg; ci++) {
                        int xPlane = (n * c + firstInput + ci) * h * wi;
                        for (int ky = 0; ky < wd[2]; ky++) {
                            for (int kx = 0; kx < wd[3]; kx++) {
                                double wv = w[((oc * cg + ci) * wd[2] + ky) * wd[3] + kx];
                                for (int oy = 0; oy < ho; oy++) {
                                    int iy = win.source(0, oy, ky);
                                    if (iy < 0 || iy >= h) continue;
                                    int xRow = xPlane + iy * wi;
                                    for (int ox = 0; ox < wo; ox++) {
                                        int ix = win.source(1, ox, kx);
                                        if (ix >= 0 && ix < wi) acc[oy * wo + ox] += wv * x[xRow + ix];
                                    }
                                }
                            }
                        }
                    }
                    int base = (n * o + oc) * ho * wo;
                    for (int i = 0; i < acc.length; i++) out.set(base + i, acc[i]);
                }
            }
        }

        /** {@code dx = conv2d_grad_input(dy, w)} reads the weight; {@code dw = conv2d_grad_weight(x, dy)} reads the input. */
        @Override
        public List<Value> gradient(GradBuilder b, Node n, Value dOut) {
            Value x = n.operand(0);
            Value w = n.operand(1);
            Shape ws = w.type().shape();
            Value dx = b.op(CONV2D_GRAD_INPUT, n.attrs().with("shape", x.type().shape().toList()), dOut, w);
            Value dw = b.op(CONV2D_GRAD_WEIGHT, n.attrs().with("kernel", List.of(ws.dim(2), ws.dim(3))), x, dOut);
            return List.of(dx, dw);
        }
    }

    /** Receives each multiply-add of a convolution as flat indices into x, w and y. */
    @FunctionalInterface
    private interface Tap {
        void visit(int x, int w, int y);
    }

    /**
     * Walks every multiply-add of the convolution of {@code x [n, c, h, w]} by {@code w [o, c/groups, kh, kw]}
     * into {@code y [n, o, ho, wo]}, skipping taps that fall into the padding.
     */
    private static void forEachTap(int[] xd, int[] wd, int[] yd, Window2d win, int groups, Tap tap) {
        int cg = wd[1];
        int og = wd[0] / groups;
        for (int n = 0; n < xd[0]; n++) {
            for (int oc = 0; oc < wd[0]; oc++) {
                int firstInput = oc / og * cg;
                for (int ci = 0; ci < cg; ci++) {
                    int xPlane = (n * xd[1] + firstInput + ci) * xd[2] * xd[3];
                    for (int ky = 0; ky < wd[2]; ky++) {
                        for (int kx = 0; kx < wd[3]; kx++) {
                            int wi = ((oc * cg + ci) * wd[2] + ky) * wd[3] + kx;
                            for (int oy = 0; oy < yd[2]; oy++) {
                                int iy = win.source(0, oy, ky);
                                if (iy < 0 || iy >= xd[2]) continue;
                                int yRow = ((n * wd[0] + oc) * yd[2] + oy) * yd[3];
                                for (int ox = 0; ox < yd[3]; ox++) {
                                    int ix = win.source(1, ox, kx);
                                    if (ix >= 0 && ix < xd[3]) tap.visit(xPlane + iy * xd[3] + ix, wi, yRow + ox);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * {@code conv2d_grad_input(dy [n, o, ho, wo], w){stride, padding, dilation, groups, shape}}: the gradient
     * of a conv2d with respect to its input, whose shape ({@code [n, c, h, w]}) is given since a strided
     * convolution loses it. A transposed convolution; reads only the weight.
     */
    static final class Conv2dGradInput extends OpKind {
        Conv2dGradInput() {
            super("conv2d_grad_input", FusionPattern.OUT_ELEMWISE_FUSABLE);
        }

        @Override
        public int arity() {
            return 2;
        }

        @Override
        public List<AttrSpec> attrSpecs() {
            List<AttrSpec> specs = new ArrayList<>(WINDOW_SPECS);
            specs.add(3, AttrSpec.required("shape", Kind.INTS));
            return specs;
        }

        @Override
        public TensorType infer(List<TensorType> in, Attrs attrs) {
            TensorType x = TensorType.f32(Checks.shape(this, attrs, "shape", 4).dims());
            Checks.requireForwardResult(this, CONV2D, List.of(x, in.get(1)), attrs, in.get(0));
            return x;
        }

        /** As many multiply-adds as the forward convolution. */
        @Override
        public long flops(List<TensorType> in, Attrs attrs, TensorType out) {
            Shape w = in.get(1).shape();
            return 2 * in.get(0).numel() * w.dim(1) * w.dim(2) * w.dim(3);
        }

        @Override
        public void eval(List<Tensor> in, Attrs attrs, Tensor out) {
            double[] dy = in.get(0).toArray();
            double[] w = in.get(1).toArray();
            int[] wd = in.get(1).shape().dims();
            double[] dx = new double[out.size()];
            forEachTap(out.shape().dims(), wd, in.get(0).shape().dims(), Window2d.of(this, attrs, new int[] {wd[2], wd[3]}),
                    attrs.getInt("groups"), (xi, wi, yi) -> dx[xi] += w[wi] * dy[yi]);
            for (int i = 0; i < dx.length; i++) out.set(i, dx[i]);
        }
    }

    /**
     * {@code conv2d_grad_weight(x [n, c, h, w], dy [n, o, ho, wo]){stride, padding, dilation, groups, kernel}}:
     * the gradient of a conv2d with respect to its weight {@code [o, c/groups, kh, kw]}; reads the input.
     */
    static final class Conv2dGradWeight extends OpKind {
        Conv2dGradWeight() {
            super("conv2d_grad_weight", FusionPattern.OUT_ELEMWISE_FUSABLE);
        }

        @Override
        public int arity() {
            return 2;
        }

        @Override
        public List<AttrSpec> attrSpecs() {
            List<AttrSpec> specs = new ArrayList<>(WINDOW_SPECS);
            specs.add(2, AttrSpec.required("kernel", Kind.INTS));
            return specs;
        }

        @Override
        public TensorType infer(List<TensorType> in, Attrs attrs) {
            TensorType x = in.get(0);
            TensorType dy = in.get(1);
            Checks.requireRank(this, "input", x, 4);
            Checks.requireRank(this, "gradient", dy, 4);
            int[] k = Checks.pair(this, attrs, "kernel", 1);
            int groups = attrs.getInt("groups");
            if (groups < 1 || x.shape().dim(1) % groups != 0) {
                throw fail(this, "groups=" + groups + " does not divide the " + x.shape().dim(1) + " input channels of " + x);
            }
            TensorType w = TensorType.f32(dy.shape().dim(1), x.shape().dim(1) / groups, k[0], k[1]);
            Checks.requireForwardResult(this, CONV2D, List.of(x, w), attrs, dy);
            return w;
        }

        /** As many multiply-adds as the forward convolution. */
        @Override
        public long flops(List<TensorType> in, Attrs attrs, TensorType out) {
            Shape w = out.shape();
            return 2 * in.get(1).numel() * w.dim(1) * w.dim(2) * w.dim(3);
        }

        @Override
        public void eval(List<Tensor> in, Attrs attrs, Tensor out) {
            double[] x = in.get(0).toArray();
            double[] dy = in.get(1).toArray();
            int[] wd = out.shape().dims();
            double[] dw = new double[out.size()];
            forEachTap(in.get(0).shape().dims(), wd, in.get(1).shape().dims(), Window2d.of(this, attrs, new int[] {wd[2], wd[3]}),
                    attrs.getInt("groups"), (xi, wi, yi) -> dw[wi] += x[xi] * dy[yi]);
            for (int i = 0; i < dw.length; i++) out.set(i, dw[i]);
        }
    }

    public static final OpKind CONV2D = new Conv2d();
    public static final OpKind CONV2D_GRAD_INPUT = new Conv2dGradInput();
    public static final OpKind CONV2D_GRAD_WEIGHT = new Conv2dGradWeight();

    public static final List<OpKind> ALL = List.of(CONV2D, CONV2D_GRAD_INPUT, CONV2D_GRAD_WEIGHT);

    private ConvOps() {}
}
