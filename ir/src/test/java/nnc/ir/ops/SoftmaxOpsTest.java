package nnc.ir.ops;

import static nnc.ir.ops.OpTesting.assertShapeError;
import static nnc.ir.ops.OpTesting.assertValues;
import static nnc.ir.ops.OpTesting.eval;
import static nnc.ir.ops.OpTesting.infer;
import static nnc.ir.ops.OpTesting.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import nnc.ir.Attrs;
import nnc.ir.Tensor;
import nnc.ir.TensorType;
import org.junit.jupiter.api.Test;

class SoftmaxOpsTest {
    @Test
    void infersTheInputTypeAndChecksTheAxis() {
        assertEquals(TensorType.f32(2, 3), infer(SoftmaxOps.SOFTMAX, Attrs.of("axis", 1), TensorType.f32(2, 3)));
        assertShapeError(SoftmaxOps.LOG_SOFTMAX, Attrs.of("axis", 2), List.of("log_softmax:", "axis 2", "f32[2,3]"), TensorType.f32(2, 3));
        assertShapeError(SoftmaxOps.SOFTMAX, Attrs.of("axis", -1), List.of("axis -1", "f32[2,3]"), TensorType.f32(2, 3));
        assertShapeError(SoftmaxOps.SOFTMAX, Attrs.of("axis", 0), List.of("f32", "i32[4]"), TensorType.i32(4));
    }

    @Test
    void computesKnownValuesStably() {
        // exp(0), exp(ln 3) over their sum: 1/4, 3/4; shifting by 1000 must not overflow.
        double ln3 = Math.log(3);
        Tensor x = Tensor.of(TensorType.f32(2, 2), 0, ln3, 1000, 1000 + ln3);
        assertValues(TensorType.f32(2, 2), new double[] {0.25, 0.75, 0.25, 0.75}, eval(SoftmaxOps.SOFTMAX, Attrs.of("axis", 1), x), 1e-12);
        assertValues(TensorType.f32(2, 2), new double[] {Math.log(0.25), Math.log(0.75), Math.log(0.25), Math.log(0.75)},
                eval(SoftmaxOps.LOG_SOFTMAX, Attrs.of("axis", 1), x), 1e-12);
    }

    @Test
    void everyLineAlongTheAxisSumsToOne() {
        Tensor x = random(TensorType.f32(3, 4, 5), 7);
        for (int axis = 0; axis < 3; axis++) {
            Tensor p = eval(SoftmaxOps.SOFTMAX, Attrs.of("axis", axis), x);
            Tensor sums = eval(ReduceOps.REDUCE_SUM, Attrs.of("axes", List.of(axis)), p);
            for (double s : sums.toArray()) assertEquals(1, s, 1e-12);
        }
    }

    @Test
    void logSoftmaxIsTheLogOfSoftmax() {
        Tensor x = random(TensorType.f32(3, 4, 5), 8);
        for (int axis = 0; axis < 3; axis++) {
            Tensor logP = eval(UnaryOps.LOG, Attrs.EMPTY, eval(SoftmaxOps.SOFTMAX, Attrs.of("axis", axis), x));
            assertValues(x.type(), logP.toArray(), eval(SoftmaxOps.LOG_SOFTMAX, Attrs.of("axis", axis), x), 1e-12);
        }
    }

    @Test
    void isCheapToRecompute() {
        assertTrue(SoftmaxOps.SOFTMAX.cheapToRecompute());
        assertEquals(5L * 6, SoftmaxOps.LOG_SOFTMAX.flops(List.of(TensorType.f32(2, 3)), Attrs.of("axis", 1), TensorType.f32(2, 3)));
    }
}
