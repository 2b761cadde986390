package nnc.passes.schedule;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import nnc.ir.Arg;
import nnc.ir.Graph;
import nnc.ir.Node;
import nnc.ir.UpdatesInPlace;
import nnc.ir.Value;

/**
 * A graph's nodes numbered in a given order, with what the schedulers need as arrays: the distinct
 * node operands and distinct consumers of each node, its result's bytes, whether it is read after
 * the step (an output or update source), whether it reads an input, and which updates may be written
 * in place once which other nodes have run.
 */
final class DagIndex {
    final List<Node> nodes;
    final int[][] operands;
    final int[][] consumers;
    final long[] bytes;
    final boolean[] readAfterStep;
    /** Whether a node reads an input argument, which (unlike params and optimizer state) is new each step. */
    final boolean[] readsInput;
    /** Update sources that may be written into their target ({@link UpdatesInPlace}): they take no arena bytes... */
    final boolean[] updatesInPlace;
    /** ...once these nodes, the target's other readers, have run. */
    final int[][] mustWaitFor;
    /** The inverse of {@link #mustWaitFor}. */
    final int[][] waitedForBy;

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
        updatesInPlace = new boolean[n];
        mustWaitFor = new int[n][];
        List<List<Integer>> waiting = new ArrayList<>();
        for (int i = 0; i < n; i++) waiting.add(new ArrayList<>());
        for (UpdatesInPlace.Candidate c : UpdatesInPlace.of(g).values()) {
            int source = index.get(c.source());
            updatesInPlace[source] = true;
            mustWaitFor[source] = c.readers().stream().mapToInt(index::get).toArray();
            for (int r : mustWaitFor[source]) waiting.get(r).add(source);
        }
        waitedForBy = new int[n][];
        for (int i = 0; i < n; i++) {
            if (mustWaitFor[i] == null) mustWaitFor[i] = new int[0];
            waitedForBy[i] = waiting.get(i).stream().mapToInt(Integer::intValue).toArray();
        }
    }

    int size() {
        return nodes.size();
    }
}
