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

class BinaryOpsTest {
    @Test
    void broadcastsLikeNumPy() {
        assertEquals(TensorType.f32(4, 2, 3), infer(BinaryOps.ADD, Attrs.EMPTY, TensorType.f32(2, 1), TensorType.f32(4, 1, 3)));
        Tensor rows = iota(TensorType.f32(2, 3));
        Tensor column = Tensor.of(TensorType.f32(2, 1), 10, 20);
        assertValues(TensorType.f32(2, 3), new double[] {10, 11, 12, 23, 24, 25}, eval(BinaryOps.ADD, Attrs.EMPTY, rows, column), 0);
        assertValues(TensorType.f32(2, 3), new double[] {0, 2, 4, 6, 8, 10},
                eval(BinaryOps.MUL, Attrs.EMPTY, rows, Tensor.scalar(2)), 0);
    }

    @Test
    void rejectsShapesThatDoNotBroadcastAndMixedDtypes() {
        assertShapeError(BinaryOps.SUB, Attrs.EMPTY, List.of("[2,3]", "[4]", "do not broadcast"), TensorType.f32(2, 3), TensorType.f32(4));
        assertShapeError(BinaryOps.ADD, Attrs.EMPTY, List.of("f32[2]", "i32[2]"), TensorType.f32(2), TensorType.i32(2));
    }

    @Test
    void f32DivisionIsExact() {
        Tensor a = Tensor.of(TensorType.f32(2), 7, -7);
        assertValues(TensorType.f32(2), new double[] {3.5, -3.5}, eval(BinaryOps.DIV, Attrs.EMPTY, a, Tensor.of(TensorType.f32(), 2)), 0);
    }

    @Test
    void i32DivisionTruncatesTowardZeroAndRejectsZero() {
        Tensor a = Tensor.of(TensorType.i32(4), 7, -7, 7, -7);
        Tensor b = Tensor.of(TensorType.i32(4), 2, 2, -2, -2);
        assertValues(TensorType.i32(4), new double[] {3, -3, -3, 3}, eval(BinaryOps.DIV, Attrs.EMPTY, a, b), 0);
        Tensor zero = Tensor.of(TensorType.i32(), 0);
        assertThrows(ArithmeticException.class, () -> eval(BinaryOps.DIV, Attrs.EMPTY, a, zero));
    }

    @Test
    void i32ArithmeticWrapsLikeJavaInts() {
        Tensor max = Tensor.of(TensorType.i32(), Integer.MAX_VALUE);
        assertValues(TensorType.i32(), new double[] {Integer.MIN_VALUE},
                eval(BinaryOps.ADD, Attrs.EMPTY, max, Tensor.of(TensorType.i32(), 1)), 0);
        assertValues(TensorType.i32(2), new double[] {8, 0},
                eval(BinaryOps.POW, Attrs.EMPTY, Tensor.of(TensorType.i32(2), 2, 2), Tensor.of(TensorType.i32(2), 3, -1)), 0);
    }

    @Test
    void maxMinAndPowOnF32() {
        Tensor a = Tensor.of(TensorType.f32(3), 1, -2, 3);
        Tensor b = Tensor.of(TensorType.f32(3), 0, 5, 3);
        assertValues(TensorType.f32(3), new double[] {1, 5, 3}, eval(BinaryOps.MAX, Attrs.EMPTY, a, b), 0);
        assertValues(TensorType.f32(3), new double[] {0, -2, 3}, eval(BinaryOps.MIN, Attrs.EMPTY, a, b), 0);
        assertValues(TensorType.f32(3), new double[] {1, -32, 27}, eval(BinaryOps.POW, Attrs.EMPTY, a, b), 0);
    }

    @Test
    void geIsAMaskInTheOperandsDtype() {
        Tensor a = Tensor.of(TensorType.f32(2, 2), 1, 2, 3, 4);
        assertValues(TensorType.f32(2, 2), new double[] {0, 1, 1, 1}, eval(BinaryOps.GE, Attrs.EMPTY, a, Tensor.scalar(2)), 0);
        assertValues(TensorType.f32(2, 2), new double[] {1, 0, 1, 1},
                eval(BinaryOps.GE, Attrs.EMPTY, a, Tensor.of(TensorType.f32(2), 1, 3)), 0);
        assertValues(TensorType.i32(2), new double[] {1, 0},
                eval(BinaryOps.GE, Attrs.EMPTY, Tensor.of(TensorType.i32(2), 5, -5), Tensor.of(TensorType.i32(), 0)), 0);
    }
}
