package nnc.backend.java;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import nnc.backend.kernel.ReduceKernel;
import nnc.ir.DType;

/**
 * A {@link ReduceKernel}. In {@code INNER} order each result folds its elements in a local: a double
 * for f32 (the interpreter's precision), a long for i32. In {@code OUTER} order the output is the
 * accumulator, filled with the identity first and divided at the end.
 */
final class ReduceCode {
    private ReduceCode() {}

    static MethodSpec of(ReduceKernel k, ElementCode el) {
        CodeBlock.Builder code = CodeBlock.builder();
        boolean max = k.combiner() == ReduceKernel.Combiner.MAX;
        int rank = k.loops().rank();
        if (k.order() == ReduceKernel.Order.OUTER) {
            String q = el.local("t");
            code.beginControlFlow("for (int $L = 0; $L < $L; $L++)", q, q, k.output().numel(), q);
            code.addStatement("$L = $L", el.load(k.output(), k.output().offset() + " + " + q), max ? "Float.NEGATIVE_INFINITY" : "0f");
            code.endControlFlow();
            open(code, k, 0, rank);
            String v = el.emit(code, k.element(), null);
            String out = el.load(k.output(), el.index().of(k.store()));
            fold(code, max, out, v);
            close(code, rank);
            if (k.divisor() != 1) {
                code.beginControlFlow("for (int $L = 0; $L < $L; $L++)", q, q, k.output().numel(), q);
                code.addStatement("$L /= $L", el.load(k.output(), k.output().offset() + " + " + q), k.divisor());
                code.endControlFlow();
            }
            return KernelMethod.builder(k).addCode(code.build()).build();
        }
        int kept = k.keptPrefix();
        boolean ints = k.output().dtype() == DType.I32;
        open(code, k, 0, kept);
        String acc = el.local("v");
        String identity = max ? (ints ? "Long.MIN_VALUE" : "Double.NEGATIVE_INFINITY") : "0";
        code.addStatement("$L $L = $L", ints ? "long" : "double", acc, identity);
        open(code, k, kept, rank);
        String v = el.emit(code, k.element(), null);
        fold(code, max, acc, v);
        close(code, rank - kept);
        String result = ints ? "(int) ((double) " + acc + " / " + k.divisor() + ")" : "(float) (" + acc + " / " + k.divisor() + ")";
        el.store(code, k.output(), el.index().of(k.store()), result);
        close(code, kept);
        return KernelMethod.builder(k).addCode(code.build()).build();
    }

    private static void fold(CodeBlock.Builder code, boolean max, String acc, String v) {
        if (max) code.addStatement("$L = Math.max($L, $L)", acc, acc, v);
        else code.addStatement("$L += $L", acc, v);
    }

    private static void open(CodeBlock.Builder code, ReduceKernel k, int from, int to) {
        for (int i = from; i < to; i++) {
            String v = IndexCode.var(i);
            if (i == 0) KernelMethod.openUnits(code, k.parallel(), v);
            else code.beginControlFlow("for (int $L = 0; $L < $L; $L++)", v, v, k.loops().extent(i), v);
        }
    }

    private static void close(CodeBlock.Builder code, int loops) {
        for (int i = 0; i < loops; i++) code.endControlFlow();
    }
}
