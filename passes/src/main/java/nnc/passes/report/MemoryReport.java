package nnc.passes.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import nnc.ir.Arg;
import nnc.ir.Graph;
import nnc.ir.Liveness;
import nnc.ir.Node;
import nnc.ir.Phase;

/**
 * Everything {@code nnc mem} shows for a planned graph: the figures, the peak after each pipeline
 * step, the transient bytes live at each step of the schedule, and the largest values live at the
 * peak. {@link ReportText}, {@link ReportJson} and {@link ReportHtml} render it.
 *
 * @param pipeline the pipeline that made the graph, as a pipeline string
 * @param recomputeFlops floating point operations spent recomputing values instead of keeping them
 * @param passes the graph as lowered, then after each step
 * @param liveBytes transient bytes live at each step of the schedule (in-place results sharing a buffer)
 * @param peakStep the first step where {@code liveBytes} is largest
 * @param largestAtPeak the largest values (persistent ones included) live at {@code peakStep}, largest first
 */
public record MemoryReport(String graph, String pipeline, int nodes, MemoryFigures figures, long baselinePeakBytes,
        long recomputeFlops, List<PassEffect> passes, long[] liveBytes, int peakStep, List<LiveValue> largestAtPeak) {
    /** How many values {@link #largestAtPeak} lists. */
    public static final int LARGEST = 10;

    /**
     * A value as the printed IR names it ({@code %12}, {@code %w1}; nodes print in schedule order, so
     * {@code %12} runs at step 12), what makes it (its op, or the argument's role), its type and the DSL
     * line it comes from (0 when unknown).
     */
    public record LiveValue(String name, String madeBy, String type, long bytes, int line) {}

    /** {@code planned} must have a plan; {@code baselinePeakBytes} comes from {@link BaselinePeak}. */
    public static MemoryReport of(Graph planned, String pipeline, List<PassEffect> passes, long baselinePeakBytes) {
        MemoryFigures figures = MemoryFigures.of(planned);
        Liveness live = Liveness.of(planned, planned.plan().schedule());
        long[] liveBytes = live.liveBufferBytes();
        int peak = 0;
        for (int i = 1; i < liveBytes.length; i++) if (liveBytes[i] > liveBytes[peak]) peak = i;
        return new MemoryReport(planned.name(), pipeline, planned.nodeCount(), figures, baselinePeakBytes,
                recomputeFlops(planned), List.copyOf(passes), liveBytes, peak, largestAt(planned, live, peak));
    }

    /** The flops of the nodes that rebuild forward values for the backward pass ({@link Phase#RECOMPUTE}). */
    public static long recomputeFlops(Graph g) {
        long flops = 0;
        for (Node n : g.nodes()) {
            if (n.phase() == Phase.RECOMPUTE) flops += n.op().flops(n.operandTypes(), n.attrs(), n.type());
        }
        return flops;
    }

    private static List<LiveValue> largestAt(Graph g, Liveness live, int step) {
        List<LiveValue> values = new ArrayList<>();
        for (Arg a : g.args()) {
            values.add(new LiveValue("%" + a.name(), a.role().text(), a.type().toString(), a.type().bytes(), a.loc().line()));
        }
        for (int i = 0; i <= step && i < live.size(); i++) {
            // An operand overwritten in place at this step shares its bytes with the result; count them
            // once. An update written into its param takes no bytes of its own.
            boolean shared = live.lastUse(i) == step && live.inPlaceSource(step) == i;
            if (live.lastUse(i) >= step && !shared && live.updateTarget(i) == null) {
                Node n = live.node(i);
                values.add(new LiveValue("%" + i, n.op().name(), n.type().toString(), live.bytes(i), n.loc().line()));
            }
        }
        // A stable sort keeps arguments, then nodes in schedule order, among equal sizes.
        values.sort(Comparator.comparingLong(v -> -v.bytes()));
        return List.copyOf(values.subList(0, Math.min(LARGEST, values.size())));
    }

    /** Persistent bytes plus the arena. */
    public long peakBytes() {
        return figures.peakBytes();
    }
}
