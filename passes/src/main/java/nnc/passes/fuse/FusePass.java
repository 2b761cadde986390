package nnc.passes.fuse;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import nnc.ir.Attrs;
import nnc.ir.Graph;
import nnc.ir.Node;
import nnc.ir.Value;
import nnc.ir.ops.FusedOp;
import nnc.passes.Pass;
import nnc.passes.PassContext;
import nnc.passes.PassOption;
import nnc.passes.schedule.Scheduler;

/**
 * {@code fuse}: replaces each {@link FusionGroups} group by one {@code fused} node whose region holds
 * the members, so that a backend makes one kernel per group and the values inside get no buffer.
 * Whether fusing costs memory depends on when nodes run, so groups are formed over the order the
 * {@link Scheduler} would pick. The graph keeps its own order: the fused node takes its root's place
 * (and phase and source location), every other node keeps its own, so a scheduled graph stays scheduled.
 */
public final class FusePass implements Pass {
    @Override
    public String name() {
        return "fuse";
    }

    /**
     * {@code updates} (default true): let a weight gradient join the optimizer update reading it.
     * {@code --memory-budget} runs the budget with it off too and keeps the lower peak (see
     * {@code GraphLoader}): the budget search, a local one, ends at higher peaks on some graphs with
     * those groups (ResNet-50) and lower on others (VGG-16).
     */
    @Override
    public List<PassOption> options() {
        return List.of(PassOption.flag("updates"));
    }

    @Override
    public boolean run(Graph g, PassContext ctx) {
        List<FusionGroups.Group> groups = FusionGroups.of(g, Scheduler.order(g), ctx.flag("updates", true));
        if (groups.isEmpty()) return false;
        List<Node> own = g.topoOrder();
        Map<Value, List<Node>> users = g.users();
        Map<Node, Node> replacement = new IdentityHashMap<>();
        // Groups in the order of their roots: a member reading an earlier group's root is redirected
        // to that group's fused node before its own group copies it.
        for (FusionGroups.Group group : groups) {
            List<Node> members = group.inOrder();
            FusedOp.Fusion fusion = FusedOp.of(members);
            Node fused = g.add(fusion.op(), fusion.operands(), Attrs.EMPTY, group.root.loc());
            fused.setPhase(group.root.phase());
            redirect(g, group.root, fused, users.getOrDefault(group.root, List.of()));
            for (Node m : members) {
                g.remove(m);
                replacement.put(m, m == group.root ? fused : null);
            }
        }
        List<Node> newOrder = new ArrayList<>(g.nodeCount());
        for (Node n : own) {
            Node r = replacement.containsKey(n) ? replacement.get(n) : n;
            if (r != null) newOrder.add(r);
        }
        g.reorder(newOrder);
        return true;
    }

    /** Makes {@code readers} (the users of {@code from}), outputs and updates read {@code to}; O(readers) unless {@code from} is read after the step. */
    private static void redirect(Graph g, Node from, Node to, List<Node> readers) {
        for (Node r : new LinkedHashSet<>(readers)) {
            for (int i = 0; i < r.operands().size(); i++) {
                if (r.operand(i) == from) g.setOperand(r, i, to);
            }
        }
        if (g.roots().contains(from)) g.replaceAllUses(from, to);
    }
}
