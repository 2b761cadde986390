package nnc.passes.autodiff;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nnc.ir.Node;
import nnc.ir.Value;

/**
 * How far the forward pass must have run before a value can be computed: the position, in the forward
 * order, of the last forward node it depends on (-1 for one that needs only arguments). A gradient
 * that flows back from the loss needs the whole forward pass; one that starts from a loss term's own
 * gradient (which does not read the loss) may need only a prefix of it.
 */
final class Readiness {
    private final List<Node> forward;
    private final Map<Value, Integer> known = new IdentityHashMap<>();

    /** {@code forward}: the forward nodes in topological order. */
    Readiness(List<Node> forward) {
        this.forward = forward;
        for (int i = 0; i < forward.size(); i++) known.put(forward.get(i), i);
    }

    /**
     * {@code nodes}, a topological order of the forward nodes and nodes built from them since, with the
     * running sums among {@code sums} that need part of the forward pass, but less of it than the last
     * built nodes do, moved into it with the built nodes they read: each just after the forward node it
     * waits for, one that waits for none with the earliest moved node reading it. The scheduler makes a
     * node that only allocates (a sum's new term) where the graph's order has it, so the sum's terms
     * are then added as the forward goes instead of all waiting for its end. Nothing else moves: a
     * gradient term no sum reads early (a ReLU6 mask, say) would only live longer.
     */
    List<Node> eager(List<Node> nodes, Set<Node> sums) {
        List<Node> built = nodes.stream().filter(n -> !isForward(n)).toList();
        int last = built.stream().mapToInt(this::of).max().orElse(-1);
        Set<Node> moved = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Node> todo = new ArrayDeque<>();
        for (Node n : built) if (sums.contains(n) && of(n) >= 0 && of(n) < last) todo.push(n);
        while (!todo.isEmpty()) {
            Node n = todo.pop();
            if (!moved.add(n)) continue;
            for (Value o : n.operands()) if (o instanceof Node c && !isForward(c)) todo.push(c);
        }
        // Readers come later in a topological order, so walking back sees them first.
        Map<Node, Integer> after = new IdentityHashMap<>();
        for (int i = built.size() - 1; i >= 0; i--) {
            Node n = built.get(i);
            if (!moved.contains(n)) continue;
            int at = of(n) >= 0 ? of(n) : after.get(n);
            after.put(n, at);
            for (Value o : n.operands()) if (o instanceof Node c && moved.contains(c) && of(c) < 0) after.merge(c, at, Math::min);
        }
        List<List<Node>> placed = new ArrayList<>();
        for (int i = 0; i < forward.size(); i++) placed.add(new ArrayList<>());
        for (Node n : built) if (moved.contains(n)) placed.get(after.get(n)).add(n);
        List<Node> order = new ArrayList<>(nodes.size());
        for (int i = 0; i < forward.size(); i++) {
            order.add(forward.get(i));
            order.addAll(placed.get(i));
        }
        for (Node n : built) if (!moved.contains(n)) order.add(n);
        return order;
    }

    private boolean isForward(Node n) {
        Integer at = known.get(n);
        return at != null && at >= 0 && forward.get(at) == n;
    }

    /** The readiness of {@code v}, a forward value or one built from them since. */
    int of(Value v) {
        // Iterative, since gradient chains through an unrolled loop run thousands of nodes deep.
        Deque<Value> todo = new ArrayDeque<>();
        todo.push(v);
        while (!todo.isEmpty()) {
            Value top = todo.peek();
            if (known.containsKey(top)) {
                todo.pop();
                continue;
            }
            if (!(top instanceof Node n)) {
                known.put(top, -1);
                todo.pop();
                continue;
            }
            int latest = -1;
            boolean ready = true;
            for (Value o : n.operands()) {
                Integer r = known.get(o);
                if (r == null) {
                    todo.push(o);
                    ready = false;
                } else {
                    latest = Math.max(latest, r);
                }
            }
            if (ready) {
                known.put(top, latest);
                todo.pop();
            }
        }
        return known.get(v);
    }
}
