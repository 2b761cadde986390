package nnc.ir;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The stashed activations of a training graph: forward nodes whose values a backward or optimizer
 * node reads, so they must stay alive from the forward pass to the backward pass (or be recomputed).
 * Derived from the nodes' phases each time, never stored, so it cannot go stale.
 */
public final class Stash {
    private Stash() {}

    /** Stashed nodes in creation order. */
    public static Set<Node> of(Graph g) {
        Set<Node> readLater = new HashSet<>();
        for (Node n : g.nodes()) {
            if (n.phase() == Phase.FORWARD) continue;
            for (Value v : n.operands()) {
                if (v instanceof Node p && p.phase() == Phase.FORWARD) readLater.add(p);
            }
        }
        Set<Node> stashed = new LinkedHashSet<>();
        for (Node n : g.nodes()) {
            if (readLater.contains(n)) stashed.add(n);
        }
        return stashed;
    }
}
