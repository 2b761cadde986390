package nnc.ir.ops;

import static nnc.ir.ops.OpTesting.assertShapeError;
import static nnc.ir.ops.OpTesting.assertValues;
import static nnc.ir.ops.OpTesting.eval;
import static nnc.ir.ops.OpTesting.infer;
import static nnc.ir.ops.OpTesting.iota;
import static nnc.ir.ops.OpTesting.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import nnc.ir.Attrs;
import nnc.ir.DType;
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

    /** Rounded values tie often; overlapping, padded and rectangular windows share and clip elements. */
    @Test
    void indicesRouteExactlyAsMaxPoolGrad() {
        List<Attrs> windows = List.of(window(2, 2, 0), window(3, 2, 1), window(3, 1, 1),
                Attrs.of("kernel", List.of(2, 3), "stride", List.of(1, 2), "padding", List.of(1, 0)));
        for (int seed = 0; seed < 8; seed++) {
            Tensor x = random(TensorType.f32(2, 3, 7, 6), seed);
            for (int i = 0; i < x.size(); i++) x.set(i, Math.round(x.get(i) * 2) / 2.0);
            for (Attrs w : windows) {
                Tensor idx = eval(PoolOps.MAX_POOL2D_INDICES, w, x);
                assertEquals(DType.I32, idx.type().dtype());
                Tensor dy = random(TensorType.f32(idx.shape().dims()), 100 + seed);
                Tensor viaX = eval(PoolOps.MAX_POOL2D_GRAD, w, dy, x);
                Tensor viaIdx = eval(PoolOps.MAX_POOL2D_GRAD_INDICES, w.with("shape", List.of(2, 3, 7, 6)), dy, idx);
                assertArrayEquals(viaX.toArray(), viaIdx.toArray(), w + ", seed " + seed);
            }
        }
    }

    /** The flat index within the plane of each window's first maximum; an index outside its window passes nothing on. */
    @Test
    void indicesNameTheFirstMaximumOfEachWindow() {
        Tensor x = Tensor.of(TensorType.f32(1, 2, 2, 4), 1, 3, 5, 5, 3, 2, 5, 5, 0, 0, 0, 0, 0, 0, 0, 9);
        Attrs w = window(2, 2, 0);
        assertValues(TensorType.i32(1, 2, 1, 2), new double[] {1, 2, 0, 7}, eval(PoolOps.MAX_POOL2D_INDICES, w, x), 0);
        Tensor dy = Tensor.of(TensorType.f32(1, 2, 1, 2), 10, 20, 30, 40);
        Tensor idx = Tensor.of(TensorType.i32(1, 2, 1, 2), 1, 0, -1, 7);
        assertValues(TensorType.f32(1, 2, 2, 4), new double[] {0, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 40},
                eval(PoolOps.MAX_POOL2D_GRAD_INDICES, w.with("shape", List.of(1, 2, 2, 4)), dy, idx), 0);
    }

    @Test
    void indexOpsCheckTheirOperands() {
        Attrs w = window(2, 2, 0).with("shape", List.of(1, 2, 4, 4));
        assertEquals(TensorType.i32(1, 2, 2, 2), infer(PoolOps.MAX_POOL2D_INDICES, window(2, 2, 0), TensorType.f32(1, 2, 4, 4)));
        assertShapeError(PoolOps.MAX_POOL2D_INDICES, window(3, 1, 2), List.of("max_pool2d_indices:", "half the kernel"),
                TensorType.f32(1, 2, 4, 4));
        assertEquals(TensorType.f32(1, 2, 4, 4), infer(PoolOps.MAX_POOL2D_GRAD_INDICES, w, TensorType.f32(1, 2, 2, 2), TensorType.i32(1, 2, 2, 2)));
        assertShapeError(PoolOps.MAX_POOL2D_GRAD_INDICES, w, List.of("indices f32[1,2,2,2]", "i32"), TensorType.f32(1, 2, 2, 2),
                TensorType.f32(1, 2, 2, 2));
        assertShapeError(PoolOps.MAX_POOL2D_GRAD_INDICES, w, List.of("gives f32[1,2,2,2]"), TensorType.f32(1, 2, 3, 3),
                TensorType.i32(1, 2, 3, 3));
        assertShapeError(PoolOps.MAX_POOL2D_GRAD_INDICES, window(2, 2, 0), List.of("needs attribute 'shape'"), TensorType.f32(1, 2, 2, 2),
                TensorType.i32(1, 2, 2, 2));
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
