package nnc.ir.ops;

import static nnc.ir.ops.OpTesting.assertSame;
import static nnc.ir.ops.OpTesting.assertShapeError;
import static nnc.ir.ops.OpTesting.assertValues;
import static nnc.ir.ops.OpTesting.eval;
import static nnc.ir.ops.OpTesting.infer;
import static nnc.ir.ops.OpTesting.iota;
import static nnc.ir.ops.OpTesting.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import nnc.ir.Attrs;
import nnc.ir.FusionPattern;
import nnc.ir.Tensor;
import nnc.ir.TensorType;
import org.junit.jupiter.api.Test;

class ShapeOpsTest {
    @Test
    void reshapeKeepsTheElementOrder() {
        Attrs to32 = Attrs.of("shape", List.of(3, 2));
        assertEquals(TensorType.i32(3, 2), infer(ShapeOps.RESHAPE, to32, TensorType.i32(2, 3)));
        assertValues(TensorType.f32(3, 2), new double[] {0, 1, 2, 3, 4, 5}, eval(ShapeOps.RESHAPE, to32, iota(TensorType.f32(2, 3))), 0);
        assertEquals(TensorType.f32(), infer(ShapeOps.RESHAPE, Attrs.of("shape", List.of()), TensorType.f32(1, 1)));
    }

    @Test
    void reshapeRejectsADifferentElementCount() {
        assertShapeError(ShapeOps.RESHAPE, Attrs.of("shape", List.of(4, 2)), List.of("f32[2,3]", "6 elements", "[4,2]", "8 elements"),
                TensorType.f32(2, 3));
        assertShapeError(ShapeOps.RESHAPE, Attrs.of("shape", List.of(-1, 6)), List.of("negative"), TensorType.f32(2, 3));
    }

    @Test
    void transposePermutesAxes() {
        Attrs swap = Attrs.of("perm", List.of(1, 0));
        assertValues(TensorType.f32(3, 2), new double[] {0, 3, 1, 4, 2, 5}, eval(ShapeOps.TRANSPOSE, swap, iota(TensorType.f32(2, 3))), 0);
        Tensor x = iota(TensorType.f32(2, 3, 4));
        Tensor y = eval(ShapeOps.TRANSPOSE, Attrs.of("perm", List.of(2, 0, 1)), x);
        assertEquals(TensorType.f32(4, 2, 3), y.type());
        for (int a = 0; a < 2; a++) {
            for (int b = 0; b < 3; b++) {
                for (int c = 0; c < 4; c++) assertEquals(x.get((a * 3 + b) * 4 + c), y.get((c * 2 + a) * 3 + b));
            }
        }
    }

    @Test
    void transposeRejectsNonPermutations() {
        assertShapeError(ShapeOps.TRANSPOSE, Attrs.of("perm", List.of(0, 0)), List.of("[0, 0]", "f32[2,3]"), TensorType.f32(2, 3));
        assertShapeError(ShapeOps.TRANSPOSE, Attrs.of("perm", List.of(1, 0)), List.of("[1, 0]", "f32[2,3,4]"), TensorType.f32(2, 3, 4));
        assertShapeError(ShapeOps.TRANSPOSE, Attrs.of("perm", List.of(0, 2)), List.of("not a permutation"), TensorType.f32(2, 3));
    }

    @Test
    void concatJoinsAlongTheAxis() {
        Tensor a = iota(TensorType.f32(2, 2));
        Tensor b = Tensor.of(TensorType.f32(2, 1), 10, 11);
        assertValues(TensorType.f32(2, 3), new double[] {0, 1, 10, 2, 3, 11}, eval(ShapeOps.CONCAT, Attrs.of("axis", 1), a, b), 0);
        Tensor c = Tensor.of(TensorType.f32(1, 2), 20, 21);
        assertValues(TensorType.f32(3, 2), new double[] {0, 1, 2, 3, 20, 21}, eval(ShapeOps.CONCAT, Attrs.EMPTY, a, c), 0);
        assertSame(a, eval(ShapeOps.CONCAT, Attrs.EMPTY, a), 0);
    }

    @Test
    void concatRejectsMismatchedOperands() {
        assertShapeError(ShapeOps.CONCAT, Attrs.of("axis", 1), List.of("f32[2,2]", "f32[3,1]", "dimension 0 (2 vs 3)"),
                TensorType.f32(2, 2), TensorType.f32(3, 1));
        assertShapeError(ShapeOps.CONCAT, Attrs.EMPTY, List.of("f32[2]", "i32[2]"), TensorType.f32(2), TensorType.i32(2));
        assertShapeError(ShapeOps.CONCAT, Attrs.EMPTY, List.of("f32[2]", "f32[2,1]", "rank"), TensorType.f32(2), TensorType.f32(2, 1));
        assertShapeError(ShapeOps.CONCAT, Attrs.of("axis", 1), List.of("axis 1", "f32[2]"), TensorType.f32(2), TensorType.f32(2));
        assertShapeError(ShapeOps.CONCAT, Attrs.EMPTY, List.of("at least 1"));
    }

