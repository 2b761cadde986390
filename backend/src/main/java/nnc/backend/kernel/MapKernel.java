package nnc.backend.kernel;

/**
 * Elementwise and movement ops, alone or fused into one loop nest: for every point of {@code loops},
 * {@code output[store] = value}. Loops are already collapsed where the strides allow, so a same-shape
 * chain is one flat loop. {@link #parallel()} splits loop 0.
 */
public record MapKernel(String name, String summary, LoopNest loops, TensorRef output, Index store, Expr value, Parallel parallel)
        implements Kernel {}
