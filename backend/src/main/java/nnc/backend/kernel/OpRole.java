package nnc.backend.kernel;

import java.util.Set;
import nnc.ir.OpKind;
import nnc.ir.ops.BinaryOps;
import nnc.ir.ops.ConstantOps;
import nnc.ir.ops.ConvOps;
import nnc.ir.ops.GatherOps;
import nnc.ir.ops.LossOps;
import nnc.ir.ops.MatmulOps;
import nnc.ir.ops.NormOps;
import nnc.ir.ops.PoolOps;
import nnc.ir.ops.ReduceOps;
import nnc.ir.ops.ShapeOps;
import nnc.ir.ops.SoftmaxOps;
import nnc.ir.ops.UnaryOps;

/**
 * What kind of kernel code an op becomes. Elementwise, constant, movement and pool ops become parts of
 * an {@link Expr} (so they fuse into any kernel's loop); matmul, convolutions and reductions anchor
 * kernels of their own kinds; opaque ops get a template each in every target.
 */
public enum OpRole {
    /** A scalar function of its operands' elements, with broadcasting: a target's scalar template. */
    ELEMENTWISE,
    /** {@code fill}: a constant. */
    CONSTANT,
    /** Moves elements without arithmetic: changes indices only. */
    MOVEMENT,
    /** Max or average pooling, and the average's gradient: a small window loop per output element. */
    POOL,
    MATMUL,
    CONVOLUTION,
    REDUCTION,
    /** Loops only the op's own template knows; see {@link OpUnits}. */
    OPAQUE,
    /** No kernel can be made for the op. */
    UNSUPPORTED;

    private static final Set<OpKind> MOVEMENTS = Set.of(ShapeOps.RESHAPE, ShapeOps.TRANSPOSE, ShapeOps.SLICE,
            ShapeOps.BROADCAST_TO, ShapeOps.PAD, ShapeOps.CONCAT, GatherOps.EMBEDDING);
    private static final Set<OpKind> CONVOLUTIONS = Set.of(ConvOps.CONV2D, ConvOps.CONV2D_GRAD_INPUT, ConvOps.CONV2D_GRAD_WEIGHT);
    private static final Set<OpKind> REDUCTIONS = Set.of(ReduceOps.REDUCE_SUM, ReduceOps.REDUCE_MEAN, ReduceOps.REDUCE_MAX,
            PoolOps.GLOBAL_AVG_POOL, LossOps.MSE);
    private static final Set<OpKind> OPAQUES = Set.of(NormOps.BATCH_NORM, NormOps.BATCH_NORM_GRAD_INPUT,
            NormOps.BATCH_NORM_GRAD_GAMMA, NormOps.LAYER_NORM, NormOps.LAYER_NORM_GRAD_INPUT, NormOps.LAYER_NORM_GRAD_GAMMA,
            SoftmaxOps.SOFTMAX, SoftmaxOps.LOG_SOFTMAX, SoftmaxOps.SOFTMAX_GRAD, SoftmaxOps.LOG_SOFTMAX_GRAD,
            LossOps.CROSS_ENTROPY, LossOps.CROSS_ENTROPY_GRAD, PoolOps.MAX_POOL2D_GRAD,
            PoolOps.MAX_POOL2D_INDICES, PoolOps.MAX_POOL2D_GRAD_INDICES, GatherOps.EMBEDDING_GRAD, GatherOps.EMBEDDING_GRAD_ADD);

    public static OpRole of(OpKind op) {
        if (op instanceof UnaryOps.Unary || op instanceof UnaryOps.UnaryGrad || op instanceof BinaryOps.Binary
                || op == ConstantOps.CAST) {
            return ELEMENTWISE;
        }
        if (op == ConstantOps.FILL) return CONSTANT;
        if (MOVEMENTS.contains(op)) return MOVEMENT;
        if (op == PoolOps.MAX_POOL2D || op == PoolOps.AVG_POOL2D || op == PoolOps.AVG_POOL2D_GRAD) return POOL;
        if (op == MatmulOps.MATMUL) return MATMUL;
        if (CONVOLUTIONS.contains(op)) return CONVOLUTION;
        if (REDUCTIONS.contains(op)) return REDUCTION;
        if (OPAQUES.contains(op)) return OPAQUE;
        return UNSUPPORTED;
    }

    /** Whether the op is computed inside an {@link Expr}, so that it can fuse into any kernel's loop. */
    public boolean inline() {
        return this == ELEMENTWISE || this == CONSTANT || this == MOVEMENT || this == POOL;
    }
}
