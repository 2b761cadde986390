package nnc.passes.autodiff;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nnc.ir.Arg;
import nnc.ir.DType;
import nnc.ir.GradBuilder;
import nnc.ir.Graph;
import nnc.ir.Node;
import nnc.ir.Phase;
import nnc.ir.SourceLoc;
import nnc.ir.Value;
import nnc.ir.ops.BinaryOps;
import nnc.ir.ops.GatherOps;

/**
 * Reverse-mode differentiation of a graph: walks the nodes on a path from a param to the loss in reverse
 * topological order, asks each node's op for its gradient rule ({@link nnc.ir.OpKind#gradient}) and sums
 * the gradients of values used more than once, each sum in the order its terms can first be computed
 * ({@link Readiness}). Only values on such a path get gradient nodes.
 */
public final class Gradients {
    /** A node on a path from a param to the loss whose op has no gradient rule. */
    public static final class NoRuleException extends RuntimeException {
        private final Node node;

        NoRuleException(Node node) {
            super("op '" + node.op().name() + "'" + (node.loc().known() ? " at " + node.loc() : "")
                    + " has no gradient rule, but a param reaches the loss through it");
            this.node = node;
        }

        public Node node() {
            return node;
        }
    }

    private final Graph graph;
    /** Gradient contributions not yet summed, per value, in the order they were built. */
    private final Map<Value, List<Value>> pending = new IdentityHashMap<>();
    /** The nodes that add contributions up. */
    private final Set<Node> sums = Collections.newSetFromMap(new IdentityHashMap<>());
    /** The forward nodes in topological order. */
    private final List<Node> order;
    private final Readiness readiness;

    private Gradients(Graph graph) {
        this.graph = graph;
        this.order = graph.topoOrder();
        this.readiness = new Readiness(order);
    }

    /**
     * Adds backward nodes computing the gradient of {@code loss} (an f32 scalar) with respect to each of
     * {@code params} that reaches it, and returns those gradients in the order of {@code params}. A param
     * whose gradient is identically zero (it does not reach the loss, or only through piecewise-constant
     * ops) is left out. Sums whose terms need only part of the forward pass move into it ({@link
     * Readiness#eager}).
     *
     * @throws NoRuleException when an op on the way has no gradient rule
     */
    public static Map<Arg, Value> build(Graph g, Value loss, List<Arg> params) {
        Set<Node> before = Collections.newSetFromMap(new IdentityHashMap<>());
        before.addAll(g.nodes());
        Map<Arg, Value> grads;
        Gradients gradients = new Gradients(g);
        try {
            grads = gradients.differentiate(loss, params);
        } catch (NoRuleException e) {
            removeUnused(g, before, List.of());
            throw e;
        }
        removeUnused(g, before, grads.values());
        g.reorder(gradients.readiness.eager(g.topoOrder(), gradients.sums));
        return grads;
    }

    private Map<Arg, Value> differentiate(Value loss, List<Arg> params) {
        Set<Value> active = onPathsToLoss(order, loss, params);
        SourceLoc lossLoc = loss instanceof Node n ? n.loc() : SourceLoc.NONE;
        contribute(loss, new GradBuilder(graph, Phase.BACKWARD, lossLoc).scalar(1.0));
        for (int i = order.size() - 1; i >= 0; i--) {
            Node n = order.get(i);
            if (!active.contains(n) || !pending.containsKey(n)) continue;
            GradBuilder b = new GradBuilder(graph, Phase.BACKWARD, n.loc());
            List<Value> grads = n.op().gradient(b, n, sum(n, b));
            if (grads == null) throw new NoRuleException(n);
            for (int k = 0; k < grads.size(); k++) {
                Value operand = n.operand(k);
                if (grads.get(k) == null || !active.contains(operand)) continue;
                if (!grads.get(k).type().equals(operand.type())) {
                    throw new IllegalStateException("gradient rule of " + n.op().name() + " gave " + grads.get(k).type()
                            + " for operand " + k + " of type " + operand.type());
                }
                contribute(operand, grads.get(k));
            }
        }
        Map<Arg, Value> result = new LinkedHashMap<>();
        for (Arg p : params) {
            if (pending.containsKey(p)) result.put(p, sum(p, new GradBuilder(graph, Phase.BACKWARD, p.loc())));
        }
        return result;
    }

    /** Values that depend on a param and that the loss depends on, through f32 values only. */
    private static Set<Value> onPathsToLoss(List<Node> order, Value loss, List<Arg> params) {
        Set<Value> fromParams = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Arg p : params) if (p.type().dtype() == DType.F32) fromParams.add(p);
        for (Node n : order) {
            if (n.type().dtype() == DType.F32 && n.operands().stream().anyMatch(fromParams::contains)) fromParams.add(n);
        }
        Set<Value> active = Collections.newSetFromMap(new IdentityHashMap<>());
        if (fromParams.contains(loss)) active.add(loss);
        for (int i = order.size() - 1; i >= 0; i--) {
            Node n = order.get(i);
            if (!active.contains(n)) continue;
            for (Value v : n.operands()) if (fromParams.contains(v)) active.add(v);
        }
        return active;
    }

    private void contribute(Value v, Value grad) {
        pending.computeIfAbsent(v, k -> new ArrayList<>()).add(grad);
    }

    /**
     * The sum of {@code v}'s contributions, added in the order they can first be computed, ties in the
     * order they were built: terms that need only part of the forward pass (an unrolled net's output
     * layer, one per step) then join the sum as the forward goes, instead of all waiting for its end.
     * An embedding gradient is scattered into the running sum rather than built as a table of its own
     * and added. When the rows scattered take fewer bytes than the table, the table is made here, after
     * the last term is built, rather than with the first: the scheduler makes a node that only
     * allocates where the graph's order has it, and the rows then wait instead of the table.
     */
    private Value sum(Value v, GradBuilder b) {
        List<Value> parts = new ArrayList<>(pending.get(v));
        parts.sort(Comparator.comparingInt(readiness::of));
        Value total = parts.get(0);
        if (total instanceof Node n && n.op() == GatherOps.EMBEDDING_GRAD && scatteredBytes(parts) < n.type().bytes()) {
            total = b.op(n.op(), n.attrs(), n.operand(0), n.operand(1));
        }
        for (int i = 1; i < parts.size(); i++) {
            Value part = parts.get(i);
            Node sum = part instanceof Node n && n.op() == GatherOps.EMBEDDING_GRAD
                    ? b.op(GatherOps.EMBEDDING_GRAD_ADD, total, n.operand(0), n.operand(1))
                    : b.op(BinaryOps.ADD, total, part);
            sums.add(sum);
            total = sum;
        }
        return total;
    }

    /** The bytes of the rows that {@code parts}, embedding gradients among them, scatter. */
    private static long scatteredBytes(List<Value> parts) {
        long bytes = 0;
        for (Value p : parts) {
            if (p instanceof Node n && n.op() == GatherOps.EMBEDDING_GRAD) bytes += n.operand(0).type().bytes();
        }
        return bytes;
    }

    /** Drops the nodes this run built that no gradient needs (rules build every operand's gradient). */
    private static void removeUnused(Graph g, Set<Node> before, Iterable<Value> grads) {
        Set<Node> needed = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Value> work = new ArrayList<>();
        grads.forEach(work::add);
        while (!work.isEmpty()) {
            Value v = work.remove(work.size() - 1);
            if (v instanceof Node n && !before.contains(n) && needed.add(n)) work.addAll(n.operands());
        }
        for (Node n : g.nodes()) {
            if (!before.contains(n) && !needed.contains(n)) g.remove(n);
        }
    }
}
