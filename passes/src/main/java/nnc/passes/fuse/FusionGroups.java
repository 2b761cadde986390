package nnc.passes.fuse;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nnc.ir.FusionPattern;
import nnc.ir.Graph;
import nnc.ir.Node;
import nnc.ir.Phase;
import nnc.ir.Shape;
import nnc.ir.Value;
import nnc.ir.ops.FusedOp;

/**
 * Partitions a graph's nodes into fusion groups, TVM-style, from each op's {@link FusionPattern} alone.
 * Nodes are visited consumers first; a node joins the group of its consumers when all of them are in
 * one group and the group's kernel can take it:
 *
 * <ul>
 *   <li>an elementwise or broadcast node whose result has the group's iteration space joins an
 *       elementwise group (an epilogue chain) or a reduction (a prologue);
 *   <li>one out-elementwise-fusable node (matmul, conv, pooling) of that space joins an elementwise
 *       group as its anchor, the heavy op the epilogue follows; nothing fuses into an anchor's operands;
 *   <li>injective, reduction and opaque nodes never join a group, and nothing joins a fused node.
 * </ul>
 *
 * A group's iteration space is its root's shape, or for a reduction the shape it reduces, so that a
 * kernel computes every member at one index per step. Members share the root's phase (but see
 * {@link #phasesFit}).
 *
 * <p>A fused node runs where its root did, so a member runs later than it would alone, and the
 * operands it was the last to read live on until then. A node joins only when that cannot cost
 * memory: it runs right before the group's earliest member, or the operands it would keep alive take
 * no more bytes than its own result, which the group no longer stores. (This keeps a sum of gradients
 * that arrive over the whole backward pass from becoming one node waiting for all of them.) Only the root
 * is read outside its group (and no member is an output or update), so nothing is computed twice;
 * and since every other member's consumers are inside, no path leaves a group and comes back: merging
 * groups into single nodes keeps the graph acyclic.
 */
final class FusionGroups {
    /** One group: its root (the value read outside) and members in visiting order (consumers first). */
    static final class Group {
        final Node root;
        final List<Node> members = new ArrayList<>();
        /** The shape every elementwise member has; for a reduction, fixed by its first prologue member. */
        Shape space;
        Node anchor;

        Group(Node root) {
            this.root = root;
            this.space = root.op().pattern().compareTo(FusionPattern.BROADCAST) <= 0 ? root.type().shape() : null;
            members.add(root);
            if (root.op().pattern() == FusionPattern.OUT_ELEMWISE_FUSABLE) anchor = root;
        }

        boolean fused() {
            return members.size() > 1;
        }

        /** Members in a topological order, the root last. */
        List<Node> inOrder() {
            List<Node> order = new ArrayList<>(members);
            Collections.reverse(order);
            return order;
        }
    }

    private final Map<Node, Group> groupOf = new IdentityHashMap<>();
    private final Map<Value, List<Node>> users;
    private final Set<Value> roots = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<Node, Integer> position = new IdentityHashMap<>();
    /** The position of each group's earliest member so far. */
    private final Map<Group, Integer> first = new IdentityHashMap<>();
    private final boolean joinUpdates;

    private FusionGroups(Graph g, List<Node> order, boolean joinUpdates) {
        this.joinUpdates = joinUpdates;
        users = g.users();
        roots.addAll(g.roots());
        for (int i = 0; i < order.size(); i++) position.put(order.get(i), i);
    }

    /**
     * The groups of {@code g} with more than one member, in the order of their roots in {@code order};
     * with {@code joinUpdates}, gradients join the optimizer updates reading them.
     */
    static List<Group> of(Graph g, List<Node> order, boolean joinUpdates) {
        FusionGroups f = new FusionGroups(g, order, joinUpdates);
        List<Group> groups = new ArrayList<>();
        for (int i = order.size() - 1; i >= 0; i--) {
            Node n = order.get(i);
            Group target = f.joinable(n);
            if (target == null) {
                target = new Group(n);
                groups.add(target);
            } else {
                f.join(target, n);
            }
            f.groupOf.put(n, target);
            f.first.put(target, i);
        }
        Collections.reverse(groups);
        return groups.stream().filter(Group::fused).toList();
    }

    /** The group {@code n} may join, or null. */
    private Group joinable(Node n) {
        List<Node> readers = users.getOrDefault(n, List.of());
        if (readers.isEmpty() || roots.contains(n) || n.op() instanceof FusedOp) return null;
        Group g = groupOf.get(readers.get(0));
        for (Node r : readers) {
            if (groupOf.get(r) != g || r == g.anchor) return null;
        }
        if (g.root.op() instanceof FusedOp || !phasesFit(n, g.root) || !delayCostsNothing(n, g)) return null;
        FusionPattern rootPattern = g.root.op().pattern();
        FusionPattern p = n.op().pattern();
        Shape shape = n.type().shape();
        if (p.compareTo(FusionPattern.BROADCAST) <= 0) {
            boolean kernelTakesIt = rootPattern.compareTo(FusionPattern.BROADCAST) <= 0 || rootPattern == FusionPattern.REDUCE;
            return kernelTakesIt && (g.space == null || g.space.equals(shape)) ? g : null;
        }
        boolean anchorFits = p == FusionPattern.OUT_ELEMWISE_FUSABLE && g.anchor == null
                && rootPattern.compareTo(FusionPattern.BROADCAST) <= 0 && g.space.equals(shape);
        return anchorFits ? g : null;
    }

    /**
     * Members share the root's phase, except that with {@code joinUpdates} a gradient may join the
     * optimizer update reading it: the kernel computing the gradient then writes the new momentum or
     * param directly, and the gradient is never stored.
     */
    private boolean phasesFit(Node n, Node root) {
        return n.phase() == root.phase() || joinUpdates && n.phase() == Phase.BACKWARD && root.phase() == Phase.OPTIMIZER;
    }

    /** Whether {@code n} may run just before group {@code g}'s earliest member instead of where it is. */
    private boolean delayCostsNothing(Node n, Group g) {
        int at = position.get(n);
        if (at + 1 == first.get(g)) return true;
        long keptAlive = 0;
        for (Value v : new LinkedHashSet<>(n.operands())) {
            if (v instanceof Node p && !roots.contains(p) && lastReader(p) == at) keptAlive += p.type().bytes();
        }
        return keptAlive <= n.type().bytes();
    }

    private int lastReader(Node p) {
        int last = -1;
        for (Node r : users.getOrDefault(p, List.of())) last = Math.max(last, position.get(r));
        return last;
    }

    private void join(Group g, Node n) {
        g.members.add(n);
        if (g.space == null) g.space = n.type().shape();
        if (n.op().pattern() == FusionPattern.OUT_ELEMWISE_FUSABLE) g.anchor = n;
    }
}
