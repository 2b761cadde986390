package nnc.backend.kernel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import nnc.ir.DType;
import nnc.ir.Node;
import nnc.ir.Shape;
import nnc.ir.ops.BinaryOps;
import nnc.ir.ops.LossOps;
import nnc.ir.ops.PoolOps;
import nnc.ir.ops.ReduceOps;

/**
 * Plans a reduction (reduce_sum/mean/max, global_avg_pool, mse) with its fused prologue, choosing the
 * loop order: reduced loops innermost with a local accumulator, or, when the innermost axis is kept
 * (a sum over the batch), memory order with the output as the accumulator.
 */
final class ReducePlanner {
    private ReducePlanner() {}

    static ReduceKernel plan(Group group, Node r, String name) {
        if (group.result != r) throw new KernelPlanException(group, r.op().name() + " takes no fused epilogue");
        Shape in = r.operand(0).type().shape();
        int rank = in.rank();
        boolean[] reducedAxis = reducedAxes(r, rank);
        long count = 1;
        for (int k = 0; k < rank; k++) if (reducedAxis[k]) count *= in.dim(k);
        DType dtype = r.type().dtype();
        int last = rank - 1;
        while (last >= 0 && in.dim(last) == 1) last--;
        ReduceKernel.Order order = dtype == DType.F32 && last >= 0 && !reducedAxis[last]
                ? ReduceKernel.Order.OUTER : ReduceKernel.Order.INNER;
        // Loop position of each input axis: the input's order, or kept axes first for INNER.
        int[] loopOf = new int[rank];
        long[] extents = new long[rank];
        boolean[] reduced = new boolean[rank];
        int next = 0;
        for (int pass = 0; pass < 2; pass++) {
            for (int k = 0; k < rank; k++) {
                boolean first = order == ReduceKernel.Order.OUTER || !reducedAxis[k];
                if (first == (pass == 0)) {
                    loopOf[k] = next;
                    extents[next] = in.dim(k);
                    reduced[next] = reducedAxis[k];
                    next++;
                }
            }
        }
        LoopNest loops = new LoopNest(extents);
        List<Index> coords = new ArrayList<>();
        for (int k = 0; k < rank; k++) coords.add(Index.var(loopOf[k]));
        Expr element = element(group, r, coords, extents);
        LoopSimplifier.Body body = LoopSimplifier.simplify(new LoopSimplifier.Body(loops, reduced, group.output.at(outCoords(r, coords, reducedAxis)), element));
        ReduceKernel.Combiner combiner = r.op() == ReduceOps.REDUCE_MAX ? ReduceKernel.Combiner.MAX : ReduceKernel.Combiner.SUM;
        long divisor = r.op() == ReduceOps.REDUCE_SUM || r.op() == ReduceOps.REDUCE_MAX ? 1 : count;
        boolean[] bodyReduced = body.reduced();
        boolean keptOuter = bodyReduced.length > 0 && !bodyReduced[0];
        long units = body.loops().rank() == 0 ? 1 : body.loops().extent(0);
        Parallel parallel = order == ReduceKernel.Order.INNER && keptOuter
                ? Parallel.split(units, Math.max(group.flops(), in.numel())) : Parallel.serial(units);
        return new ReduceKernel(name, group.summary(), body.loops(), bodyReduced, body.value(), combiner, divisor, group.output,
                body.store(), order, parallel);
    }

    private static boolean[] reducedAxes(Node r, int rank) {
        boolean[] reduced = new boolean[rank];
        if (r.op() == PoolOps.GLOBAL_AVG_POOL) {
            reduced[2] = true;
            reduced[3] = true;
        } else if (r.op() == LossOps.MSE) {
            Arrays.fill(reduced, true);
        } else {
            for (int a : r.attrs().getIntArray("axes")) reduced[a] = true;
        }
        return reduced;
    }

    /** What is folded at one input point: the operand, or for mse the squared difference. */
    private static Expr element(Group group, Node r, List<Index> coords, long[] extents) {
        ExprBuilder b = new ExprBuilder(group, null, extents);
        if (r.op() != LossOps.MSE) return b.at(r.operand(0), coords);
        Expr d = new Expr.Apply(BinaryOps.SUB, List.of(b.at(r.operand(0), coords), b.at(r.operand(1), coords)), DType.F32);
        return new Expr.Apply(BinaryOps.MUL, List.of(d, d), DType.F32);
    }

    /** The result's coordinates for an input point: kept axes, and 0 for reduced axes the result keeps as 1. */
    private static List<Index> outCoords(Node r, List<Index> coords, boolean[] reducedAxis) {
        int outRank = r.type().rank();
        List<Index> out = new ArrayList<>();
        for (int k = 0; k < coords.size(); k++) {
            if (!reducedAxis[k]) out.add(coords.get(k));
            else if (outRank == coords.size()) out.add(Index.constant(0));
        }
        return out;
    }
}
