package nnc.backend.kernel;

import java.util.ArrayList;
import java.util.List;
import nnc.ir.Node;

/** The elementwise ops a group applies to its anchor's result before storing it. */
final class Epilogues {
    private Epilogues() {}

    /**
     * The group's result at the anchor's own element, as an expression of {@link Expr.Accumulated} over
     * the anchor's result coordinates; null when the anchor is the result. The group must keep the
     * anchor's shape and read it at the point being computed.
     */
    static Expr of(Group group, Node anchor, LoopNest loops) {
        if (group.result == anchor) return null;
        if (!group.result.type().shape().equals(anchor.type().shape())) {
            throw new KernelPlanException(group, "its epilogue changes the shape of " + anchor.op().name() + "'s result");
        }
        List<Index> vars = loops.vars();
        ExprBuilder builder = new ExprBuilder(group, anchor, loops.extents());
        Expr epilogue = builder.at(group.result, vars);
        if (!pinned(vars, loops).equals(builder.anchorCoords())) {
            throw new KernelPlanException(group, "its epilogue must read " + anchor.op().name() + "'s result at the element it computes");
        }
        return epilogue;
    }

    /** {@code coords} with the coordinate of every axis of extent 1 written as 0, as broadcasting writes it. */
    private static List<Index> pinned(List<Index> coords, LoopNest loops) {
        List<Index> out = new ArrayList<>(coords);
        for (int i = 0; i < out.size(); i++) if (loops.extent(i) == 1) out.set(i, Index.constant(0));
        return out;
    }

    /** Anchors read from memory; fused prologues are for reductions only. */
    static void requireLeaves(Group group, Node anchor) {
        for (var v : anchor.operands()) {
            if (group.isMember(v)) throw new KernelPlanException(group, anchor.op().name() + " must read its operands from memory");
        }
    }
}
