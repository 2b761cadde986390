package nnc.backend.kernel;

/**
 * The shapes of a 2-D convolution in NCHW layout: input {@code [n, c, h, w]}, weight
 * {@code [o, c/groups, kh, kw]}, output {@code [n, o, ho, wo]}; output position {@code oy} reads input
 * rows {@code oy * strideH - padH + ky * dilH}.
 */
public record ConvGeometry(int n, int c, int h, int w, int o, int kh, int kw, int ho, int wo,
        int strideH, int strideW, int padH, int padW, int dilH, int dilW, int groups) {
    /** Input channels per group, the weight's second dimension. */
    public int cg() {
        return c / groups;
    }

    /** Output channels per group. */
    public int og() {
        return o / groups;
    }

    /** Multiply-adds of the whole convolution (and of each of its gradients). */
    public long macs() {
        return (long) n * o * ho * wo * cg() * kh * kw;
    }
}
