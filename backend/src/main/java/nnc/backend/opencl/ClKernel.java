package nnc.backend.opencl;

import java.util.List;
import java.util.stream.Collectors;
import nnc.backend.kernel.Buffer;

/**
 * One emitted OpenCL kernel: its name, OpenCL C source, the buffers it takes (in parameter order) and
 * how it is launched: {@code global} work-items per dimension, and the work-group size {@code local},
 * or null to let the device choose (kernels without local memory).
 */
record ClKernel(String name, String source, List<Buffer> params, long[] global, long[] local) {
    ClKernel {
        params = List.copyOf(params);
        global = global.clone();
        local = local == null ? null : local.clone();
    }

    /**
     * Wraps the body of {@code el} into a kernel. {@code local} also becomes the kernel's required
     * work-group size, which lets the compiler size its local arrays and unroll the reductions.
     */
    static ClKernel of(String name, String summary, ClElement el, long[] global, long[] local) {
        String params = el.params().stream().map(b -> "__global float* " + el.param(b)).collect(Collectors.joining(", "));
        StringBuilder sb = new StringBuilder("// ").append(summary).append('\n');
        if (local != null) {
            long[] l = {1, 1, 1};
            System.arraycopy(local, 0, l, 0, local.length);
            sb.append("__attribute__((reqd_work_group_size(").append(l[0]).append(", ").append(l[1]).append(", ").append(l[2]).append(")))\n");
        }
        sb.append("__kernel void ").append(name).append('(').append(params).append(") {\n").append(el.out).append("}\n");
        return new ClKernel(name, sb.toString(), el.params(), global, local);
    }
}
