package nnc.passes.recompute;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nnc.ir.Attrs;
import nnc.ir.Graph;
import nnc.ir.Node;
import nnc.ir.OpKind;
import nnc.ir.Phase;
import nnc.ir.Value;
import nnc.ir.ops.PoolOps;
import nnc.ir.ops.UnaryOps;
import nnc.passes.schedule.Scheduler;

/**
 * Stashes where each max pooling window's maximum lies instead of the pooling input (Gist's encoding,
 * Jain et al. 2018). For {@code max_pool2d_grad(dy, x)} with x a forward value, the forward pass also
 * computes {@code idx = max_pool2d_indices(x)}, an i32 of the pooled shape, while x is alive anyway,
 * and the backward pass routes with {@code max_pool2d_grad_indices(dy, idx)}. When the gradient's one
 * reader is {@code relu_grad(grad, x)}, which reads x too, the mask comes from the pooled output p:
 * {@code relu_grad(max_pool2d_grad(dy, x), x) = max_pool2d_grad_indices(relu_grad(dy, p), idx)}, since x
 * equals p where a window routes its gradient and both sides are 0 elsewhere. Then nothing in the
 * backward pass reads x, and it dies with the forward pass.
 *
 * <p>A rewrite is kept only where it lowers the scheduled peak: all of them together first, and the
 * halves of a group that does not help in turn, down to single rewrites; then each kept one is undone
 * again when the peak does not rise without it. The result never depends on a memory budget.
 * {@link RecomputePass} keeps them only when the default mode then plans a lower peak.
 */
final class PoolIndexStash {
    /** A gradient to rewrite: its input x, the forward {@code max_pool2d(x)} (or null) and its one reader relu_grad(grad, x) (or null). */
    private record Site(Node grad, Node x, Node pooled, Node relu) {}

    /** A rewrite in the graph: the nodes it added ({@code masked} only with a relu_grad). */
    private record Rewrite(Site site, Node indices, Node masked, Node routed) {}

    /** Takes the graph back to what it was before {@link #apply}, order included. */
    static final class Undo {
        private final PoolIndexStash stash;
        private final List<Node> order;

        private Undo(PoolIndexStash stash, List<Node> order) {
            this.stash = stash;
            this.order = order;
        }

        void apply() {
            for (int i = stash.kept.size() - 1; i >= 0; i--) stash.undo(stash.kept.get(i));
            stash.g.reorder(order);
        }
    }

    private final Graph g;
    private final List<Rewrite> kept = new ArrayList<>();
    private long peak;

    private PoolIndexStash(Graph g) {
        this.g = g;
        this.peak = scheduledPeak(g);
    }

    /** Whether {@code g} has a max pooling gradient to rewrite. */
    static boolean hasSites(Graph g) {
        return !sites(g).isEmpty();
    }

    /** Applies the rewrites that lower {@code g}'s scheduled peak; gives their undo, or null when there are none. */
    static Undo apply(Graph g) {
        List<Node> order = g.topoOrder();
        PoolIndexStash s = new PoolIndexStash(g);
        s.tryGroups(sites(g));
        for (Rewrite r : List.copyOf(s.kept)) s.dropIfIdle(r);
        if (s.kept.isEmpty()) {
            g.reorder(order);
            return null;
        }
        return new Undo(s, order);
    }

    /** The gradients of max pooling that read a forward value, largest input first. */
    private static List<Site> sites(Graph g) {
        Map<Value, List<Node>> users = g.users();
        List<Node> order = g.topoOrder();
        Map<Node, Integer> position = new HashMap<>();
        for (int i = 0; i < order.size(); i++) position.put(order.get(i), i);
        List<Site> sites = new ArrayList<>();
        for (Node grad : order) {
            if (grad.op() != PoolOps.MAX_POOL2D_GRAD || grad.phase() != Phase.BACKWARD) continue;
            if (!(grad.operand(1) instanceof Node x) || x.phase() != Phase.FORWARD) continue;
            Node pooled = null;
            for (Node u : users.get(x)) {
                if (u.op() == PoolOps.MAX_POOL2D && u.phase() == Phase.FORWARD && u.attrs().equals(grad.attrs())) pooled = u;
            }
            List<Node> readers = users.getOrDefault(grad, List.of());
            Node only = readers.size() == 1 && !g.roots().contains(grad) ? readers.get(0) : null;
            boolean masks = only != null && only.op() == UnaryOps.RELU_GRAD && only.operand(0) == grad && only.operand(1) == x;
            Node relu = masks && pooled != null ? only : null;
            sites.add(new Site(grad, x, pooled, relu));
        }
        sites.sort(Comparator.comparingLong((Site s) -> -s.x().type().bytes()).thenComparingInt(s -> position.get(s.grad())));
        return sites;
    }

