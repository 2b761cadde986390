package nnc.ir.ops;

import static nnc.ir.ops.OpTesting.assertShapeError;
import static nnc.ir.ops.OpTesting.assertValues;
import static nnc.ir.ops.OpTesting.eval;
import static nnc.ir.ops.OpTesting.infer;
import static nnc.ir.ops.OpTesting.iota;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import nnc.ir.Attrs;
import nnc.ir.Tensor;
import nnc.ir.TensorType;
import org.junit.jupiter.api.Test;

class GatherOpsTest {
    @Test
    void appendsTheEmbeddingWidth() {
        assertEquals(TensorType.f32(32, 35, 650), infer(GatherOps.EMBEDDING, Attrs.EMPTY, TensorType.f32(10000, 650), TensorType.i32(32, 35)));
        assertEquals(TensorType.f32(8), infer(GatherOps.EMBEDDING, Attrs.EMPTY, TensorType.f32(10, 8), TensorType.i32()));
    }

    @Test
    void rejectsBadOperands() {
        assertShapeError(GatherOps.EMBEDDING, Attrs.EMPTY, List.of("ids", "i32", "f32[4]"), TensorType.f32(10, 8), TensorType.f32(4));
        assertShapeError(GatherOps.EMBEDDING, Attrs.EMPTY, List.of("table", "rank 2", "f32[10]"), TensorType.f32(10), TensorType.i32(4));
        assertShapeError(GatherOps.EMBEDDING, Attrs.EMPTY, List.of("table", "i32[10,8]"), TensorType.i32(10, 8), TensorType.i32(4));
    }

    @Test
    void looksUpRows() {
        Tensor table = iota(TensorType.f32(4, 2));
        Tensor ids = Tensor.of(TensorType.i32(2, 2), 3, 0, 0, 1);
        assertValues(TensorType.f32(2, 2, 2), new double[] {6, 7, 0, 1, 0, 1, 2, 3}, eval(GatherOps.EMBEDDING, Attrs.EMPTY, table, ids), 0);
    }

    @Test
    void rejectsIdsOutsideTheTable() {
        Tensor table = iota(TensorType.f32(4, 2));
        for (int bad : new int[] {4, -1}) {
            Tensor ids = Tensor.of(TensorType.i32(2), 0, bad);
            String m = assertThrows(IllegalArgumentException.class, () -> eval(GatherOps.EMBEDDING, Attrs.EMPTY, table, ids)).getMessage();
            assertEquals("embedding: id " + bad + " is out of range for a table of 4 rows", m);
        }
    }
}
