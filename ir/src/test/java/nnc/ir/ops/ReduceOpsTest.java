package nnc.ir.ops;

import static nnc.ir.ops.OpTesting.assertShapeError;
import static nnc.ir.ops.OpTesting.assertValues;
import static nnc.ir.ops.OpTesting.eval;
import static nnc.ir.ops.OpTesting.infer;
import static nnc.ir.ops.OpTesting.iota;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import nnc.ir.Attrs;
import nnc.ir.Tensor;
import nnc.ir.TensorType;
import org.junit.jupiter.api.Test;

class ReduceOpsTest {
    private static Attrs axes(Integer... axes) {
        return Attrs.of("axes", List.of(axes));
    }

    @Test
    void dropsOrKeepsReducedAxes() {
        TensorType x = TensorType.f32(2, 3, 4);
        assertEquals(TensorType.f32(2, 4), infer(ReduceOps.REDUCE_SUM, axes(1), x));
        assertEquals(TensorType.f32(), infer(ReduceOps.REDUCE_MEAN, axes(0, 1, 2), x));
        assertEquals(TensorType.f32(1, 3, 1), infer(ReduceOps.REDUCE_MAX, axes(0, 2).with("keepdims", true), x));
        assertEquals(false, ReduceOps.REDUCE_SUM.completeAttrs(axes(0)).getBool("keepdims", true));
    }

    @Test
    void rejectsBadAxes() {
        TensorType x = TensorType.f32(2, 3);
        assertShapeError(ReduceOps.REDUCE_SUM, axes(2), List.of("reduce_sum:", "axis 2", "f32[2,3]"), x);
        assertShapeError(ReduceOps.REDUCE_SUM, axes(-1), List.of("axis -1", "f32[2,3]"), x);
        assertShapeError(ReduceOps.REDUCE_SUM, axes(1, 0), List.of("[1, 0]", "sorted"), x);
        assertShapeError(ReduceOps.REDUCE_SUM, axes(1, 1), List.of("[1, 1]", "unique"), x);
        assertShapeError(ReduceOps.REDUCE_MEAN, axes(), List.of("empty"), x);
        assertShapeError(ReduceOps.REDUCE_MAX, axes(0), List.of("axis 0", "f32[0,3]", "empty"), TensorType.f32(0, 3));
    }

    @Test
    void reducesKnownValues() {
        Tensor x = iota(TensorType.f32(2, 3));
        assertValues(TensorType.f32(3), new double[] {3, 5, 7}, eval(ReduceOps.REDUCE_SUM, axes(0), x), 0);
        assertValues(TensorType.f32(2, 1), new double[] {3, 12}, eval(ReduceOps.REDUCE_SUM, axes(1).with("keepdims", true), x), 0);
        assertValues(TensorType.f32(), new double[] {2.5}, eval(ReduceOps.REDUCE_MEAN, axes(0, 1), x), 1e-12);
        assertValues(TensorType.f32(2), new double[] {1, 4}, eval(ReduceOps.REDUCE_MEAN, axes(1), x), 1e-12);
        Tensor y = Tensor.of(TensorType.f32(2, 2), -5, -7, 3, -1);
        assertValues(TensorType.f32(2), new double[] {3, -1}, eval(ReduceOps.REDUCE_MAX, axes(0), y), 0);
    }

    @Test
    void reducesInnerAndOuterAxesOfA3dTensor() {
        Tensor x = iota(TensorType.f32(2, 3, 2));
        // Elements (a, b, c) = 6a + 2b + c; summing over a and c leaves, for each b: 0+1+6+7 + 8b.
        assertValues(TensorType.f32(3), new double[] {14, 22, 30}, eval(ReduceOps.REDUCE_SUM, axes(0, 2), x), 0);
        assertValues(TensorType.f32(1, 3, 1), new double[] {7, 9, 11},
                eval(ReduceOps.REDUCE_MAX, axes(0, 2).with("keepdims", true), x), 0);
    }

    @Test
    void i32MeanTruncatesTowardZero() {
        Tensor x = Tensor.of(TensorType.i32(2, 2), -3, -4, 1, 2);
        assertValues(TensorType.i32(2), new double[] {-3, 1}, eval(ReduceOps.REDUCE_MEAN, axes(1), x), 0);
        assertValues(TensorType.i32(2), new double[] {-2, -2}, eval(ReduceOps.REDUCE_SUM, axes(0), x), 0);
    }

    @Test
    void countsOneFlopPerInputElementAndADividePerMean() {
        List<TensorType> in = List.of(TensorType.f32(2, 3));
        assertEquals(6, ReduceOps.REDUCE_SUM.flops(in, axes(1), TensorType.f32(2)));
        assertEquals(8, ReduceOps.REDUCE_MEAN.flops(in, axes(1), TensorType.f32(2)));
    }
}
