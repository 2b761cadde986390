package nnc.ir.ops;

import static nnc.ir.ops.OpTesting.assertSame;
import static nnc.ir.ops.OpTesting.assertShapeError;
import static nnc.ir.ops.OpTesting.assertValues;
import static nnc.ir.ops.OpTesting.eval;
import static nnc.ir.ops.OpTesting.infer;
import static nnc.ir.ops.OpTesting.iota;
import static nnc.ir.ops.OpTesting.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import nnc.ir.Attrs;
import nnc.ir.OpKind;
import nnc.ir.Tensor;
import nnc.ir.TensorType;
import org.junit.jupiter.api.Test;

class ConvOpsTest {
    private static final OpKind CONV = ConvOps.CONV2D;

    private static Attrs attrs(int stride, int padding, int dilation, int groups) {
        return Attrs.of("stride", List.of(stride, stride), "padding", List.of(padding, padding),
                "dilation", List.of(dilation, dilation), "groups", groups);
    }

    @Test
    void infersOutputSize() {
        TensorType x = TensorType.f32(2, 3, 8, 8);
        TensorType w = TensorType.f32(16, 3, 3, 3);
        assertEquals(TensorType.f32(2, 16, 6, 6), infer(CONV, Attrs.EMPTY, x, w));
        assertEquals(TensorType.f32(2, 16, 8, 8), infer(CONV, attrs(1, 1, 1, 1), x, w));
        assertEquals(TensorType.f32(2, 16, 4, 4), infer(CONV, attrs(2, 1, 1, 1), x, w));
        assertEquals(TensorType.f32(2, 16, 4, 4), infer(CONV, attrs(1, 0, 2, 1), x, w));
        assertEquals(TensorType.f32(1, 6, 5, 8), infer(CONV, Attrs.of("stride", List.of(1, 2), "padding", List.of(0, 1)),
                TensorType.f32(1, 4, 7, 13), TensorType.f32(6, 4, 3, 1)));
        assertEquals(TensorType.f32(2, 6, 8, 8), infer(CONV, attrs(1, 1, 1, 3), TensorType.f32(2, 6, 8, 8), TensorType.f32(6, 2, 3, 3)));
    }

    @Test
    void rejectsMismatchedChannels() {
        String m = assertShapeError(CONV, Attrs.EMPTY, List.of(), TensorType.f32(1, 3, 8, 8), TensorType.f32(16, 4, 3, 3));
        assertEquals("conv2d: input has 3 channels but weight f32[16,4,3,3] expects 4 (groups=1)", m);
        assertShapeError(CONV, attrs(1, 0, 1, 2), List.of("f32[16,4,3,3]", "expects 8 (groups=2)"),
                TensorType.f32(1, 4, 8, 8), TensorType.f32(16, 4, 3, 3));
        assertShapeError(CONV, attrs(1, 0, 1, 2), List.of("f32[15,2,3,3]", "15 output channels", "groups=2"),
                TensorType.f32(1, 4, 8, 8), TensorType.f32(15, 2, 3, 3));
    }

    @Test
    void rejectsBadGeometry() {
        TensorType x = TensorType.f32(1, 3, 4, 4);
        TensorType w = TensorType.f32(8, 3, 5, 5);
        assertShapeError(CONV, Attrs.EMPTY, List.of("f32[1,3,4,4]", "kernel 5x5", "empty"), x, w);
        assertShapeError(CONV, attrs(1, 0, 2, 1), List.of("dilation 2x2", "empty"), TensorType.f32(1, 3, 8, 8), w);
        assertShapeError(CONV, attrs(0, 0, 1, 1), List.of("stride", "at least 1"), x, TensorType.f32(8, 3, 3, 3));
        assertShapeError(CONV, attrs(1, -1, 1, 1), List.of("padding", "at least 0"), x, TensorType.f32(8, 3, 3, 3));
        assertShapeError(CONV, attrs(1, 0, 1, 0), List.of("groups", "at least 1"), x, TensorType.f32(8, 3, 3, 3));
        assertShapeError(CONV, Attrs.of("stride", List.of(1, 1, 1)), List.of("stride", "pair"), x, TensorType.f32(8, 3, 3, 3));
        assertShapeError(CONV, Attrs.EMPTY, List.of("input", "rank 4", "f32[3,4,4]"), TensorType.f32(3, 4, 4), w);
    }

    @Test
    void sumsTheWindowForATinyCase() {
        Tensor x = iota(TensorType.f32(1, 1, 3, 3));
        Tensor w = Tensor.of(TensorType.f32(1, 1, 2, 2), 1, 0, 0, 1);
        assertValues(TensorType.f32(1, 1, 2, 2), new double[] {4, 6, 10, 12}, eval(CONV, Attrs.EMPTY, x, w), 0);
        // Padding 1, stride 2: the first tap of each window reads padding, except at the last window.
        assertValues(TensorType.f32(1, 1, 2, 2), new double[] {0, 2, 6, 4 + 8},
                eval(CONV, attrs(2, 1, 1, 1), x, w), 0);
    }

