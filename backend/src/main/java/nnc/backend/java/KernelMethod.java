package nnc.backend.java;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import javax.lang.model.element.Modifier;
import nnc.backend.kernel.Kernel;
import nnc.backend.kernel.Parallel;

/**
 * The frame every kernel method shares: a private method named after the kernel, documented with what
 * it computes, taking the block number when its unit loop is split across cores ({@code lo} and
 * {@code hi} then bound the block's units).
 */
final class KernelMethod {
    private static final ClassName WORKERS = ClassName.get("nnc.runtime", "Workers");
    private KernelMethod() {}

    static MethodSpec.Builder builder(Kernel k) {
        MethodSpec.Builder m = MethodSpec.methodBuilder(k.name()).addModifiers(Modifier.PRIVATE).addJavadoc("$L\n", k.summary());
        if (!k.parallel().isSerial()) m.addParameter(int.class, "block");
        return m;
    }

    /**
     * Opens the loop over this block's units with variable {@code var}: all of them when the kernel is
     * serial. Close it with {@link CodeBlock.Builder#endControlFlow()}.
     */
    static void openUnits(CodeBlock.Builder code, Parallel p, String var) {
        openUnits(code, p, var, p.units());
    }

    /**
     * Opens the loop over this block's share of {@code tasks}, each a run of consecutive units (the same
     * number for all); blocks beyond the tasks get none.
     */
    static void openUnits(CodeBlock.Builder code, Parallel p, String var, long tasks) {
        String[] range = units(code, p, tasks);
        code.beginControlFlow("for (int $L = $L; $L < $L; $L++)", var, range[0], var, range[1], var);
    }

    /** The first and the end of this block's share of {@code tasks}, declaring {@code lo} and {@code hi} when the kernel is split. */
    static String[] units(CodeBlock.Builder code, Parallel p, long tasks) {
        if (p.isSerial()) return new String[] {"0", String.valueOf(tasks)};
        code.addStatement("int lo = (int) ((long) block * $L / $L)", tasks, p.blocks());
        code.addStatement("int hi = (int) ((long) (block + 1) * $L / $L)", tasks, p.blocks());
        return new String[] {"lo", "hi"};
    }

    /** How the step method calls kernel {@code k}: directly, or its blocks on the runtime's workers. */
    static CodeBlock call(Kernel k) {
        if (k.parallel().isSerial()) return CodeBlock.of("$N()", k.name());
        return CodeBlock.of("$T.run($L, this::$N)", WORKERS, k.parallel().blocks(), k.name());
    }
}