    /** Keeps {@code group} if it lowers the peak; if not, tries each half in turn, down to single sites. */
    private void tryGroups(List<Site> group) {
        if (group.isEmpty()) return;
        List<Node> order = g.topoOrder();
        List<Rewrite> done = new ArrayList<>();
        for (Site s : group) done.add(apply(s));
        long now = scheduledPeak(g);
        if (now < peak) {
            peak = now;
            kept.addAll(done);
            return;
        }
        for (int i = done.size() - 1; i >= 0; i--) undo(done.get(i));
        g.reorder(order);
        if (group.size() > 1) {
            tryGroups(group.subList(0, group.size() / 2));
            tryGroups(group.subList(group.size() / 2, group.size()));
        }
    }

    /** Undoes {@code r} for good when the peak does not rise without it. */
    private void dropIfIdle(Rewrite r) {
        undo(r);
        kept.remove(r);
        if (scheduledPeak(g) <= peak) return;
        kept.add(apply(r.site()));
    }

    private Rewrite apply(Site s) {
        List<Node> before = g.topoOrder();
        Node indices = add(PoolOps.MAX_POOL2D_INDICES, List.of(s.x()), s.grad().attrs(), s.grad(), Phase.FORWARD);
        Attrs routing = s.grad().attrs().with("shape", s.x().type().shape().toList());
        Value dy = s.grad().operand(0);
        Node masked = null;
        Node routed;
        if (s.relu() == null) {
            routed = add(PoolOps.MAX_POOL2D_GRAD_INDICES, List.of(dy, indices), routing, s.grad(), Phase.BACKWARD);
            g.replaceAllUses(s.grad(), routed);
        } else {
            masked = add(UnaryOps.RELU_GRAD, List.of(dy, s.pooled()), Attrs.EMPTY, s.relu(), Phase.BACKWARD);
            routed = add(PoolOps.MAX_POOL2D_GRAD_INDICES, List.of(masked, indices), routing, s.grad(), Phase.BACKWARD);
            g.replaceAllUses(s.relu(), routed);
            g.remove(s.relu());
        }
        g.remove(s.grad());
        // The indices right after the pool reading x too; the routing where the gradient and relu_grad
        // were, or right after the indices when those ran before the pool (autodiff moves a gradient
        // that needs only part of the forward pass into it).
        Node afterPool = s.pooled() != null ? s.pooled() : s.x();
        List<Node> order = new ArrayList<>();
        for (Node n : before) {
            if (n == s.grad()) {
                if (s.relu() == null) order.add(routed);
            } else if (n == s.relu()) {
                order.add(masked);
                order.add(routed);
            } else {
                order.add(n);
                if (n == afterPool) order.add(indices);
            }
        }
        g.reorder(g.topoOrderNear(order));
        return new Rewrite(s, indices, masked, routed);
    }

    private void undo(Rewrite r) {
        Site s = r.site();
        List<Node> before = g.topoOrder();
        // dy as the graph reads it now: another rewrite may have replaced the node the gradient read.
        g.setOperand(s.grad(), 0, (r.masked() != null ? r.masked() : r.routed()).operand(0));
        g.restore(s.grad());
        if (s.relu() != null) g.restore(s.relu());
        g.replaceAllUses(r.routed(), s.relu() != null ? s.relu() : s.grad());
        List<Node> order = new ArrayList<>();
        for (Node n : before) {
            if (n == r.routed()) {
                order.add(s.grad());
                if (s.relu() != null) order.add(s.relu());
            } else if (n != r.indices() && n != r.masked()) {
                order.add(n);
            }
        }
        for (Node added : new Node[] {r.indices(), r.masked(), r.routed()}) if (added != null) g.remove(added);
        g.reorder(order);
    }

    private Node add(OpKind op, List<Value> operands, Attrs attrs, Node source, Phase phase) {
        Node n = g.add(op, operands, attrs, source.loc());
        n.setPhase(phase);
        return n;
    }

    private static long scheduledPeak(Graph g) {
        return Scheduler.peak(g, Scheduler.order(g));
    }
}
