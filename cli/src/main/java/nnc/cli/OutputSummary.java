package nnc.cli;

import java.math.BigDecimal;
import java.math.MathContext;
import nnc.ir.DType;
import nnc.ir.Tensor;

/** One line per output of {@code nnc run}: name, type, the first few values and the sum of all. */
final class OutputSummary {
    private static final int SHOWN = 6;
    private static final MathContext DIGITS = new MathContext(6);

    private OutputSummary() {}

    /** {@code output logits : f32[2,10] = [0.1, -2.5, ...] sum=-3.25}; a scalar prints just its value. */
    static String line(String name, Tensor t) {
        StringBuilder sb = new StringBuilder("output ").append(name).append(" : ").append(t.type()).append(" = ");
        if (t.type().rank() == 0) return sb.append(number(t.get(0), t.type().dtype())).toString();
        sb.append('[');
        double sum = 0;
        for (int i = 0; i < t.size(); i++) {
            sum += t.get(i);
            if (i < SHOWN) sb.append(i > 0 ? ", " : "").append(number(t.get(i), t.type().dtype()));
        }
        if (t.size() > SHOWN) sb.append(", ...");
        return sb.append("] sum=").append(number(sum, t.type().dtype())).toString();
    }

    /** Integers exactly; floats to six significant digits, in plain notation unless very large or small. */
    static String number(double v, DType dtype) {
        if (dtype == DType.I32) return Long.toString((long) v);
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        BigDecimal d = new BigDecimal(v).round(DIGITS).stripTrailingZeros();
        double abs = Math.abs(v);
        boolean plain = abs == 0 || (abs >= 1e-4 && abs < 1e6);
        return plain ? d.toPlainString() : d.toString().replace("E", "e");
    }
}
