package nnc.ir.ops;

import static nnc.ir.ops.OpTesting.assertSame;
import static nnc.ir.ops.OpTesting.assertShapeError;
import static nnc.ir.ops.OpTesting.assertValues;
import static nnc.ir.ops.OpTesting.eval;
import static nnc.ir.ops.OpTesting.finiteDifferenceVjp;
import static nnc.ir.ops.OpTesting.infer;
import static nnc.ir.ops.OpTesting.iota;
import static nnc.ir.ops.OpTesting.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import nnc.ir.Attrs;
import nnc.ir.Interpreter;
import nnc.ir.OpKind;
import nnc.ir.Tensor;
import nnc.ir.TensorType;
import org.junit.jupiter.api.Test;

/**
 * The gradient ops of conv, pooling, norms, softmax, cross_entropy and embedding: each computes the
 * vector-Jacobian product of its forward op (checked against finite differences), and checks that its
 * operands and attributes describe one use of the forward op.
 */
class GradientOpsTest {
    private static final double TOLERANCE = 1e-7;

    private static List<Integer> pair(int a, int b) {
        return List.of(a, b);
    }

    @Test
    void conv2dGradientsAreVectorJacobianProducts() {
        Attrs conv = ConvOps.CONV2D.completeAttrs(Attrs.of("stride", pair(2, 1), "padding", pair(1, 2), "dilation", pair(1, 2),
                "groups", 2));
        Tensor x = random(TensorType.f32(2, 4, 6, 5), 1);
        Tensor w = random(TensorType.f32(6, 2, 3, 2), 2);
        Tensor dy = random(Interpreter.eval(ConvOps.CONV2D, List.of(x, w), conv).type(), 3);
        Tensor dx = eval(ConvOps.CONV2D_GRAD_INPUT, conv.with("shape", List.of(2, 4, 6, 5)), dy, w);
        Tensor dw = eval(ConvOps.CONV2D_GRAD_WEIGHT, conv.with("kernel", pair(3, 2)), x, dy);
        assertSame(finiteDifferenceVjp(ConvOps.CONV2D, conv, List.of(x, w), 0, dy), dx, TOLERANCE);
        assertSame(finiteDifferenceVjp(ConvOps.CONV2D, conv, List.of(x, w), 1, dy), dw, TOLERANCE);
    }

    /** A strided convolution maps inputs of 5 and 6 rows alike; the shape attribute says which one. */
    @Test
    void conv2dGradInputTakesTheInputShapeFromItsAttribute() {
        Attrs strided = Attrs.of("stride", pair(2, 2), "shape", List.of(1, 1, 6, 6));
        TensorType dy = TensorType.f32(1, 2, 2, 2);
        TensorType w = TensorType.f32(2, 1, 3, 3);
        assertEquals(TensorType.f32(1, 1, 6, 6), infer(ConvOps.CONV2D_GRAD_INPUT, strided, dy, w));
        assertEquals(TensorType.f32(1, 1, 5, 5), infer(ConvOps.CONV2D_GRAD_INPUT, strided.with("shape", List.of(1, 1, 5, 5)), dy, w));
        assertShapeError(ConvOps.CONV2D_GRAD_INPUT, strided.with("shape", List.of(1, 1, 8, 8)),
                List.of("conv2d_grad_input", "f32[1,2,2,2]", "gives f32[1,2,3,3]"), dy, w);
        assertShapeError(ConvOps.CONV2D_GRAD_INPUT, strided.with("shape", List.of(1, 6, 6)), List.of("shape", "4"), dy, w);
        assertShapeError(ConvOps.CONV2D_GRAD_INPUT, strided.with("shape", List.of(1, 3, 6, 6)), List.of("no valid conv2d", "channels"),
                dy, w);
    }

    @Test
    void conv2dGradWeightChecksKernelAndGroups() {
        Attrs a = Attrs.of("kernel", pair(3, 3), "groups", 2);
        TensorType x = TensorType.f32(1, 4, 5, 5);
        assertEquals(TensorType.f32(6, 2, 3, 3), infer(ConvOps.CONV2D_GRAD_WEIGHT, a, x, TensorType.f32(1, 6, 3, 3)));
        assertShapeError(ConvOps.CONV2D_GRAD_WEIGHT, a, List.of("gives f32[1,6,3,3]"), x, TensorType.f32(1, 6, 4, 4));
        assertShapeError(ConvOps.CONV2D_GRAD_WEIGHT, a.with("groups", 3), List.of("groups=3", "4 input channels"), x,
                TensorType.f32(1, 6, 3, 3));
        assertEquals(ConvOps.CONV2D.flops(List.of(x, TensorType.f32(6, 2, 3, 3)), ConvOps.CONV2D.completeAttrs(Attrs.of("groups", 2)),
                        TensorType.f32(1, 6, 3, 3)),
                ConvOps.CONV2D_GRAD_WEIGHT.flops(List.of(x, TensorType.f32(1, 6, 3, 3)), a, TensorType.f32(6, 2, 3, 3)));
    }