    @Test
    void sliceTakesAWindowOfOneAxis() {
        Tensor x = iota(TensorType.f32(2, 4));
        assertValues(TensorType.f32(2, 2), new double[] {1, 2, 5, 6},
                eval(ShapeOps.SLICE, Attrs.of("axis", 1, "start", 1, "end", 3), x), 0);
        assertValues(TensorType.f32(1, 4), new double[] {4, 5, 6, 7}, eval(ShapeOps.SLICE, Attrs.of("axis", 0, "start", 1, "end", 2), x), 0);
        assertEquals(TensorType.f32(2, 0), infer(ShapeOps.SLICE, Attrs.of("axis", 1, "start", 4, "end", 4), x.type()));
    }

    @Test
    void sliceRejectsRangesOutsideTheAxis() {
        assertShapeError(ShapeOps.SLICE, Attrs.of("axis", 1, "start", 2, "end", 5), List.of("2:5", "f32[2,4]", "<= 4"), TensorType.f32(2, 4));
        assertShapeError(ShapeOps.SLICE, Attrs.of("axis", 1, "start", 3, "end", 2), List.of("3:2"), TensorType.f32(2, 4));
        assertShapeError(ShapeOps.SLICE, Attrs.of("axis", 2, "start", 0, "end", 1), List.of("axis 2", "f32[2,4]"), TensorType.f32(2, 4));
    }

    /** Slicing a concatenation along its axis gives back the operands. */
    @Test
    void sliceUndoesConcat() {
        Tensor a = random(TensorType.f32(2, 3, 4), 1);
        Tensor b = random(TensorType.f32(2, 5, 4), 2);
        Tensor ab = eval(ShapeOps.CONCAT, Attrs.of("axis", 1), a, b);
        assertSame(a, eval(ShapeOps.SLICE, Attrs.of("axis", 1, "start", 0, "end", 3), ab), 0);
        assertSame(b, eval(ShapeOps.SLICE, Attrs.of("axis", 1, "start", 3, "end", 8), ab), 0);
    }

    @Test
    void movingElementsCostsNoFlops() {
        for (var op : ShapeOps.ALL) assertEquals(0, op.flops(List.of(TensorType.f32(2, 3)), Attrs.EMPTY, TensorType.f32(2, 3)));
    }

    @Test
    void padAddsZerosAroundOneAxis() {
        Tensor x = iota(TensorType.f32(2, 2));
        assertValues(TensorType.f32(2, 4), new double[] {0, 0, 1, 0, 0, 2, 3, 0},
                eval(ShapeOps.PAD, Attrs.of("axis", 1, "before", 1, "after", 1), x), 0);
        assertValues(TensorType.f32(3, 2), new double[] {0, 1, 2, 3, 0, 0}, eval(ShapeOps.PAD, Attrs.of("axis", 0, "before", 0, "after", 1), x), 0);
        assertShapeError(ShapeOps.PAD, Attrs.of("axis", 0, "before", -1, "after", 0), List.of("pad", "negative", "-1"), x.type());
        assertShapeError(ShapeOps.PAD, Attrs.of("axis", 2, "before", 0, "after", 0), List.of("axis 2", "f32[2,2]"), x.type());
    }

    /** Padding a slice back to its extent keeps the window and zeroes the rest. */
    @Test
    void padUndoesSliceWhereTheSliceKeptValues() {
        Tensor x = random(TensorType.f32(2, 5, 3), 3);
        Tensor window = eval(ShapeOps.SLICE, Attrs.of("axis", 1, "start", 1, "end", 3), x);
        Tensor padded = eval(ShapeOps.PAD, Attrs.of("axis", 1, "before", 1, "after", 2), window);
        assertEquals(x.type(), padded.type());
        assertSame(window, eval(ShapeOps.SLICE, Attrs.of("axis", 1, "start", 1, "end", 3), padded), 0);
        assertArrayEquals(new double[2 * 2 * 3], eval(ShapeOps.SLICE, Attrs.of("axis", 1, "start", 3, "end", 5), padded).toArray());
        assertArrayEquals(new double[2 * 1 * 3], eval(ShapeOps.SLICE, Attrs.of("axis", 1, "start", 0, "end", 1), padded).toArray());
    }

    @Test
    void broadcastToRepeatsLikeNumPy() {
        Tensor column = Tensor.of(TensorType.f32(2, 1), 1, 2);
        assertValues(TensorType.f32(2, 2, 3), new double[] {1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2},
                eval(ShapeOps.BROADCAST_TO, Attrs.of("shape", List.of(2, 2, 3)), column), 0);
        assertEquals(FusionPattern.BROADCAST, ShapeOps.BROADCAST_TO.pattern());
        assertShapeError(ShapeOps.BROADCAST_TO, Attrs.of("shape", List.of(3, 3)), List.of("f32[2,1]", "does not broadcast", "[3,3]"),
                column.type());
        assertShapeError(ShapeOps.BROADCAST_TO, Attrs.of("shape", List.of(2)), List.of("does not broadcast"), column.type());
    }
}
