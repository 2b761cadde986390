package nnc.backend.kernel;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nnc.ir.Arg;
import nnc.ir.Node;
import nnc.ir.Value;
import nnc.ir.ops.FusedOp;

/**
 * The nodes one kernel computes: {@code members}, whose values live only inside the kernel's loops, and
 * {@code result}, the member whose value the kernel stores into the scheduled node's buffer. Every other
 * value a member reads is a leaf, read from memory.
 */
final class Group {
    final Node root;
    final Node result;
    /** The root's planned buffer, which receives the result. */
    final TensorRef output;
    final List<Node> members;
    private final Set<Node> memberSet = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<Value, TensorRef> leaves;

    /**
     * {@code leaves} resolves every value read from memory; members are listed in topological order.
     */
    Group(Node root, Node result, List<Node> members, Map<Value, TensorRef> leaves, TensorRef output) {
        this.root = root;
        this.result = result;
        this.output = output;
        this.members = List.copyOf(members);
        memberSet.addAll(members);
        this.leaves = leaves;
    }

    /** A node computed alone. */
    static Group single(Node n, Map<Value, TensorRef> refs) {
        return new Group(n, n, List.of(n), refs, refs.get(n));
    }

    /** The region of a fused node: its arguments stand for the node's operands. */
    static Group fused(Node n, FusedOp op, Map<Value, TensorRef> refs) {
        Map<Value, TensorRef> leaves = new IdentityHashMap<>();
        List<Arg> args = op.region().args();
        for (int i = 0; i < args.size(); i++) leaves.put(args.get(i), refs.get(n.operand(i)));
        return new Group(n, op.result(), op.members(), leaves, refs.get(n));
    }

    boolean isMember(Value v) {
        return v instanceof Node n && memberSet.contains(n);
    }

    TensorRef leaf(Value v) {
        TensorRef r = leaves.get(v);
        if (r == null) throw new IllegalStateException(v + " has no buffer");
        return r;
    }

    /** The one member that anchors the kernel (a matmul, convolution, reduction or opaque op), or null. */
    Node anchor() {
        Node anchor = null;
        for (Node n : members) {
            if (OpRole.of(n.op()).inline()) continue;
            if (anchor != null) throw new KernelPlanException(this, "it holds two ops that each need a kernel of their own ("
                    + anchor.op().name() + " and " + n.op().name() + ")");
            anchor = n;
        }
        return anchor;
    }

    /** Flops of every member, as their ops count them. */
    long flops() {
        return members.stream().mapToLong(n -> n.op().flops(n.operandTypes(), n.attrs(), n.type())).sum();
    }

    /** Whether anything {@code e} reads shares elements with the output. */
    boolean readsOutput(Expr e) {
        boolean[] overlaps = {false};
        e.forEachRead(r -> overlaps[0] |= r.overlaps(output));
        return overlaps[0];
    }

    /** The ops of the group in order and its result type, e.g. {@code matmul + add + relu -> f32[4,32]}. */
    String summary() {
        StringBuilder sb = new StringBuilder();
        for (Node n : members) {
            if (sb.length() > 0) sb.append(" + ");
            sb.append(n.op().name());
        }
        return sb.append(" -> ").append(result.type()).toString();
    }
}
