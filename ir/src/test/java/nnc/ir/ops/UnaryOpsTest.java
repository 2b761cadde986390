package nnc.ir.ops;

import static nnc.ir.ops.OpTesting.assertShapeError;
import static nnc.ir.ops.OpTesting.eval;
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
}
