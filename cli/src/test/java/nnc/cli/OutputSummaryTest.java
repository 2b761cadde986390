package nnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import nnc.ir.DType;
import nnc.ir.Tensor;
import nnc.ir.TensorType;
import org.junit.jupiter.api.Test;

class OutputSummaryTest {
    @Test
    void showsTheFirstValuesAndTheSum() {
        Tensor t = Tensor.of(TensorType.f32(2, 4), 1, 2, 3, 4, 5, 6, 7, 8.5);
        assertEquals("output h : f32[2,4] = [1, 2, 3, 4, 5, 6, ...] sum=36.5", OutputSummary.line("h", t));
    }

    @Test
    void scalarsShowTheirValue() {
        assertEquals("output loss : f32[] = 2.30259", OutputSummary.line("loss", Tensor.scalar(Math.log(10))));
    }

    @Test
    void integersPrintExactly() {
        Tensor t = Tensor.of(TensorType.i32(3), 7, -2, 123456789);
        assertEquals("output ids : i32[3] = [7, -2, 123456789] sum=123456794", OutputSummary.line("ids", t));
    }

    @Test
    void floatsKeepSixSignificantDigits() {
        assertEquals("0.333333", OutputSummary.number(1.0 / 3, DType.F32));
        assertEquals("-1234.57", OutputSummary.number(-1234.5678, DType.F32));
        assertEquals("0", OutputSummary.number(0, DType.F32));
        assertEquals("1.5e-7", OutputSummary.number(1.5e-7, DType.F32));
        assertEquals("1.23457e+9", OutputSummary.number(1234567890, DType.F32));
        assertEquals("nan", OutputSummary.number(Double.NaN, DType.F32));
        assertEquals("-inf", OutputSummary.number(Double.NEGATIVE_INFINITY, DType.F32));
    }
}
