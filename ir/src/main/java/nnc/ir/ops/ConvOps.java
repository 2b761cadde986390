package nnc.ir.ops;

import static nnc.ir.ops.Checks.fail;

import java.util.Arrays;
import java.util.List;
import nnc.ir.AttrSpec;
import nnc.ir.AttrSpec.Kind;
import nnc.ir.Attrs;
import nnc.ir.FusionPattern;
import nnc.ir.OpKind;
import nnc.ir.Shape;
import nnc.ir.Tensor;
import nnc.ir.TensorType;

/** 2-D convolution in NCHW layout (PyTorch's {@code conv2d} without bias). */
public final class ConvOps {
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
            return List.of(AttrSpec.optional("dilation", Kind.INTS, List.of(1, 1)),
                    AttrSpec.optional("groups", Kind.INT, 1),
                    AttrSpec.optional("padding", Kind.INTS, List.of(0, 0)),
                    AttrSpec.optional("stride", Kind.INTS, List.of(1, 1)));
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
    }

    public static final OpKind CONV2D = new Conv2d();

    public static final List<OpKind> ALL = List.of(CONV2D);

    private ConvOps() {}
}
