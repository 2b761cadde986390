package nnc.passes.schedule;

import java.util.List;
import nnc.ir.Graph;
import nnc.ir.Liveness;
import nnc.ir.Node;

/**
 * Chooses the order a graph's nodes run in, to keep the peak of live bytes low. The candidates are
 * the graph's own order (program order, with the backward pass as autodiff built it) and the
 * {@link FreeFirstSchedule} of it, with and without computing input-independent values on demand,
 * with and without ordering updates so that they are written into their params, with and without
 * looking one step ahead;
 * the one with the lowest peak of live buffer bytes wins, the earlier candidate on a tie. So
 * scheduling never raises the peak, and a scheduled graph stays as it is.
 */
public final class Scheduler {
    private Scheduler() {}

    /** The chosen order of all of {@code g}'s nodes. */
    public static List<Node> order(Graph g) {
        return order(g, true);
    }

    /**
     * The chosen order of all of {@code g}'s nodes; without {@code lookahead}, only among the list
     * schedules that rank each node by itself (the budget search walks from that order, see
     * {@code RematModel.forBudget}).
     */
    public static List<Node> order(Graph g, boolean lookahead) {
        List<Node> own = g.topoOrder();
        DagIndex dag = new DagIndex(g, own);
        List<Node> best = own;
        long bestPeak = peak(g, own);
        for (boolean ahead : lookahead ? new boolean[] {false, true} : new boolean[] {false}) {
            for (boolean inPlace : new boolean[] {true, false}) {
                for (boolean onDemand : new boolean[] {false, true}) {
                    List<Node> candidate = FreeFirstSchedule.of(dag, onDemand, inPlace, ahead);
                    long p = peak(g, candidate);
                    if (p < bestPeak) {
                        best = candidate;
                        bestPeak = p;
                    }
                }
            }
        }
        return best;
    }

    /** The most bytes live at one step when {@code g} runs in {@code order}, in-place results sharing a buffer. */
    public static long peak(Graph g, List<Node> order) {
        return Liveness.max(Liveness.of(g, order).liveBufferBytes());
    }
}
