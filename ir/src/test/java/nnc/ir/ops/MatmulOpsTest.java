package nnc.ir.ops;

import static nnc.ir.ops.OpTesting.assertSame;
import static nnc.ir.ops.OpTesting.block;
import static nnc.ir.ops.OpTesting.assertShapeError;
import static nnc.ir.ops.OpTesting.assertValues;
import static nnc.ir.ops.OpTesting.eval;
import static nnc.ir.ops.OpTesting.infer;
import static nnc.ir.ops.OpTesting.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import nnc.ir.Attrs;
import nnc.ir.OpKind;
import nnc.ir.Tensor;
import nnc.ir.TensorType;
import org.junit.jupiter.api.Test;

class MatmulOpsTest {
    private static final OpKind MATMUL = MatmulOps.MATMUL;

    @Test
    void infersMatrixAndBatchedShapes() {
        assertEquals(TensorType.f32(4, 2), infer(MATMUL, Attrs.EMPTY, TensorType.f32(4, 3), TensorType.f32(3, 2)));
        assertEquals(TensorType.f32(2, 5, 4, 2), infer(MATMUL, Attrs.EMPTY, TensorType.f32(2, 1, 4, 3), TensorType.f32(5, 3, 2)));
        assertEquals(TensorType.f32(7, 4, 2), infer(MATMUL, Attrs.EMPTY, TensorType.f32(4, 3), TensorType.f32(7, 3, 2)));
    }

    @Test
    void rejectsMismatchedOperands() {
        String m = assertShapeError(MATMUL, Attrs.EMPTY, List.of(), TensorType.f32(4, 3), TensorType.f32(5, 2));
        assertEquals("matmul: inner dimensions differ: f32[4,3] @ f32[5,2] (3 vs 5)", m);
        assertShapeError(MATMUL, Attrs.EMPTY, List.of("f32[3]", "f32[3,2]", "rank"), TensorType.f32(3), TensorType.f32(3, 2));
        assertShapeError(MATMUL, Attrs.EMPTY, List.of("f32[2,4,3]", "f32[5,3,2]", "batch"),
                TensorType.f32(2, 4, 3), TensorType.f32(5, 3, 2));
        assertShapeError(MATMUL, Attrs.EMPTY, List.of("i32[4,3]"), TensorType.i32(4, 3), TensorType.i32(3, 2));
    }

    @Test
    void multipliesSmallMatrices() {
        Tensor a = Tensor.of(TensorType.f32(2, 3), 1, 2, 3, 4, 5, 6);
        Tensor b = Tensor.of(TensorType.f32(3, 2), 7, 8, 9, 10, 11, 12);
        assertValues(TensorType.f32(2, 2), new double[] {58, 64, 139, 154}, eval(MATMUL, Attrs.EMPTY, a, b), 0);
    }

    /** Each result matrix equals the 2-D product of the (broadcast) operand matrices it comes from. */
    @Test
    void batchedProductIsALoopOverMatrixProducts() {
        Tensor a = random(TensorType.f32(2, 1, 3, 4), 1);
        Tensor b = random(TensorType.f32(5, 4, 2), 2);
        Tensor c = eval(MATMUL, Attrs.EMPTY, a, b);
        assertEquals(TensorType.f32(2, 5, 3, 2), c.type());
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 5; j++) {
                Tensor ai = block(a, TensorType.f32(3, 4), i);
                Tensor bj = block(b, TensorType.f32(4, 2), j);
                assertSame(eval(MATMUL, Attrs.EMPTY, ai, bj), block(c, TensorType.f32(3, 2), i * 5 + j), 1e-12);
            }
        }
    }

    @Test
    void countsTwoFlopsPerMultiplyAdd() {
        List<TensorType> in = List.of(TensorType.f32(2, 1, 3, 4), TensorType.f32(5, 4, 2));
        assertEquals(2L * 10 * 3 * 2 * 4, MATMUL.flops(in, Attrs.EMPTY, TensorType.f32(2, 5, 3, 2)));
        assertFalse(MATMUL.cheapToRecompute());
    }
}
