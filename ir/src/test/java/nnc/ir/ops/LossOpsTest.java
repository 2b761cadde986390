package nnc.ir.ops;

import static nnc.ir.ops.OpTesting.assertShapeError;
import static nnc.ir.ops.OpTesting.eval;
import static nnc.ir.ops.OpTesting.infer;
import static nnc.ir.ops.OpTesting.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import nnc.ir.Attrs;
import nnc.ir.Tensor;
import nnc.ir.TensorType;
import org.junit.jupiter.api.Test;

class LossOpsTest {
    @Test
    void lossesAreScalars() {
        assertEquals(TensorType.f32(), infer(LossOps.CROSS_ENTROPY, Attrs.EMPTY, TensorType.f32(4, 10), TensorType.i32(4)));
        assertEquals(TensorType.f32(), infer(LossOps.MSE, Attrs.EMPTY, TensorType.f32(4, 10), TensorType.f32(4, 10)));
    }

    @Test
    void rejectsBadOperands() {
        assertShapeError(LossOps.CROSS_ENTROPY, Attrs.EMPTY, List.of("labels", "i32[4]", "f32[4,10]", "i32[5]"),
                TensorType.f32(4, 10), TensorType.i32(5));
        assertShapeError(LossOps.CROSS_ENTROPY, Attrs.EMPTY, List.of("labels", "f32[4]"), TensorType.f32(4, 10), TensorType.f32(4));
        assertShapeError(LossOps.CROSS_ENTROPY, Attrs.EMPTY, List.of("logits", "rank 2", "f32[10]"), TensorType.f32(10), TensorType.i32(1));
        assertShapeError(LossOps.MSE, Attrs.EMPTY, List.of("mse:", "f32[4,10]", "f32[10]"), TensorType.f32(4, 10), TensorType.f32(10));
    }

    @Test
    void crossEntropyIsTheMeanNegativeLogLikelihood() {
        Tensor logits = Tensor.of(TensorType.f32(2, 3), 1, 2, 3, 0, 0, 0);
        Tensor labels = Tensor.of(TensorType.i32(2), 2, 0);
        double first = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)) - 3;
        double second = Math.log(3);
        assertEquals((first + second) / 2, eval(LossOps.CROSS_ENTROPY, Attrs.EMPTY, logits, labels).get(0), 1e-12);
    }

    @Test
    void crossEntropyAgreesWithLogSoftmaxAndIsStable() {
        Tensor logits = random(TensorType.f32(5, 7), 3);
        for (int i = 0; i < 7; i++) logits.set(i, logits.get(i) + 1000);
        Tensor labels = Tensor.of(TensorType.i32(5), 0, 6, 3, 3, 1);
        Tensor logP = eval(SoftmaxOps.LOG_SOFTMAX, Attrs.of("axis", 1), logits);
        double expected = 0;
        for (int i = 0; i < 5; i++) expected -= logP.get(i * 7 + (int) labels.get(i)) / 5;
        assertEquals(expected, eval(LossOps.CROSS_ENTROPY, Attrs.EMPTY, logits, labels).get(0), 1e-9);
    }

    @Test
    void crossEntropyRejectsLabelsOutOfRange() {
        Tensor logits = random(TensorType.f32(2, 3), 4);
        Tensor labels = Tensor.of(TensorType.i32(2), 1, 3);
        String m = assertThrows(IllegalArgumentException.class, () -> eval(LossOps.CROSS_ENTROPY, Attrs.EMPTY, logits, labels)).getMessage();
        assertEquals("cross_entropy: label 3 is out of range for 3 classes", m);
    }

    @Test
    void mseIsTheMeanSquaredDifference() {
        Tensor a = Tensor.of(TensorType.f32(3), 1, 2, 3);
        Tensor b = Tensor.of(TensorType.f32(3), 1, 1, 1);
        assertEquals(5.0 / 3, eval(LossOps.MSE, Attrs.EMPTY, a, b).get(0), 1e-12);
    }
}
