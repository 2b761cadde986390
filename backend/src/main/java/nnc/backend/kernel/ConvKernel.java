package nnc.backend.kernel;

/**
 * A convolution or one of its gradients, with an optional fused epilogue over the result's four
 * coordinates (null: the result is stored as it is). Operands by {@link Kind}: forward reads x and w
 * into y {@code [n, o, ho, wo]}; {@code GRAD_INPUT} reads dy and w into dx {@code [n, c, h, w]};
 * {@code GRAD_WEIGHT} reads x and dy into dw {@code [o, c/groups, kh, kw]}. The result is dense at
 * {@link #output()}. Parallel units are the result's planes: {@code n * o}, {@code n * c} and
 * {@code o * c/groups} respectively, each summed wholly by one worker.
 */
public record ConvKernel(String name, String summary, Kind kind, ConvGeometry geometry, TensorRef first, TensorRef second,
        TensorRef output, Expr epilogue, boolean accumulateInOutput, Parallel parallel) implements Kernel {
    public enum Kind {
        FORWARD,
        GRAD_INPUT,
        GRAD_WEIGHT
    }
}