    @Test
    void matchesADirectSumOverAPaddedCopy() {
        int[][] cases = {{1, 0, 1, 1}, {2, 1, 1, 1}, {1, 2, 2, 1}, {2, 1, 1, 2}, {3, 2, 2, 4}};
        long seed = 10;
        for (int[] c : cases) {
            Tensor x = random(TensorType.f32(2, 4, 9, 8), seed++);
            Tensor w = random(TensorType.f32(8, 4 / c[3], 3, 2), seed++);
            assertSame(naiveConv(x, w, c[0], c[1], c[2], c[3]), eval(CONV, attrs(c[0], c[1], c[2], c[3]), x, w), 1e-12);
        }
    }

    /** A grouped convolution is one ordinary convolution per group, concatenated along channels. */
    @Test
    void groupedConvolutionIsConvolutionsPerGroupConcatenated() {
        int groups = 3;
        Tensor x = random(TensorType.f32(2, 6, 7, 7), 20);
        Tensor w = random(TensorType.f32(9, 2, 3, 3), 21);
        List<Tensor> parts = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            Tensor xg = eval(ShapeOps.SLICE, Attrs.of("axis", 1, "start", 2 * g, "end", 2 * g + 2), x);
            Tensor wg = eval(ShapeOps.SLICE, Attrs.of("axis", 0, "start", 3 * g, "end", 3 * g + 3), w);
            parts.add(eval(CONV, attrs(1, 1, 1, 1), xg, wg));
        }
        Tensor expected = eval(ShapeOps.CONCAT, Attrs.of("axis", 1), parts.toArray(Tensor[]::new));
        assertSame(expected, eval(CONV, attrs(1, 1, 1, groups), x, w), 1e-12);
    }

    /** With groups == channels each output channel filters only its own input channel. */
    @Test
    void depthwiseConvolutionFiltersEachChannelAlone() {
        Tensor x = random(TensorType.f32(1, 3, 6, 6), 30);
        Tensor w = random(TensorType.f32(3, 1, 3, 3), 31);
        Tensor y = eval(CONV, attrs(2, 1, 1, 3), x, w);
        for (int ch = 0; ch < 3; ch++) {
            Tensor xc = eval(ShapeOps.SLICE, Attrs.of("axis", 1, "start", ch, "end", ch + 1), x);
            Tensor wc = eval(ShapeOps.SLICE, Attrs.of("axis", 0, "start", ch, "end", ch + 1), w);
            Tensor yc = eval(ShapeOps.SLICE, Attrs.of("axis", 1, "start", ch, "end", ch + 1), y);
            assertSame(eval(CONV, attrs(2, 1, 1, 1), xc, wc), yc, 1e-12);
        }
    }

    @Test
    void countsTwoFlopsPerTapAndIsNotCheap() {
        List<TensorType> in = List.of(TensorType.f32(2, 6, 8, 8), TensorType.f32(6, 2, 3, 3));
        assertEquals(2L * 2 * 6 * 8 * 8 * 2 * 3 * 3, CONV.flops(in, attrs(1, 1, 1, 3), TensorType.f32(2, 6, 8, 8)));
        assertFalse(CONV.cheapToRecompute());
    }

    /** The textbook definition on an explicitly zero-padded copy, with square stride, padding and dilation. */
    private static Tensor naiveConv(Tensor x, Tensor w, int stride, int pad, int dilation, int groups) {
        int n = x.shape().dim(0);
        int c = x.shape().dim(1);
        int h = x.shape().dim(2);
        int wd = x.shape().dim(3);
        int o = w.shape().dim(0);
        int cg = w.shape().dim(1);
        int kh = w.shape().dim(2);
        int kw = w.shape().dim(3);
        double[][][][] padded = new double[n][c][h + 2 * pad][wd + 2 * pad];
        double[] xs = x.toArray();
        for (int i = 0; i < xs.length; i++) {
            padded[i / (c * h * wd)][i / (h * wd) % c][i / wd % h + pad][i % wd + pad] = xs[i];
        }
        int ho = (h + 2 * pad - dilation * (kh - 1) - 1) / stride + 1;
        int wo = (wd + 2 * pad - dilation * (kw - 1) - 1) / stride + 1;
        double[] ws = w.toArray();
        double[] out = new double[n * o * ho * wo];
        int i = 0;
        for (int b = 0; b < n; b++) {
            for (int oc = 0; oc < o; oc++) {
                int group = oc / (o / groups);
                for (int y = 0; y < ho; y++) {
                    for (int z = 0; z < wo; z++) {
                        double s = 0;
                        for (int ci = 0; ci < cg; ci++) {
                            for (int ky = 0; ky < kh; ky++) {
                                for (int kx = 0; kx < kw; kx++) {
                                    s += ws[((oc * cg + ci) * kh + ky) * kw + kx]
                                            * padded[b][group * cg + ci][y * stride + ky * dilation][z * stride + kx * dilation];
                                }
                            }
                        }
                        out[i++] = s;
                    }
                }
            }
        }
        return Tensor.of(TensorType.f32(n, o, ho, wo), out);
    }
}
