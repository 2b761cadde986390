package nnc.backend.kernel;

/**
 * One kernel to emit: the work of one scheduled node (a single op or a fused group), with every
 * operand resolved to memory and every loop bound, stride and offset a constant. A target emits each
 * kind with its own templates; which kind, which loops and how they split is decided here, once.
 */
public sealed interface Kernel permits MapKernel, MatmulKernel, ConvKernel, ReduceKernel, OpKernel {
    /** A name unique in the program, usable as an identifier: {@code k12_matmul}. */
    String name();

    /** What the kernel computes, for a comment: the ops of its group and the result type. */
    String summary();

    /** Where the result goes: the scheduled node's planned buffer. */
    TensorRef output();

    /** How the kernel's outermost loop splits across cores. */
    Parallel parallel();
}
