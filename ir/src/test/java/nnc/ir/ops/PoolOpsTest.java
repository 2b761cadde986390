package nnc.ir.ops;

import static nnc.ir.ops.OpTesting.assertShapeError;
import static nnc.ir.ops.OpTesting.assertValues;
import static nnc.ir.ops.OpTesting.eval;
import static nnc.ir.ops.OpTesting.infer;
import static nnc.ir.ops.OpTesting.iota;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import nnc.ir.Attrs;
import nnc.ir.ShapeException;
import nnc.ir.Tensor;
import nnc.ir.TensorType;
import org.junit.jupiter.api.Test;

class PoolOpsTest {
    private static Attrs window(int kernel, int stride, int padding) {
        return Attrs.of("kernel", List.of(kernel, kernel), "stride", List.of(stride, stride), "padding", List.of(padding, padding));
    }

    @Test
    void infersOutputSize() {
        TensorType x = TensorType.f32(1, 3, 8, 8);
        assertEquals(TensorType.f32(1, 3, 4, 4), infer(PoolOps.MAX_POOL2D, window(2, 2, 0), x));
        assertEquals(TensorType.f32(1, 3, 4, 4), infer(PoolOps.AVG_POOL2D, window(3, 2, 1), x));
        assertEquals(TensorType.f32(1, 3, 6, 6), infer(PoolOps.AVG_POOL2D, window(3, 1, 0), x));
        assertEquals(TensorType.f32(1, 3), infer(PoolOps.GLOBAL_AVG_POOL, Attrs.EMPTY, x));
    }

    @Test
    void rejectsBadWindows() {
        TensorType x = TensorType.f32(1, 3, 4, 4);
        assertShapeError(PoolOps.MAX_POOL2D, window(3, 1, 2), List.of("max_pool2d:", "half the kernel", "padding 2x2"), x);
        assertShapeError(PoolOps.AVG_POOL2D, window(5, 1, 0), List.of("f32[1,3,4,4]", "kernel 5x5", "empty"), x);
        assertShapeError(PoolOps.AVG_POOL2D, window(2, 0, 0), List.of("stride", "at least 1"), x);
        assertShapeError(PoolOps.MAX_POOL2D, window(2, 2, 0), List.of("rank 4", "f32[3,4,4]"), TensorType.f32(3, 4, 4));
        assertShapeError(PoolOps.GLOBAL_AVG_POOL, Attrs.EMPTY, List.of("rank 4", "f32[2,3]"), TensorType.f32(2, 3));
        String m = assertThrows(ShapeException.class,
                () -> infer(PoolOps.MAX_POOL2D, Attrs.of("kernel", List.of(2, 2)), x)).getMessage();
        assertTrue(m.contains("stride"), m);
    }

    /** torch.nn.functional.avg_pool2d(torch.arange(16.).view(1, 1, 4, 4), 3, 2, 1) and max_pool2d likewise. */
    @Test
    void paddedPoolingMatchesPyTorch() {
        Tensor x = iota(TensorType.f32(1, 1, 4, 4));
        assertValues(TensorType.f32(1, 1, 2, 2), new double[] {10.0 / 9, 24.0 / 9, 51.0 / 9, 10},
                eval(PoolOps.AVG_POOL2D, window(3, 2, 1), x), 1e-12);
        assertValues(TensorType.f32(1, 1, 2, 2), new double[] {5, 7, 13, 15}, eval(PoolOps.MAX_POOL2D, window(3, 2, 1), x), 0);
    }

    @Test
    void maxPoolIgnoresPadding() {
        Tensor x = Tensor.of(TensorType.f32(1, 1, 4, 4), -1, -2, -3, -4, -5, -6, -7, -8, -9, -10, -11, -12, -13, -14, -15, -16);
        assertValues(TensorType.f32(1, 1, 2, 2), new double[] {-1, -2, -5, -6}, eval(PoolOps.MAX_POOL2D, window(3, 2, 1), x), 0);
    }

    @Test
    void poolsOverlappingAndRectangularWindows() {
        assertValues(TensorType.f32(1, 1, 2, 2), new double[] {2, 3, 5, 6},
                eval(PoolOps.AVG_POOL2D, window(2, 1, 0), iota(TensorType.f32(1, 1, 3, 3))), 1e-12);
        Attrs rows = Attrs.of("kernel", List.of(1, 2), "stride", List.of(1, 2));
        Tensor x = iota(TensorType.f32(2, 1, 2, 4));
        assertValues(TensorType.f32(2, 1, 2, 2), new double[] {0.5, 2.5, 4.5, 6.5, 8.5, 10.5, 12.5, 14.5},
                eval(PoolOps.AVG_POOL2D, rows, x), 1e-12);
        assertValues(TensorType.f32(2, 1, 2, 2), new double[] {1, 3, 5, 7, 9, 11, 13, 15}, eval(PoolOps.MAX_POOL2D, rows, x), 0);
    }

    @Test
    void globalAveragePoolAveragesEachPlane() {
        assertValues(TensorType.f32(1, 2), new double[] {1.5, 5.5},
                eval(PoolOps.GLOBAL_AVG_POOL, Attrs.EMPTY, iota(TensorType.f32(1, 2, 2, 2))), 1e-12);
    }

    @Test
    void countsOneFlopPerWindowElementAndIsCheap() {
        Attrs a = PoolOps.MAX_POOL2D.completeAttrs(window(3, 2, 1));
        assertEquals(4L * 9, PoolOps.MAX_POOL2D.flops(List.of(TensorType.f32(1, 1, 4, 4)), a, TensorType.f32(1, 1, 2, 2)));
        assertTrue(PoolOps.AVG_POOL2D.cheapToRecompute());
    }
}
