package nnc.backend.java;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import java.util.IdentityHashMap;
import java.util.Map;
import nnc.ir.OpKind;
import nnc.ir.ops.BinaryOps;
import nnc.ir.ops.UnaryOps;

/**
 * The vector-API template of the f32 elementwise ops that have one: an expression over {@code FloatVector}
 * locals computing the op in each lane, in float. The arithmetic ops and the gradients built from them
 * take the same float steps in the same order as {@link ScalarOps}, so they round alike; exp, log,
 * tanh and the functions built on them run in float with the vector API's own functions, within a few
 * ulps of the scalar templates' double precision. An op missing here keeps its loop scalar.
 */
final class VectorOps {
    @FunctionalInterface
    private interface Template {
        CodeBlock code(String[] a);
    }

    private static final ClassName VECTOR = MatmulVectors.FLOAT_VECTOR;
    private static final ClassName OPS = MatmulVectors.OPERATORS;
    private static final Map<OpKind, Template> F32 = new IdentityHashMap<>();

    static {
        F32.put(UnaryOps.NEG, a -> CodeBlock.of("$L.neg()", a[0]));
        F32.put(UnaryOps.EXP, a -> CodeBlock.of("$L.lanewise($T.EXP)", a[0], OPS));
        F32.put(UnaryOps.LOG, a -> CodeBlock.of("$L.lanewise($T.LOG)", a[0], OPS));
        F32.put(UnaryOps.SQRT, a -> CodeBlock.of("$L.sqrt()", a[0]));
        F32.put(UnaryOps.RSQRT, a -> CodeBlock.of("$T.broadcast($L, 1f).div($L.sqrt())", VECTOR, Helpers.SPECIES, a[0]));
        F32.put(UnaryOps.TANH, a -> CodeBlock.of("$L.lanewise($T.TANH)", a[0], OPS));
        F32.put(UnaryOps.SIGMOID, a -> CodeBlock.of("$T.broadcast($L, 1f).div($L.neg().lanewise($T.EXP).add(1f))", VECTOR, Helpers.SPECIES, a[0], OPS));
        // Where x > 0 fails (NaN included) the result is 0, as in the scalar template.
        F32.put(UnaryOps.RELU, a -> CodeBlock.of("$T.zero($L).blend($L, $L.compare($T.GT, 0f))", VECTOR, Helpers.SPECIES, a[0], a[0], OPS));
        F32.put(UnaryOps.GELU, a -> CodeBlock.of("$L.mul(0.5f).mul($L.add(1f))", a[0], tanhOfGeluArgument(a[0])));
        F32.put(UnaryOps.ABS, a -> CodeBlock.of("$L.abs()", a[0]));
        F32.put(UnaryOps.RELU_GRAD, a -> CodeBlock.of("$T.zero($L).blend($L, $L.compare($T.GT, 0f))", VECTOR, Helpers.SPECIES, a[0], a[1], OPS));
        F32.put(UnaryOps.SIGMOID_GRAD, a -> CodeBlock.of("$L.mul($L).mul($L.neg().add(1f))", a[0], a[1], a[1]));
        F32.put(UnaryOps.TANH_GRAD, a -> CodeBlock.of("$L.mul($L.mul($L).neg().add(1f))", a[0], a[1], a[1]));
        F32.put(UnaryOps.SQRT_GRAD, a -> CodeBlock.of("$L.mul(0.5f).div($L)", a[0], a[1]));
        F32.put(UnaryOps.RSQRT_GRAD, a -> CodeBlock.of("$L.mul(-0.5f).mul($L).mul($L).mul($L)", a[0], a[1], a[1], a[1]));
        F32.put(UnaryOps.GELU_GRAD, a -> CodeBlock.of("$L.mul($L)", a[0], geluSlope(a[1])));
        F32.put(BinaryOps.ADD, a -> CodeBlock.of("$L.add($L)", a[0], a[1]));
        F32.put(BinaryOps.SUB, a -> CodeBlock.of("$L.sub($L)", a[0], a[1]));
        F32.put(BinaryOps.MUL, a -> CodeBlock.of("$L.mul($L)", a[0], a[1]));
        F32.put(BinaryOps.DIV, a -> CodeBlock.of("$L.div($L)", a[0], a[1]));
        F32.put(BinaryOps.MAX, a -> CodeBlock.of("$L.max($L)", a[0], a[1]));
        F32.put(BinaryOps.MIN, a -> CodeBlock.of("$L.min($L)", a[0], a[1]));
        F32.put(BinaryOps.POW, a -> CodeBlock.of("$L.pow($L)", a[0], a[1]));
        F32.put(BinaryOps.GE, a -> CodeBlock.of("$T.zero($L).blend(1f, $L.compare($T.GE, $L))", VECTOR, Helpers.SPECIES, a[0], OPS, a[1]));
    }

    private VectorOps() {}

    /** tanh(sqrt(2/pi) * (x + 0.044715 x^3)), GELU's inner term. */
    private static CodeBlock tanhOfGeluArgument(String x) {
        return CodeBlock.of("$L.mul($L).mul($L).mul($Lf).add($L).mul($Lf).lanewise($T.TANH)", x, x, x, ScalarOps.GELU_CUBIC, x,
                (float) Math.sqrt(2 / Math.PI), OPS);
    }

    /** d/dx of GELU's tanh form: 0.5 (1 + t) + 0.5 x (1 - t^2) sqrt(2/pi) (1 + 3 * 0.044715 x^2). */
    private static CodeBlock geluSlope(String x) {
        CodeBlock t = tanhOfGeluArgument(x);
        return CodeBlock.of("$L.add(1f).mul(0.5f).add($L.mul(0.5f).mul($L.mul($L).neg().add(1f)).mul($Lf).mul($L.mul($L).mul($Lf).add(1f)))", t, x, t, t,
                (float) Math.sqrt(2 / Math.PI), x, x, 3 * Float.parseFloat(ScalarOps.GELU_CUBIC));
    }

    static boolean supports(OpKind op) {
        return F32.containsKey(op);
    }

    /** The expression for f32 {@code op} on vector locals {@code args}. */
    static CodeBlock code(OpKind op, String[] args) {
        Template t = F32.get(op);
        if (t == null) throw new IllegalArgumentException("no vector template for " + op.name());
        return t.code(args);
    }
}
