package nnc.backend.kernel;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nnc.ir.Arg;
import nnc.ir.Graph;
import nnc.ir.MemoryPlan;
import nnc.ir.Node;
import nnc.ir.Value;
import nnc.ir.ops.FusedOp;
import nnc.passes.plan.BufferPlanner;

/**
 * Decides, once for every target, what code a planned graph becomes: one {@link Kernel} per scheduled
 * node (a single op or a fused group), in schedule order, with every operand resolved to a buffer and a
 * constant offset, loops collapsed, matmuls tiled and outer loops split for cores. Targets only emit.
 */
public final class KernelPlanner {
    private KernelPlanner() {}

    /**
     * Plans the kernels of {@code g} in its buffer plan. A graph without a plan gets one for its current
     * order (liveness reuse, no other pass), since every target runs inside one planned arena.
     *
     * @throws UnsupportedOpException for an op no kernel exists for
     * @throws KernelPlanException for a fused group no single kernel can compute
     */
    public static KernelProgram plan(Graph g) {
        if (g.plan() == null) g.setPlan(BufferPlanner.plan(g));
        MemoryPlan plan = g.plan();
        Map<Value, TensorRef> refs = new IdentityHashMap<>();
        for (Arg a : g.args()) refs.put(a, new TensorRef(new Buffer.Argument(a), 0, a.type()));
        for (Node n : plan.schedule()) {
            Arg into = plan.updateTarget(n);
            refs.put(n, into != null ? refs.get(into) : new TensorRef(Buffer.ARENA, plan.offset(n) / 4, n.type()));
        }
        List<Kernel> kernels = new ArrayList<>();
        for (Node n : plan.schedule()) {
            Group group = n.op() instanceof FusedOp f ? Group.fused(n, f, refs) : Group.single(n, refs);
            kernels.add(kernel(group, "k" + kernels.size()));
        }
        Map<String, TensorRef> outputs = new LinkedHashMap<>();
        g.outputs().forEach((name, v) -> outputs.put(name, refs.get(v)));
        Map<Arg, TensorRef> updates = new LinkedHashMap<>();
        g.updates().forEach((arg, v) -> updates.put(arg, refs.get(v)));
        String loss = g.attrs().has("loss") && outputs.containsKey(g.attrs().getString("loss")) ? g.attrs().getString("loss") : null;
        return new KernelProgram(g, g.args(), plan.arenaBytes(), kernels, outputs, updates, loss);
    }

    /** The ops that kernels compute: every node's, and for fused nodes every member's instead. */
    public static List<Node> computedNodes(Graph g) {
        List<Node> nodes = new ArrayList<>();
        for (Node n : g.nodes()) {
            if (n.op() instanceof FusedOp f) nodes.addAll(f.members());
            else nodes.add(n);
        }
        return nodes;
    }

    /** {@code prefix} plus the op that names the kernel: its anchor's, else its result's. */
    private static Kernel kernel(Group group, String prefix) {
        for (Node n : group.members) {
            if (OpRole.of(n.op()) == OpRole.UNSUPPORTED) throw new UnsupportedOpException(n.op(), "op '" + n.op().name() + "' has no kernel");
        }
        Node anchor = group.anchor();
        String name = prefix + "_" + (anchor != null ? anchor : group.result).op().name();
        if (anchor == null) return MapPlanner.plan(group, name);
        return switch (OpRole.of(anchor.op())) {
            case MATMUL -> MatmulPlanner.plan(group, anchor, name);
            case CONVOLUTION -> ConvPlanner.plan(group, anchor, name);
            case REDUCTION -> ReducePlanner.plan(group, anchor, name);
            default -> opaque(group, anchor, name);
        };
    }

    private static Kernel opaque(Group group, Node op, String name) {
        if (group.members.size() > 1) throw new KernelPlanException(group, op.op().name() + " takes no fused ops");
        List<TensorRef> operands = op.operands().stream().map(group::leaf).toList();
        long units = OpUnits.of(op.op(), op.attrs(), op.operandTypes());
        return new OpKernel(name, group.summary(), op.op(), op.attrs(), operands, group.output, Parallel.split(units, group.flops()));
    }
}
