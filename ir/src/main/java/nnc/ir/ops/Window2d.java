package nnc.ir.ops;

import nnc.ir.Attrs;
import nnc.ir.OpKind;

/** The sliding window of a 2-D convolution or pooling op: kernel, stride, padding and dilation per axis. */
final class Window2d {
    private final int[] kernel;
    private final int[] stride;
    private final int[] padding;
    private final int[] dilation;

    private Window2d(int[] kernel, int[] stride, int[] padding, int[] dilation) {
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
    }

    /** Reads and checks {@code stride}, {@code padding} and, when the op has it, {@code dilation}. */
    static Window2d of(OpKind op, Attrs attrs, int[] kernel) {
        int[] dilation = attrs.has("dilation") ? Checks.pair(op, attrs, "dilation", 1) : new int[] {1, 1};
        return new Window2d(kernel, Checks.pair(op, attrs, "stride", 1), Checks.pair(op, attrs, "padding", 0), dilation);
    }

    int kernel(int axis) {
        return kernel[axis];
    }

    int padding(int axis) {
        return padding[axis];
    }

    /** Output size along {@code axis} (0 = h, 1 = w) for an input of size {@code in}; 0 when nothing fits. */
    int out(int axis, int in) {
        int room = in + 2 * padding[axis] - (dilation[axis] * (kernel[axis] - 1) + 1);
        return room < 0 ? 0 : room / stride[axis] + 1;
    }

    /** Input coordinate read by output position {@code o} at kernel tap {@code k} along {@code axis}. */
    int source(int axis, int o, int k) {
        return o * stride[axis] - padding[axis] + k * dilation[axis];
    }

    /** {@code kernel 3x3, stride 1x1, padding 0x0}, naming the dilation only when there is one. */
    @Override
    public String toString() {
        String s = "kernel " + pair(kernel) + ", stride " + pair(stride) + ", padding " + pair(padding);
        return dilation[0] == 1 && dilation[1] == 1 ? s : s + ", dilation " + pair(dilation);
    }

    private static String pair(int[] p) {
        return p[0] + "x" + p[1];
    }
}
