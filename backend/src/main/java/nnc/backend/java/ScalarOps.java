package nnc.backend.java;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import nnc.ir.DType;
import nnc.ir.OpKind;
import nnc.ir.ops.BinaryOps;
import nnc.ir.ops.ConstantOps;
import nnc.ir.ops.UnaryOps;

/**
 * The Java template of every elementwise op, keyed by op: an expression over its operands' values
 * (locals or literals). f32 values are {@code float}s; transcendental functions run in double as
 * {@link Math} offers them (tanh as {@link Helpers#TANH}, over exp) and round once. i32 values are
 * {@code int}s with Java's wrapping arithmetic, which is the IR's.
 */
final class ScalarOps {
    static final String SQRT_2_OVER_PI = Double.toString(Math.sqrt(2 / Math.PI));
    static final String GELU_CUBIC = "0.044715";

    @FunctionalInterface
    private interface Template {
        String code(String[] a, Helpers helpers);
    }

    private static final Map<OpKind, Template> F32 = new IdentityHashMap<>();
    private static final Map<OpKind, Template> I32 = new IdentityHashMap<>();

    static {
        F32.put(UnaryOps.NEG, (a, h) -> "-" + a[0]);
        F32.put(UnaryOps.EXP, (a, h) -> "(float) Math.exp(" + a[0] + ")");
        F32.put(UnaryOps.LOG, (a, h) -> "(float) Math.log(" + a[0] + ")");
        F32.put(UnaryOps.SQRT, (a, h) -> "(float) Math.sqrt(" + a[0] + ")");
        F32.put(UnaryOps.RSQRT, (a, h) -> "(float) (1 / Math.sqrt(" + a[0] + "))");
        F32.put(UnaryOps.TANH, (a, h) -> "(float) " + h.use(Helpers.TANH) + "(" + a[0] + ")");
        F32.put(UnaryOps.SIGMOID, (a, h) -> "(float) (1 / (1 + Math.exp(-" + a[0] + ")))");
        F32.put(UnaryOps.RELU, (a, h) -> a[0] + " > 0 ? " + a[0] + " : 0f");
        F32.put(UnaryOps.GELU, (a, h) -> "(float) (0.5 * " + a[0] + " * (1 + " + h.use(Helpers.TANH) + "(" + SQRT_2_OVER_PI + " * (" + a[0] + " + "
                + GELU_CUBIC + " * " + a[0] + " * " + a[0] + " * " + a[0] + "))))");
        F32.put(UnaryOps.ABS, (a, h) -> "Math.abs(" + a[0] + ")");
        F32.put(UnaryOps.RELU_GRAD, (a, h) -> a[1] + " > 0 ? " + a[0] + " : 0f");
        F32.put(UnaryOps.SIGMOID_GRAD, (a, h) -> a[0] + " * " + a[1] + " * (1 - " + a[1] + ")");
        F32.put(UnaryOps.TANH_GRAD, (a, h) -> a[0] + " * (1 - " + a[1] + " * " + a[1] + ")");
        F32.put(UnaryOps.SQRT_GRAD, (a, h) -> a[0] + " * 0.5f / " + a[1]);
        F32.put(UnaryOps.RSQRT_GRAD, (a, h) -> "-0.5f * " + a[0] + " * " + a[1] + " * " + a[1] + " * " + a[1]);
        F32.put(UnaryOps.GELU_GRAD, (a, h) -> {
            h.use(Helpers.TANH);
            return "(float) (" + a[0] + " * " + h.use(Helpers.GELU_SLOPE) + "(" + a[1] + "))";
        });
        F32.put(UnaryOps.ABS_GRAD, (a, h) -> a[0] + " * Math.signum(" + a[1] + ")");
        F32.put(BinaryOps.ADD, (a, h) -> a[0] + " + " + a[1]);
        F32.put(BinaryOps.SUB, (a, h) -> a[0] + " - " + a[1]);
        F32.put(BinaryOps.MUL, (a, h) -> a[0] + " * " + a[1]);
        F32.put(BinaryOps.DIV, (a, h) -> a[0] + " / " + a[1]);
        F32.put(BinaryOps.MAX, (a, h) -> "Math.max(" + a[0] + ", " + a[1] + ")");
        F32.put(BinaryOps.MIN, (a, h) -> "Math.min(" + a[0] + ", " + a[1] + ")");
        F32.put(BinaryOps.POW, (a, h) -> "(float) Math.pow(" + a[0] + ", " + a[1] + ")");
        F32.put(BinaryOps.GE, (a, h) -> a[0] + " >= " + a[1] + " ? 1f : 0f");
        I32.put(BinaryOps.ADD, (a, h) -> a[0] + " + " + a[1]);
        I32.put(BinaryOps.SUB, (a, h) -> a[0] + " - " + a[1]);
        I32.put(BinaryOps.MUL, (a, h) -> a[0] + " * " + a[1]);
        I32.put(BinaryOps.DIV, (a, h) -> h.use(Helpers.DIV_I32) + "(" + a[0] + ", " + a[1] + ")");
        I32.put(BinaryOps.MAX, (a, h) -> "Math.max(" + a[0] + ", " + a[1] + ")");
        I32.put(BinaryOps.MIN, (a, h) -> "Math.min(" + a[0] + ", " + a[1] + ")");
        I32.put(BinaryOps.POW, (a, h) -> "(int) Math.pow(" + a[0] + ", " + a[1] + ")");
        I32.put(BinaryOps.GE, (a, h) -> a[0] + " >= " + a[1] + " ? 1 : 0");
    }

    private ScalarOps() {}

    /** Whether {@code op} has a template (casts are handled by dtype, not by template). */
    static boolean supports(OpKind op) {
        return op == ConstantOps.CAST || F32.containsKey(op);
    }

    /**
     * The expression for {@code op} with result dtype {@code dtype} on operand values {@code args} of
     * dtypes {@code argTypes}. Literal operands must be parenthesized when negative.
     */
    static String code(OpKind op, DType dtype, List<String> args, List<DType> argTypes, Helpers helpers) {
        if (op == ConstantOps.CAST) {
            if (dtype == argTypes.get(0)) return args.get(0);
            return (dtype == DType.I32 ? "(int) " : "(float) ") + args.get(0);
        }
        Template t = (argTypes.get(0) == DType.I32 ? I32 : F32).get(op);
        if (t == null) throw new IllegalArgumentException("no " + argTypes.get(0) + " template for " + op.name());
        return t.code(args.toArray(String[]::new), helpers);
    }

    /** A Java literal for a constant of {@code dtype}. */
    static String literal(double value, DType dtype) {
        if (dtype == DType.I32) {
            int v = (int) value;
            return v < 0 ? "(" + v + ")" : Integer.toString(v);
        }
        float f = (float) value;
        if (Float.isNaN(f)) return "Float.NaN";
        if (Float.isInfinite(f)) return f > 0 ? "Float.POSITIVE_INFINITY" : "Float.NEGATIVE_INFINITY";
        String s = Float.toString(f) + "f";
        return f < 0 || (f == 0 && 1 / f < 0) ? "(" + s + ")" : s;
    }
}
