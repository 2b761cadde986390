package nnc.ir.ops;

import static nnc.ir.ops.OpTesting.assertShapeError;
import static nnc.ir.ops.OpTesting.assertValues;
import static nnc.ir.ops.OpTesting.eval;
import static nnc.ir.ops.OpTesting.infer;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import nnc.ir.Attrs;
import nnc.ir.Tensor;
import nnc.ir.TensorType;
import org.junit.jupiter.api.Test;

class ConstantOpsTest {
    private static final Attrs F32_2X3 = Attrs.of("dtype", "f32", "shape", List.of(2, 3), "value", 1.5);

    @Test
    void fillInfersDtypeAndShape() {
        assertEquals(TensorType.f32(2, 3), infer(ConstantOps.FILL, F32_2X3));
        assertEquals(TensorType.i32(), infer(ConstantOps.FILL, Attrs.of("dtype", "i32", "shape", List.of(), "value", 7)));
    }

    @Test
    void fillWritesTheValueEverywhere() {
        assertValues(TensorType.f32(2, 3), new double[] {1.5, 1.5, 1.5, 1.5, 1.5, 1.5}, eval(ConstantOps.FILL, F32_2X3), 0);
        assertEquals(0, ConstantOps.FILL.flops(List.of(), F32_2X3, TensorType.f32(2, 3)));
    }

    @Test
    void fillRejectsBadAttributes() {
        assertShapeError(ConstantOps.FILL, F32_2X3.with("dtype", "f64"), List.of("fill:", "\"f64\""));
        assertShapeError(ConstantOps.FILL, F32_2X3.with("shape", List.of(2, -1)), List.of("[2, -1]", "negative"));
        assertShapeError(ConstantOps.FILL, F32_2X3.with("dtype", "i32"), List.of("1.5", "i32"));
        assertShapeError(ConstantOps.FILL, F32_2X3.with("dtype", "i32").with("value", 3e9), List.of("3.0E9", "i32"));
        assertShapeError(ConstantOps.FILL, Attrs.of("dtype", "f32", "shape", List.of(2)), List.of("value"));
    }

    @Test
    void castTruncatesTowardZeroAndConvertsBack() {
        Tensor x = Tensor.of(TensorType.f32(5), -1.7, -0.5, 0.5, 2.9, 3);
        Tensor ints = eval(ConstantOps.CAST, Attrs.of("dtype", "i32"), x);
        assertValues(TensorType.i32(5), new double[] {-1, 0, 0, 2, 3}, ints, 0);
        assertValues(TensorType.f32(5), new double[] {-1, 0, 0, 2, 3}, eval(ConstantOps.CAST, Attrs.of("dtype", "f32"), ints), 0);
    }

    @Test
    void castKeepsTheShapeAndRejectsUnknownDtypes() {
        assertEquals(TensorType.i32(4, 2), infer(ConstantOps.CAST, Attrs.of("dtype", "i32"), TensorType.f32(4, 2)));
        assertShapeError(ConstantOps.CAST, Attrs.of("dtype", "bool"), List.of("cast:", "\"bool\""), TensorType.f32(4));
        assertShapeError(ConstantOps.CAST, Attrs.EMPTY, List.of("dtype"), TensorType.f32(4));
    }
}