    @Test
    void poolGradientsAreVectorJacobianProducts() {
        Attrs window = Attrs.of("kernel", pair(3, 2), "stride", pair(2, 1), "padding", pair(1, 1));
        Tensor x = random(TensorType.f32(2, 3, 7, 5), 4);
        Tensor dy = random(Interpreter.eval(PoolOps.MAX_POOL2D, List.of(x), window).type(), 5);
        assertSame(finiteDifferenceVjp(PoolOps.MAX_POOL2D, window, List.of(x), 0, dy),
                eval(PoolOps.MAX_POOL2D_GRAD, window, dy, x), TOLERANCE);
        assertSame(finiteDifferenceVjp(PoolOps.AVG_POOL2D, window, List.of(x), 0, dy),
                eval(PoolOps.AVG_POOL2D_GRAD, window.with("shape", List.of(2, 3, 7, 5)), dy), TOLERANCE);
    }

    /** Like PyTorch's indices: a window's first largest element (row-major) takes its gradient. */
    @Test
    void maxPoolGradRoutesToTheFirstMaximum() {
        Attrs window = Attrs.of("kernel", pair(2, 2), "stride", pair(2, 2));
        Tensor dy = Tensor.of(TensorType.f32(1, 1, 1, 2), 10, 20);
        Tensor x = Tensor.of(TensorType.f32(1, 1, 2, 4), 1, 3, 5, 5, 3, 2, 5, 5);
        assertValues(TensorType.f32(1, 1, 2, 4), new double[] {0, 10, 20, 0, 0, 0, 0, 0}, eval(PoolOps.MAX_POOL2D_GRAD, window, dy, x), 0);
        assertShapeError(PoolOps.MAX_POOL2D_GRAD, window, List.of("max_pool2d_grad", "gives f32[1,1,1,2]"),
                TensorType.f32(1, 1, 2, 2), x.type());
    }

    /** Padding counts toward the window size, so edge windows pass on less than their whole gradient. */
    @Test
    void avgPoolGradSharesEachWindowEvenly() {
        Attrs window = Attrs.of("kernel", pair(2, 2), "stride", pair(2, 2), "padding", pair(1, 1), "shape", List.of(1, 1, 2, 2));
        Tensor dy = iota(TensorType.f32(1, 1, 2, 2));
        assertValues(TensorType.f32(1, 1, 2, 2), new double[] {0, 0.25, 0.5, 0.75}, eval(PoolOps.AVG_POOL2D_GRAD, window, dy), 1e-15);
        assertShapeError(PoolOps.AVG_POOL2D_GRAD, window.with("shape", List.of(1, 1, 2)), List.of("shape", "4"), dy.type());
    }

    @Test
    void normGradientsAreVectorJacobianProducts() {
        Attrs eps = Attrs.of("eps", 1e-5);
        Tensor image = random(TensorType.f32(3, 2, 2, 3), 6);
        Tensor rows = random(TensorType.f32(2, 3, 4), 7);
        checkNorm(NormOps.BATCH_NORM, NormOps.BATCH_NORM_GRAD_INPUT, NormOps.BATCH_NORM_GRAD_GAMMA, eps, image, 2);
        checkNorm(NormOps.LAYER_NORM, NormOps.LAYER_NORM_GRAD_INPUT, NormOps.LAYER_NORM_GRAD_GAMMA, eps, rows, 4);
    }

    private static void checkNorm(OpKind norm, OpKind inputGrad, OpKind gammaGrad, Attrs eps, Tensor x,
            int features) {
        Tensor gamma = random(TensorType.f32(features), 8);
        Tensor beta = random(TensorType.f32(features), 9);
        Tensor dy = random(x.type(), 10);
        List<Tensor> in = List.of(x, gamma, beta);
        assertSame(finiteDifferenceVjp(norm, eps, in, 0, dy), eval(inputGrad, eps, dy, x, gamma), TOLERANCE);
        assertSame(finiteDifferenceVjp(norm, eps, in, 1, dy), eval(gammaGrad, eps, dy, x), TOLERANCE);
    }

