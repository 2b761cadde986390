package nnc.ir.ops;

import static nnc.ir.ops.OpTesting.assertShapeError;
import static nnc.ir.ops.OpTesting.eval;
import static nnc.ir.ops.OpTesting.infer;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import nnc.ir.Attrs;
import nnc.ir.Tensor;
import nnc.ir.TensorType;
import org.junit.jupiter.api.Test;

class UnaryOpsTest {
    @Test
    void computesKnownValues() {
        assertEquals(0, UnaryOps.RELU.apply(-2));
        assertEquals(0.5, UnaryOps.SIGMOID.apply(0), 1e-15);
        assertEquals(0.5, UnaryOps.RSQRT.apply(4), 1e-15);
        // PyTorch's gelu(1.0, approximate="tanh") is 0.8411920 in f32.
        assertEquals(0.8411919906, UnaryOps.GELU.apply(1), 1e-10);
        Tensor y = eval(UnaryOps.ABS, Attrs.EMPTY, Tensor.of(TensorType.f32(2), -3, 4));
        assertEquals(List.of(3.0, 4.0), List.of(y.get(0), y.get(1)));
    }

    @Test
    void requiresF32() {
        assertShapeError(UnaryOps.EXP, Attrs.EMPTY, List.of("exp", "i32[3]"), TensorType.i32(3));
    }

    /** Each gradient op times dy is dy times the slope of its forward function, from the input or output it reads. */
    @Test
    void gradientOpsGiveTheSlope() {
        double dy = 1.7;
        for (double x : new double[] {-1.3, -0.4, 0.3, 0.8, 2.1}) {
            assertEquals(0.0, UnaryOps.RELU_GRAD.apply(dy, UnaryOps.RELU.apply(-Math.abs(x))));
            assertEquals(dy, UnaryOps.RELU_GRAD.apply(dy, UnaryOps.RELU.apply(Math.abs(x))));
            assertEquals(dy * Math.signum(x), UnaryOps.ABS_GRAD.apply(dy, x));
            assertSlope(UnaryOps.SIGMOID, UnaryOps.SIGMOID_GRAD, x, true);
            assertSlope(UnaryOps.TANH, UnaryOps.TANH_GRAD, x, true);
            assertSlope(UnaryOps.GELU, UnaryOps.GELU_GRAD, x, false);
            assertSlope(UnaryOps.SQRT, UnaryOps.SQRT_GRAD, Math.abs(x), true);
            assertSlope(UnaryOps.RSQRT, UnaryOps.RSQRT_GRAD, Math.abs(x), true);
        }
        assertEquals(0.0, UnaryOps.ABS_GRAD.apply(dy, 0));
    }

    private static void assertSlope(UnaryOps.Unary f, UnaryOps.UnaryGrad grad, double x, boolean readsOutput) {
        double h = 1e-6;
        double slope = (f.apply(x + h) - f.apply(x - h)) / (2 * h);
        assertEquals(1.7 * slope, grad.apply(1.7, readsOutput ? f.apply(x) : x), 1e-8, grad.name() + " at " + x);
    }

    @Test
    void gradientOpsNeedTwoOperandsOfOneType() {
        assertEquals(TensorType.f32(2, 3), infer(UnaryOps.TANH_GRAD, Attrs.EMPTY, TensorType.f32(2, 3), TensorType.f32(2, 3)));
        assertShapeError(UnaryOps.RELU_GRAD, Attrs.EMPTY, List.of("relu_grad", "f32[2,3]", "f32[3]", "one type"),
                TensorType.f32(2, 3), TensorType.f32(3));
        assertShapeError(UnaryOps.GELU_GRAD, Attrs.EMPTY, List.of("gelu_grad", "f32"), TensorType.i32(3), TensorType.i32(3));
    }
}
