package nnc.passes.dne;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;
import nnc.ir.Graph;
import nnc.ir.Node;
import nnc.ir.Value;
import nnc.passes.Pass;
import nnc.passes.PassContext;

/**
 * {@code dne}: removes every node whose result reaches no output and no update, directly or through
 * other nodes. Ops have no side effects, so nothing else keeps a node alive; this is what drops the
 * backward branches no parameter needs. Arguments stay: they are the graph's interface.
 */
public final class DeadNodeElimination implements Pass {
    @Override
    public String name() {
        return "dne";
    }

    @Override
    public boolean run(Graph g, PassContext ctx) {
        Set<Node> needed = needed(g);
        boolean changed = false;
        for (Node n : g.nodes()) {
            if (!needed.contains(n)) {
                g.remove(n);
                changed = true;
            }
        }
        return changed;
    }

    /** The nodes that outputs and updates read, directly or through other nodes. */
    public static Set<Node> needed(Graph g) {
        Set<Node> needed = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Node> todo = new ArrayDeque<>();
        for (Value v : g.roots()) {
            if (v instanceof Node n && needed.add(n)) todo.push(n);
        }
        while (!todo.isEmpty()) {
            for (Value v : todo.pop().operands()) {
                if (v instanceof Node n && needed.add(n)) todo.push(n);
            }
        }
        return needed;
    }
}
