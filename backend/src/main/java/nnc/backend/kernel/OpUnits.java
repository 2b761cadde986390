package nnc.backend.kernel;

import java.util.List;
import nnc.ir.Attrs;
import nnc.ir.OpKind;
import nnc.ir.Shape;
import nnc.ir.TensorType;
import nnc.ir.ops.GatherOps;
import nnc.ir.ops.LossOps;
import nnc.ir.ops.NormOps;
import nnc.ir.ops.PoolOps;
import nnc.ir.ops.SoftmaxOps;

/**
 * The independent units of work that each opaque op's template loops over outermost, the loop a
 * target may split across cores: lines for softmax-like ops, rows for layer norms and cross-entropy
 * gradients, channels for batch norms, planes for max pooling's indices and gradients. Ops whose results are sums over
 * everything (the cross-entropy loss, scatter-adds, layer norm's gamma gradient) have one unit.
 */
public final class OpUnits {
    private OpUnits() {}

    public static long of(OpKind op, Attrs attrs, List<TensorType> operands) {
        Shape first = operands.get(0).shape();
        if (op == SoftmaxOps.SOFTMAX || op == SoftmaxOps.LOG_SOFTMAX || op == SoftmaxOps.SOFTMAX_GRAD
                || op == SoftmaxOps.LOG_SOFTMAX_GRAD) {
            return Lines.of(first, attrs.getInt("axis")).count();
        }
        if (op == NormOps.LAYER_NORM) return Lines.rows(first).count();
        if (op == NormOps.LAYER_NORM_GRAD_INPUT) return Lines.rows(operands.get(1).shape()).count();
        if (op == NormOps.BATCH_NORM) return first.dim(1);
        if (op == NormOps.BATCH_NORM_GRAD_INPUT || op == NormOps.BATCH_NORM_GRAD_GAMMA) return operands.get(1).shape().dim(1);
        if (op == LossOps.CROSS_ENTROPY_GRAD) return operands.get(1).shape().dim(0);
        if (op == PoolOps.MAX_POOL2D_GRAD || op == PoolOps.MAX_POOL2D_INDICES || op == PoolOps.MAX_POOL2D_GRAD_INDICES) {
            return (long) first.dim(0) * first.dim(1);
        }
        if (op == LossOps.CROSS_ENTROPY || op == NormOps.LAYER_NORM_GRAD_GAMMA || op == GatherOps.EMBEDDING_GRAD
                || op == GatherOps.EMBEDDING_GRAD_ADD) {
            return 1;
        }
        throw new IllegalArgumentException(op.name() + " is not an opaque op");
    }
}
