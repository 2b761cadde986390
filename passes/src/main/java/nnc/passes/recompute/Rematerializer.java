package nnc.passes.recompute;

import java.util.ArrayList;
import java.util.List;
import nnc.ir.Graph;
import nnc.ir.Node;
import nnc.ir.Phase;
import nnc.ir.Value;

/**
 * Rebuilds a graph as a {@link Choice} says: a {@link Phase#RECOMPUTE} copy of every node the choice
 * copies, reading copies where the model says so; the backward readers of each recomputed value read
 * its copy instead; and the graph's order becomes the model's, each copy just before its first reader.
 */
final class Rematerializer {
    /** Takes a rebuilt graph back to what it was. */
    record Undo(Graph g, List<Node> order, List<Node> copies, List<Node> readers, List<Integer> slots, List<Value> was) {
        void apply() {
            for (int k = 0; k < readers.size(); k++) g.setOperand(readers.get(k), slots.get(k), was.get(k));
            for (Node c : copies) g.remove(c);
            g.reorder(order);
        }
    }

    private Rematerializer() {}

    /** Applies {@code c} to {@code g}, which {@code m} was made from and which has not changed since. */
    static Undo apply(Graph g, RematModel m, Choice c) {
        List<Node> before = g.topoOrder();
        RematModel.Layout l = m.layout(c);
        int steps = l.stepNode().length;
        Node[] atStep = new Node[steps];
        List<Node> copies = new ArrayList<>();
        // Steps run in a topological order, so every copy's operands exist when it is made.
        for (int s = 0; s < steps; s++) {
            Node original = m.order.get(l.stepNode()[s]);
            if (l.stepAt()[s] < 0) {
                atStep[s] = original;
                continue;
            }
            List<Value> operands = new ArrayList<>();
            for (int slot = 0; slot < original.operands().size(); slot++) {
                int src = m.operandStep(c, l, s, slot, null);
                operands.add(src < 0 ? original.operand(slot) : atStep[src]);
            }
            Node copy = g.addTyped(original.op(), operands, original.attrs(), original.type(), original.loc());
            copy.setPhase(Phase.RECOMPUTE);
            copies.add(copy);
            atStep[s] = copy;
        }
        List<Node> readers = new ArrayList<>();
        List<Integer> slots = new ArrayList<>();
        List<Value> was = new ArrayList<>();
        for (int u = 0; u < m.n; u++) {
            if (m.early[u]) continue;
            Node reader = m.order.get(u);
            for (int slot = 0; slot < m.operands[u].length; slot++) {
                if (m.operands[u][slot] < 0) continue;
                Node read = atStep[m.operandStep(c, l, l.stepOfOriginal()[u], slot, null)];
                if (read == reader.operand(slot)) continue;
                readers.add(reader);
                slots.add(slot);
                was.add(reader.operand(slot));
                g.setOperand(reader, slot, read);
            }
        }
        g.reorder(List.of(atStep));
        return new Undo(g, before, copies, readers, slots, was);
    }
}
