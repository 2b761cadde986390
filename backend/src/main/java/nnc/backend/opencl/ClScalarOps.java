package nnc.backend.opencl;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import nnc.ir.DType;
import nnc.ir.OpKind;
import nnc.ir.ops.BinaryOps;
import nnc.ir.ops.ConstantOps;
import nnc.ir.ops.UnaryOps;

/**
 * The OpenCL C template of every elementwise op, keyed by op: an expression over its operands' values.
 * f32 values are {@code float}s computed with OpenCL's float built-ins (no double: many devices lack
 * it); i32 values are {@code int}s. Conversions saturate, as Java's casts do.
 */
final class ClScalarOps {
    @FunctionalInterface
    private interface Template {
        String code(String[] a);
    }

    private static final Map<OpKind, Template> F32 = new IdentityHashMap<>();
    private static final Map<OpKind, Template> I32 = new IdentityHashMap<>();

    static {
        F32.put(UnaryOps.NEG, a -> "-" + a[0]);
        F32.put(UnaryOps.EXP, a -> "exp(" + a[0] + ")");
        F32.put(UnaryOps.LOG, a -> "log(" + a[0] + ")");
        F32.put(UnaryOps.SQRT, a -> "sqrt(" + a[0] + ")");
        F32.put(UnaryOps.RSQRT, a -> "1.0f / sqrt(" + a[0] + ")");
        F32.put(UnaryOps.TANH, a -> "tanh(" + a[0] + ")");
        F32.put(UnaryOps.SIGMOID, a -> "1.0f / (1.0f + exp(-" + a[0] + "))");
        F32.put(UnaryOps.RELU, a -> a[0] + " > 0.0f ? " + a[0] + " : 0.0f");
        F32.put(UnaryOps.GELU, a -> "gelu(" + a[0] + ")");
        F32.put(UnaryOps.ABS, a -> "fabs(" + a[0] + ")");
        F32.put(UnaryOps.RELU_GRAD, a -> a[1] + " > 0.0f ? " + a[0] + " : 0.0f");
        F32.put(UnaryOps.SIGMOID_GRAD, a -> a[0] + " * " + a[1] + " * (1.0f - " + a[1] + ")");
        F32.put(UnaryOps.TANH_GRAD, a -> a[0] + " * (1.0f - " + a[1] + " * " + a[1] + ")");
        F32.put(UnaryOps.SQRT_GRAD, a -> a[0] + " * 0.5f / " + a[1]);
        F32.put(UnaryOps.RSQRT_GRAD, a -> "-0.5f * " + a[0] + " * " + a[1] + " * " + a[1] + " * " + a[1]);
        F32.put(UnaryOps.GELU_GRAD, a -> a[0] + " * gelu_slope(" + a[1] + ")");
        F32.put(UnaryOps.ABS_GRAD, a -> a[0] + " * sign(" + a[1] + ")");
        F32.put(BinaryOps.ADD, a -> a[0] + " + " + a[1]);
        F32.put(BinaryOps.SUB, a -> a[0] + " - " + a[1]);
        F32.put(BinaryOps.MUL, a -> a[0] + " * " + a[1]);
        F32.put(BinaryOps.DIV, a -> a[0] + " / " + a[1]);
        F32.put(BinaryOps.MAX, a -> "fmax(" + a[0] + ", " + a[1] + ")");
        F32.put(BinaryOps.MIN, a -> "fmin(" + a[0] + ", " + a[1] + ")");
        F32.put(BinaryOps.POW, a -> "pow(" + a[0] + ", " + a[1] + ")");
        F32.put(BinaryOps.GE, a -> a[0] + " >= " + a[1] + " ? 1.0f : 0.0f");
        I32.put(BinaryOps.ADD, a -> a[0] + " + " + a[1]);
        I32.put(BinaryOps.SUB, a -> a[0] + " - " + a[1]);
        I32.put(BinaryOps.MUL, a -> a[0] + " * " + a[1]);
        I32.put(BinaryOps.DIV, a -> "div_i32(" + a[0] + ", " + a[1] + ")");
        I32.put(BinaryOps.MAX, a -> "max(" + a[0] + ", " + a[1] + ")");
        I32.put(BinaryOps.MIN, a -> "min(" + a[0] + ", " + a[1] + ")");
        I32.put(BinaryOps.POW, a -> "convert_int_sat(pow((float) " + a[0] + ", (float) " + a[1] + "))");
        I32.put(BinaryOps.GE, a -> a[0] + " >= " + a[1] + " ? 1 : 0");
    }

    private ClScalarOps() {}

    static boolean supports(OpKind op) {
        return op == ConstantOps.CAST || F32.containsKey(op);
    }

    /** The expression for {@code op} with result {@code dtype} on operand values {@code args} of dtypes {@code argTypes}. */
    static String code(OpKind op, DType dtype, List<String> args, List<DType> argTypes) {
        if (op == ConstantOps.CAST) {
            if (dtype == argTypes.get(0)) return args.get(0);
            return dtype == DType.I32 ? "convert_int_sat(" + args.get(0) + ")" : "(float) " + args.get(0);
        }
        Template t = (argTypes.get(0) == DType.I32 ? I32 : F32).get(op);
        if (t == null) throw new IllegalArgumentException("no " + argTypes.get(0) + " template for " + op.name());
        return t.code(args.toArray(String[]::new));
    }

    /** A C literal for a constant of {@code dtype}, parenthesized when negative. */
    static String literal(double value, DType dtype) {
        if (dtype == DType.I32) {
            int v = (int) value;
            return v < 0 ? "(" + v + ")" : Integer.toString(v);
        }
        float f = (float) value;
        if (Float.isNaN(f)) return "NAN";
        if (Float.isInfinite(f)) return f > 0 ? "INFINITY" : "(-INFINITY)";
        String s = Float.toString(f) + "f";
        return f < 0 || (f == 0 && 1 / f < 0) ? "(" + s + ")" : s;
    }
}
