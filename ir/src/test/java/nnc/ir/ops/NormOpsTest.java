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

class NormOpsTest {
    private static final double EPS = 1e-5;

    @Test
    void infersTheInputType() {
        assertEquals(TensorType.f32(2, 3, 4, 4),
                infer(NormOps.BATCH_NORM, Attrs.EMPTY, TensorType.f32(2, 3, 4, 4), TensorType.f32(3), TensorType.f32(3)));
        assertEquals(TensorType.f32(8, 3), infer(NormOps.BATCH_NORM, Attrs.EMPTY, TensorType.f32(8, 3), TensorType.f32(3), TensorType.f32(3)));
        assertEquals(TensorType.f32(2, 5, 7),
                infer(NormOps.LAYER_NORM, Attrs.EMPTY, TensorType.f32(2, 5, 7), TensorType.f32(7), TensorType.f32(7)));
        assertEquals(1e-5, NormOps.LAYER_NORM.completeAttrs(Attrs.EMPTY).getFloat("eps"));
    }

    @Test
    void rejectsMismatchedParameters() {
        assertShapeError(NormOps.BATCH_NORM, Attrs.EMPTY, List.of("gamma", "f32[3]", "f32[2,3,4,4]", "f32[4]"),
                TensorType.f32(2, 3, 4, 4), TensorType.f32(4), TensorType.f32(3));
        assertShapeError(NormOps.LAYER_NORM, Attrs.EMPTY, List.of("beta", "f32[7]", "f32[5]"),
                TensorType.f32(2, 5, 7), TensorType.f32(7), TensorType.f32(5));
        assertShapeError(NormOps.BATCH_NORM, Attrs.EMPTY, List.of("[n, c, ...]", "f32[3]"), TensorType.f32(3), TensorType.f32(3), TensorType.f32(3));
        assertShapeError(NormOps.LAYER_NORM, Attrs.of("eps", -1.0), List.of("eps", "negative"),
                TensorType.f32(2, 3), TensorType.f32(3), TensorType.f32(3));
    }

    @Test
    void batchNormUsesBatchStatisticsPerChannel() {
        // Channel 0 holds 1 and 3, channel 1 holds 2 and 6: means 2 and 4, biased variances 1 and 4.
        Tensor x = Tensor.of(TensorType.f32(2, 2), 1, 2, 3, 6);
        Tensor gamma = Tensor.of(TensorType.f32(2), 2, 1);
        Tensor beta = Tensor.of(TensorType.f32(2), 0, 10);
        double s0 = 2 / Math.sqrt(1 + EPS);
        double s1 = 1 / Math.sqrt(4 + EPS);
        assertValues(TensorType.f32(2, 2), new double[] {-s0, 10 - 2 * s1, s0, 10 + 2 * s1},
                eval(NormOps.BATCH_NORM, Attrs.EMPTY, x, gamma, beta), 1e-12);
    }

    /** Every channel of the result has mean beta and variance gamma^2 * var / (var + eps). */
    @Test
    void batchNormOutputHasTheTargetMomentsPerChannel() {
        Tensor x = random(TensorType.f32(3, 4, 5, 2), 1);
        Tensor gamma = Tensor.of(TensorType.f32(4), 1, 2, 0.5, -1);
        Tensor beta = Tensor.of(TensorType.f32(4), 0, 1, -2, 3);
        Tensor y = eval(NormOps.BATCH_NORM, Attrs.of("eps", 0.0), x, gamma, beta);
        for (int ch = 0; ch < 4; ch++) {
            double[] moments = channelMoments(y, ch);
            assertEquals(beta.get(ch), moments[0], 1e-12);
            assertEquals(gamma.get(ch) * gamma.get(ch), moments[1], 1e-12);
        }
    }

    @Test
    void layerNormNormalizesEachRow() {
        Tensor x = Tensor.of(TensorType.f32(2, 2), 1, 3, 10, 10);
        Tensor gamma = Tensor.of(TensorType.f32(2), 1, 2);
        Tensor beta = Tensor.of(TensorType.f32(2), 0, 1);
        double s = 1 / Math.sqrt(1 + EPS);
        // The second row is constant: it maps to beta.
        assertValues(TensorType.f32(2, 2), new double[] {-s, 1 + 2 * s, 0, 1},
                eval(NormOps.LAYER_NORM, Attrs.EMPTY, x, gamma, beta), 1e-12);
    }

    @Test
    void normsAreOpaqueButCheapToRecompute() {
        assertTrue(NormOps.BATCH_NORM.cheapToRecompute());
        assertTrue(NormOps.LAYER_NORM.cheapToRecompute());
        assertEquals(-1, NormOps.LAYER_NORM.inPlaceOperand());
    }

    /** Mean and biased variance of channel {@code ch} of an NCHW tensor. */
    private static double[] channelMoments(Tensor y, int ch) {
        int[] d = y.shape().dims();
        int inner = d[2] * d[3];
        double sum = 0;
        double sumSq = 0;
        for (int n = 0; n < d[0]; n++) {
            for (int i = 0; i < inner; i++) {
                double v = y.get((n * d[1] + ch) * inner + i);
                sum += v;
                sumSq += v * v;
            }
        }
        int count = d[0] * inner;
        double mean = sum / count;
        return new double[] {mean, sumSq / count - mean * mean};
    }
}