    @Test
    void normGradientsCheckTheirOperands() {
        TensorType x = TensorType.f32(2, 3, 4);
        assertEquals(x, infer(NormOps.LAYER_NORM_GRAD_INPUT, Attrs.EMPTY, x, x, TensorType.f32(4)));
        assertEquals(TensorType.f32(3), infer(NormOps.BATCH_NORM_GRAD_GAMMA, Attrs.EMPTY, x, x));
        assertShapeError(NormOps.LAYER_NORM_GRAD_INPUT, Attrs.EMPTY, List.of("gamma", "f32[4]", "f32[3]"), x, x, TensorType.f32(3));
        assertShapeError(NormOps.BATCH_NORM_GRAD_GAMMA, Attrs.EMPTY, List.of("batch_norm_grad_gamma", "f32[2,3,5]"),
                TensorType.f32(2, 3, 5), x);
        assertShapeError(NormOps.BATCH_NORM_GRAD_INPUT, Attrs.EMPTY, List.of("batch_norm_grad_input", "[n, c, ...]"),
                TensorType.f32(3), TensorType.f32(3), TensorType.f32(3));
    }

    @Test
    void softmaxGradientsAreVectorJacobianProducts() {
        Tensor x = random(TensorType.f32(2, 4, 3), 11);
        Tensor dy = random(x.type(), 12);
        for (int axis = 0; axis < 3; axis++) {
            Attrs a = Attrs.of("axis", axis);
            assertSame(finiteDifferenceVjp(SoftmaxOps.SOFTMAX, a, List.of(x), 0, dy),
                    eval(SoftmaxOps.SOFTMAX_GRAD, a, dy, eval(SoftmaxOps.SOFTMAX, a, x)), TOLERANCE);
            assertSame(finiteDifferenceVjp(SoftmaxOps.LOG_SOFTMAX, a, List.of(x), 0, dy),
                    eval(SoftmaxOps.LOG_SOFTMAX_GRAD, a, dy, eval(SoftmaxOps.LOG_SOFTMAX, a, x)), TOLERANCE);
        }
        assertShapeError(SoftmaxOps.SOFTMAX_GRAD, Attrs.of("axis", 3), List.of("softmax_grad", "axis 3"), x.type(), x.type());
        assertShapeError(SoftmaxOps.LOG_SOFTMAX_GRAD, Attrs.of("axis", 0), List.of("one type"), x.type(), TensorType.f32(2, 4));
    }

    @Test
    void crossEntropyGradIsSoftmaxMinusOneHotOverN() {
        Tensor logits = random(TensorType.f32(3, 4), 13);
        Tensor labels = Tensor.of(TensorType.i32(3), 2, 0, 3);
        Tensor dy = Tensor.scalar(1.5);
        Tensor grad = eval(LossOps.CROSS_ENTROPY_GRAD, Attrs.EMPTY, dy, logits, labels);
        assertSame(finiteDifferenceVjp(LossOps.CROSS_ENTROPY, Attrs.EMPTY, List.of(logits, labels), 0, dy), grad, TOLERANCE);
        assertShapeError(LossOps.CROSS_ENTROPY_GRAD, Attrs.EMPTY, List.of("gradient must be f32[]"), TensorType.f32(3), logits.type(),
                labels.type());
        assertShapeError(LossOps.CROSS_ENTROPY_GRAD, Attrs.EMPTY, List.of("labels must be i32[3]"), dy.type(), logits.type(),
                TensorType.i32(4));
        Tensor bad = Tensor.of(TensorType.i32(3), 2, 4, 3);
        String m = assertThrows(IllegalArgumentException.class, () -> eval(LossOps.CROSS_ENTROPY_GRAD, Attrs.EMPTY, dy, logits, bad))
                .getMessage();
        assertEquals("cross_entropy_grad: label 4 is out of range for 4 classes", m);
    }

    /** Rows looked up twice get both gradients; rows never looked up get none. */
    @Test
    void embeddingGradAddsRowsBackIntoTheTable() {
        Tensor dy = iota(TensorType.f32(3, 2));
        Tensor ids = Tensor.of(TensorType.i32(3), 2, 0, 2);
        assertValues(TensorType.f32(4, 2), new double[] {2, 3, 0, 0, 4, 6, 0, 0}, eval(GatherOps.EMBEDDING_GRAD, Attrs.of("rows", 4), dy, ids), 0);
        Tensor table = random(TensorType.f32(4, 2), 14);
        assertSame(finiteDifferenceVjp(GatherOps.EMBEDDING, Attrs.EMPTY, List.of(table, ids), 0, dy),
                eval(GatherOps.EMBEDDING_GRAD, Attrs.of("rows", 4), dy, ids), TOLERANCE);
        assertShapeError(GatherOps.EMBEDDING_GRAD, Attrs.of("rows", 4), List.of("embedding_grad", "f32[3,2]", "i32[2]", "one more axis"),
                dy.type(), TensorType.i32(2));
        assertThrows(IllegalArgumentException.class, () -> eval(GatherOps.EMBEDDING_GRAD, Attrs.of("rows", 2), dy, ids));
    }
}
