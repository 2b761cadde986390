package nnc.passes.report;

import java.util.function.IntFunction;

/**
 * The report as one JSON object. Sizes are integer bytes: {@code persistent_bytes, naive_bytes,
 * lower_bound_bytes, arena_bytes, peak_bytes, baseline_peak_bytes}, then {@code flops,
 * recompute_flops}, the peak after each pass and the largest values live at the peak.
 */
public final class ReportJson {
    private ReportJson() {}

    public static String render(MemoryReport r, IntFunction<String> sourceLine) {
        MemoryFigures f = r.figures();
        Json j = new Json().open('{');
        j.key("graph").value(r.graph()).key("pipeline").value(r.pipeline()).key("nodes").value(r.nodes());
        j.key("persistent_bytes").value(f.persistentBytes());
        j.key("naive_bytes").value(f.naiveBytes());
        j.key("lower_bound_bytes").value(f.lowerBoundBytes());
        j.key("arena_bytes").value(f.arenaBytes());
        j.key("peak_bytes").value(r.peakBytes());
        j.key("baseline_peak_bytes").value(r.baselinePeakBytes());
        j.key("flops").value(f.flops());
        j.key("recompute_flops").value(r.recomputeFlops());
        j.key("peak_step").value(r.peakStep());
        j.key("passes").open('[');
        for (PassEffect e : r.passes()) {
            j.open('{').key("step").value(e.step()).key("nodes").value(e.nodes()).key("peak_bytes").value(e.peakBytes()).close('}');
        }
        j.close(']');
        j.key("largest_at_peak").open('[');
        for (MemoryReport.LiveValue v : r.largestAtPeak()) {
            j.open('{').key("value").value(v.name()).key("made_by").value(v.madeBy()).key("type").value(v.type())
                    .key("bytes").value(v.bytes()).key("line").value(v.line())
                    .key("source").value(v.line() > 0 ? sourceLine.apply(v.line()).strip() : "").close('}');
        }
        j.close(']');
        return j.close('}') + "\n";
    }
}
