package nnc.backend.kernel;

import java.util.List;
import nnc.ir.Attrs;
import nnc.ir.OpKind;

/**
 * An op whose loops only its own template knows (normalizations, softmax, losses, pooling gradients,
 * scatter-adds): the op, its attributes and its resolved operands. {@link #parallel()} splits the
 * template's unit loop, as {@link OpUnits} defines it for the op.
 */
public record OpKernel(String name, String summary, OpKind op, Attrs attrs, List<TensorRef> operands, TensorRef output,
        Parallel parallel) implements Kernel {
    public OpKernel {
        operands = List.copyOf(operands);
    }
}
