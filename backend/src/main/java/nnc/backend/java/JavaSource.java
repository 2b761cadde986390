package nnc.backend.java;

import nnc.backend.kernel.KernelProgram;

/** One generated network class: its package, simple name, source text and the kernel program it was emitted from. */
public record JavaSource(String packageName, String className, String code, KernelProgram program) {
    public String qualifiedName() {
        return packageName.isEmpty() ? className : packageName + "." + className;
    }

    /** Where the file goes under an output folder: {@code nnc/generated/Mlp.java}. */
    public String path() {
        return qualifiedName().replace('.', '/') + ".java";
    }
}
