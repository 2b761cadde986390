package nnc.passes.recompute;

import java.util.Arrays;
import nnc.ir.Graph;
import org.jgrapht.alg.flow.DinicMFImpl;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.SimpleDirectedWeightedGraph;

/**
 * A floor under the arena of any choice the default mode of {@link RecomputePass} could make, which
 * recomputes no heavy op (matmul, conv, anything not {@code cheapToRecompute}): how close to the best
 * it could do it comes, and what no cleverer choice of what to stash could beat.
 *
 * <p>At each step of the backward pass, in the scheduler's order, the values live must let every
 * later step get the forward values it reads, rebuilt from them and the arguments by cheap ops; the
 * forward values the step itself reads are live too, and so are the gradients the order keeps alive
 * across it. The fewest bytes of forward values that do this is a minimum cut, as in PyTorch's
 * min-cut partitioner: each forward value is an edge of its bytes from its "computed" to its
 * "available" vertex; a heavy value is computed in the forward pass only (an infinite edge from the
 * source); a value still needed must be available (an infinite edge to the sink); a value is computed
 * only where its operands are available. The floor is the most, over the steps, of that cut plus the
 * gradients live, taken with max pooling routed by stashed indices and without, and is the lesser.
 * Recomputed copies only add bytes, so a choice whose order keeps the backward pass's own can only
 * be higher.
 */
public final class StashFloor {
    /** Far more than all the bytes of a graph, yet exact in a double. */
    private static final double INFINITE = 1e18;
    /** At most about this many cuts per graph. */
    private static final int CUTS = 200;

    private StashFloor() {}

    /** The floor of the arena for {@code g}, a training graph before the recompute pass; leaves {@code g} as it was. */
    public static long arenaBytes(Graph g) {
        long floor = of(RematModel.of(g));
        PoolIndexStash.Undo stash = PoolIndexStash.hasSites(g) ? PoolIndexStash.apply(g) : null;
        if (stash != null) {
            floor = Math.min(floor, of(RematModel.of(g)));
            stash.apply();
        }
        return floor;
    }

    private static long of(RematModel m) {
        // The last late reader of each forward value, and the last reader of each late one.
        int[] lastRead = new int[m.n];
        Arrays.fill(lastRead, -1);
        int lateSteps = 0;
        for (int i = 0; i < m.n; i++) {
            if (!m.early[i]) lateSteps++;
            for (int p : m.operands[i]) if (p >= 0 && (!m.early[i] || !m.early[p])) lastRead[p] = i;
        }
        for (int i = 0; i < m.n; i++) if (m.readAfterStep[i]) lastRead[i] = m.n;
        // A cut takes a max-flow; on long graphs it is taken at evenly spaced steps, still a floor.
        int stride = Math.max(1, lateSteps / CUTS);
        long floor = 0;
        long gradients = 0;
        boolean[] readNow = new boolean[m.n];
        for (int t = 0, late = 0; t < m.n; t++) {
            if (m.early[t]) continue;
            if (late++ % stride == 0) {
                Arrays.fill(readNow, false);
                for (int p : m.operands[t]) if (p >= 0 && m.early[p]) readNow[p] = true;
                // Gradients made before t and read at t or later, and t's own result unless it may reuse bytes.
                long live = gradients + (m.mayTakeNoBytes(t) ? 0 : m.bytes[t]);
                floor = Math.max(floor, cut(m, lastRead, t, readNow) + live);
            }
            if (!m.mayTakeNoBytes(t) && lastRead[t] > t) gradients += m.bytes[t];
            for (int p : m.operands[t]) if (p >= 0 && !m.early[p] && lastRead[p] == t && !m.mayTakeNoBytes(p)) gradients -= m.bytes[p];
        }
        return floor;
    }

    /** The fewest bytes of forward values that make those read at step {@code t} or later available, with those {@code readNow} kept. */
    private static long cut(RematModel m, int[] lastRead, int t, boolean[] readNow) {
        SimpleDirectedWeightedGraph<Integer, DefaultWeightedEdge> net = new SimpleDirectedWeightedGraph<>(DefaultWeightedEdge.class);
        int source = 2 * m.n;
        int sink = source + 1;
        net.addVertex(source);
        net.addVertex(sink);
        for (int i = 0; i < m.n; i++) {
            if (!m.early[i]) continue;
            net.addVertex(computed(i));
            net.addVertex(available(i));
            edge(net, computed(i), available(i), m.bytes[i]);
            if (!m.cheap[i] || readNow[i] || m.readAfterStep[i]) edge(net, source, computed(i), INFINITE);
            if (lastRead[i] >= t || readNow[i]) edge(net, available(i), sink, INFINITE);
            for (int p : m.operands[i]) if (p >= 0) edge(net, available(p), computed(i), INFINITE);
        }
        return Math.round(new DinicMFImpl<>(net).calculateMinCut(source, sink));
    }

    private static int computed(int i) {
        return 2 * i;
    }

    private static int available(int i) {
        return 2 * i + 1;
    }

    private static void edge(SimpleDirectedWeightedGraph<Integer, DefaultWeightedEdge> net, int from, int to, double capacity) {
        if (net.getEdge(from, to) == null) net.setEdgeWeight(net.addEdge(from, to), capacity);
    }
}
