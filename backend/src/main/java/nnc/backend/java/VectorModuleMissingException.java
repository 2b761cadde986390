package nnc.backend.java;

/**
 * The JVM running nnc lacks the vector API module the generated kernels use, so they cannot be loaded
 * here: a setup problem of the user's, not a bug.
 */
public final class VectorModuleMissingException extends RuntimeException {
    VectorModuleMissingException() {
        super("the Java target's kernels use the JDK's vector API: start java with --add-modules " + InMemoryCompiler.VECTOR_MODULE
                + " (the nnc launcher does)");
    }
}
