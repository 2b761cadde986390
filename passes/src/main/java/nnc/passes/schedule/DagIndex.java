package nnc.passes.schedule;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import nnc.ir.Arg;
import nnc.ir.Graph;
import nnc.ir.Node;
import nnc.ir.Value;

/**
 * A graph's nodes numbered in a given order, with what the schedulers need as arrays: the distinct
 * node operands and distinct consumers of each node, its result's bytes, whether it is read after
 * the step (an output or update source) and whether it reads an input.
 */
final class DagIndex {
    final List<Node> nodes;
    final int[][] operands;
    final int[][] consumers;
    final long[] bytes;
    final boolean[] readAfterStep;
    /** Whether a node reads an input argument, which (unlike params and optimizer state) is new each step. */
    final boolean[] readsInput;

    DagIndex(Graph g, List<Node> order) {
        nodes = order;
        int n = order.size();
        Map<Node, Integer> index = new IdentityHashMap<>();
        for (int i = 0; i < n; i++) index.put(order.get(i), i);
        operands = new int[n][];
        int[] consumerCount = new int[n];
        for (int i = 0; i < n; i++) {
            operands[i] = order.get(i).operands().stream()
                    .filter(v -> v instanceof Node).mapToInt(v -> index.get((Node) v)).distinct().toArray();
            for (int p : operands[i]) consumerCount[p]++;
        }
        consumers = new int[n][];
        for (int i = 0; i < n; i++) consumers[i] = new int[consumerCount[i]];
        int[] filled = new int[n];
        for (int i = 0; i < n; i++) {
            for (int p : operands[i]) consumers[p][filled[p]++] = i;
        }
        bytes = new long[n];
        for (int i = 0; i < n; i++) bytes[i] = order.get(i).type().bytes();
        readAfterStep = new boolean[n];
        for (Value v : g.roots()) {
            if (v instanceof Node r) readAfterStep[index.get(r)] = true;
        }
        readsInput = new boolean[n];
        for (int i = 0; i < n; i++) {
            readsInput[i] = order.get(i).operands().stream().anyMatch(v -> v instanceof Arg a && !a.persistent());
        }
    }

    int size() {
        return nodes.size();
    }
}
