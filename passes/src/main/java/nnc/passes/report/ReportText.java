package nnc.passes.report;

import java.util.Locale;
import java.util.function.IntFunction;

/** The report as a table for people, sizes in binary units ({@code 1.52 GiB}). */
public final class ReportText {
    private ReportText() {}

    /** {@code sourceLine} gives the text of a DSL line (1-based), for the values live at the peak. */
    public static String render(MemoryReport r, IntFunction<String> sourceLine) {
        MemoryFigures f = r.figures();
        StringBuilder sb = new StringBuilder();
        sb.append("memory of @").append(r.graph()).append(": ").append(Units.count(r.nodes())).append(" nodes, pipeline ")
                .append(r.pipeline().isEmpty() ? "(none)" : r.pipeline()).append("\n\n");
        figure(sb, "persistent", f.persistentBytes(), "params, optimizer state and inputs, for the whole step");
        figure(sb, "naive", f.naiveBytes(), "every value in a buffer of its own");
        figure(sb, "lower bound", f.lowerBoundBytes(), "the most bytes live at one step");
        figure(sb, "arena", f.arenaBytes(), "the one buffer the plan uses" + overBound(f));
        figure(sb, "peak", r.peakBytes(), "persistent + arena");
        figure(sb, "baseline peak", r.baselinePeakBytes(), "a framework freeing each tensor after its last use");
        sb.append(String.format(Locale.ROOT, "  %-16s %11s   %s\n", "flops", Units.flops(f.flops()), "one step"));
        sb.append(String.format(Locale.ROOT, "  %-16s %11s   %s\n\n", "recompute flops", Units.flops(r.recomputeFlops()),
                "spent rebuilding values instead of keeping them"));

        sb.append(String.format(Locale.ROOT, "  %-24s %9s %11s %11s\n", "peak after", "nodes", "peak", "change"));
        long previous = -1;
        for (PassEffect e : r.passes()) {
            sb.append(String.format(Locale.ROOT, "  %-24s %9s %11s %11s", e.step(), Units.count(e.nodes()), Units.bytes(e.peakBytes()),
                    previous < 0 ? "" : Units.signedBytes(e.peakBytes() - previous)).stripTrailing()).append('\n');
            previous = e.peakBytes();
        }

        sb.append(String.format(Locale.ROOT, "\nlargest values live at the peak (step %s of %s):\n",
                Units.count(r.peakStep()), Units.count(r.liveBytes().length)));
        // Columns as wide as their widest entry, so long names such as %w1.momentum stay aligned.
        int nameWidth = r.largestAtPeak().stream().mapToInt(v -> v.name().length()).max().orElse(1);
        int madeByWidth = r.largestAtPeak().stream().mapToInt(v -> v.madeBy().length()).max().orElse(1);
        int typeWidth = r.largestAtPeak().stream().mapToInt(v -> v.type().length()).max().orElse(1);
        String row = "  %11s  %-" + nameWidth + "s  %-" + madeByWidth + "s  %-" + typeWidth + "s  %s";
        for (MemoryReport.LiveValue v : r.largestAtPeak()) {
            String where = v.line() > 0 ? "line " + v.line() + ": " + sourceLine.apply(v.line()).strip() : "";
            sb.append(String.format(Locale.ROOT, row, Units.bytes(v.bytes()), v.name(), v.madeBy(), v.type(), where)
                    .stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    private static void figure(StringBuilder sb, String name, long bytes, String meaning) {
        sb.append(String.format(Locale.ROOT, "  %-16s %11s   %s\n", name, Units.bytes(bytes), meaning));
    }

    private static String overBound(MemoryFigures f) {
        if (f.lowerBoundBytes() == 0) return "";
        double over = 100.0 * (f.arenaBytes() - f.lowerBoundBytes()) / f.lowerBoundBytes();
        return String.format(Locale.ROOT, " (%.2f%% over the lower bound)", over);
    }
}
