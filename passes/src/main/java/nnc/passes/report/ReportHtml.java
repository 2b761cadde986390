package nnc.passes.report;

import java.util.Locale;
import java.util.function.IntFunction;

/**
 * The report as one self-contained HTML page (no network needed): an inline SVG plot of the bytes
 * live at each step of the schedule, persistent below and transient stacked on top, with the peak
 * (persistent + arena) and the baseline peak marked; hovering shows each step's figures. Below it
 * the figures, the peak after each pass and the largest values live at the peak.
 */
public final class ReportHtml {
    private static final int WIDTH = 960;
    private static final int HEIGHT = 420;
    private static final int LEFT = 80;
    private static final int RIGHT = 20;
    private static final int TOP = 20;
    private static final int BOTTOM = 40;
    /** At most this many columns are drawn; each shows the largest live bytes among its steps, so peaks stay visible. */
    private static final int MAX_COLUMNS = WIDTH - LEFT - RIGHT;

    private ReportHtml() {}

    /** {@code nodeLabel} describes the node at a step ({@code %12 = conv2d : f32[...]}) for the tooltip. */
    public static String render(MemoryReport r, IntFunction<String> sourceLine, IntFunction<String> nodeLabel) {
        MemoryFigures f = r.figures();
        String title = "nnc memory of @" + r.graph();
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").append(escape(title))
                .append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        sb.append("<h1>").append(escape(title)).append("</h1>\n<p>").append(Units.count(r.nodes())).append(" nodes, pipeline <code>")
                .append(escape(r.pipeline().isEmpty() ? "(none)" : r.pipeline())).append("</code>. Peak <b>")
                .append(Units.bytes(r.peakBytes())).append("</b> = persistent ").append(Units.bytes(f.persistentBytes()))
                .append(" + arena ").append(Units.bytes(f.arenaBytes())).append(".</p>\n");
        plot(sb, r, nodeLabel);
        figures(sb, r);
        passes(sb, r);
        largest(sb, r, sourceLine);
        return sb.append("</body>\n</html>\n").toString();
    }

    private static void plot(StringBuilder sb, MemoryReport r, IntFunction<String> nodeLabel) {
        long[] live = r.liveBytes();
        long persistent = r.figures().persistentBytes();
        int steps = live.length;
        int columns = Math.max(1, Math.min(steps, MAX_COLUMNS));
        long tick = tickBytes(Math.max(r.peakBytes(), r.baselinePeakBytes()));
        int ticks = (int) (Math.max(r.peakBytes(), r.baselinePeakBytes()) * 1.05 / tick) + 1;
        double yMax = (double) tick * ticks;
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        Json data = new Json().open('[');
        StringBuilder top = new StringBuilder();
        for (int c = 0; c < columns; c++) {
            int from = (int) ((long) c * steps / columns);
            int to = Math.max(from + 1, (int) ((long) (c + 1) * steps / columns));
            int at = from;
            for (int s = from; s < to && s < steps; s++) if (live[s] > live[at]) at = s;
            long bytes = steps == 0 ? 0 : live[at];
            double x0 = LEFT + plotW * c / columns;
            double x1 = LEFT + plotW * (c + 1) / columns;
            double y = TOP + plotH * (1 - (persistent + bytes) / yMax);
            top.append(top.length() == 0 ? "M" : " L").append(fmt(x0)).append(',').append(fmt(y)).append(" L").append(fmt(x1)).append(',').append(fmt(y));
            data.open('[').value(from).value(to - 1).value(bytes).value(steps == 0 ? "" : nodeLabel.apply(at)).close(']');
        }
        data.close(']');
        double yBase = TOP + plotH;
        double yPersistent = TOP + plotH * (1 - persistent / yMax);
        sb.append("<svg id=\"plot\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT).append("\" width=\"").append(WIDTH)
                .append("\" height=\"").append(HEIGHT).append("\" role=\"img\" aria-label=\"bytes live at each step\">\n");
        for (int t = 0; t <= ticks; t++) {
            double y = TOP + plotH * (1 - (double) t / ticks);
            sb.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"").append(fmt(y))
                    .append("\" y2=\"").append(fmt(y)).append("\"/><text class=\"axis\" x=\"").append(LEFT - 6).append("\" y=\"").append(fmt(y + 4))
                    .append("\" text-anchor=\"end\">").append(Units.bytes(tick * t)).append("</text>\n");
        }
        for (int t = 0; t <= 4; t++) {
            double x = LEFT + plotW * t / 4;
            sb.append("<text class=\"axis\" x=\"").append(fmt(x)).append("\" y=\"").append(HEIGHT - BOTTOM + 16)
                    .append("\" text-anchor=\"middle\">").append(Units.count((long) steps * t / 4)).append("</text>\n");
        }
        sb.append("<text class=\"axis\" x=\"").append(LEFT + (int) plotW / 2).append("\" y=\"").append(HEIGHT - 6)
                .append("\" text-anchor=\"middle\">schedule step</text>\n");
        sb.append("<rect class=\"persistent\" x=\"").append(LEFT).append("\" y=\"").append(fmt(yPersistent)).append("\" width=\"")
                .append(fmt(plotW)).append("\" height=\"").append(fmt(yBase - yPersistent)).append("\"/>\n");
        sb.append("<path class=\"transient\" d=\"").append(top).append(" L").append(fmt(LEFT + plotW)).append(',').append(fmt(yPersistent))
                .append(" L").append(LEFT).append(',').append(fmt(yPersistent)).append(" Z\"/>\n");
        // The two labels sit at opposite ends, so that close peaks keep both readable.
        line(sb, "baseline", TOP + plotH * (1 - r.baselinePeakBytes() / yMax), LEFT + 4, "start",
                "baseline peak " + Units.bytes(r.baselinePeakBytes()));
        line(sb, "peak", TOP + plotH * (1 - r.peakBytes() / yMax), WIDTH - RIGHT - 4, "end", "peak " + Units.bytes(r.peakBytes()));
        if (steps > 0) {
            double px = LEFT + plotW * (r.peakStep() + 0.5) / steps;
            double py = TOP + plotH * (1 - (persistent + live[r.peakStep()]) / yMax);
            sb.append("<circle class=\"peak\" cx=\"").append(fmt(px)).append("\" cy=\"").append(fmt(py)).append("\" r=\"4\"/>\n");
        }
        sb.append("<line id=\"cursor\" x1=\"0\" x2=\"0\" y1=\"").append(TOP).append("\" y2=\"").append(fmt(yBase)).append("\"/>\n");
        sb.append("</svg>\n<p class=\"legend\"><span class=\"key persistent\"></span>persistent (params, optimizer state, inputs)"
                + " <span class=\"key transient\"></span>transient (live in the arena)</p>\n<div id=\"tip\"></div>\n");
        sb.append("<script>\nconst persistent = ").append(persistent).append(";\nconst columns = ").append(data).append(";\n")
                .append(String.format(Locale.ROOT, "const plot = {left: %d, width: %s};\n", LEFT, fmt(plotW))).append(SCRIPT).append("</script>\n");
    }

    private static void line(StringBuilder sb, String cls, double y, int labelX, String anchor, String label) {
        sb.append("<line class=\"").append(cls).append("\" x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"")
                .append(fmt(y)).append("\" y2=\"").append(fmt(y)).append("\"/><text class=\"").append(cls).append("\" x=\"").append(labelX)
                .append("\" y=\"").append(fmt(y - 4)).append("\" text-anchor=\"").append(anchor).append("\">").append(escape(label)).append("</text>\n");
    }

    /** A round step for about five gridlines up to {@code max}: 1, 2 or 5 times a power of 1024 times a power of 10. */
    private static long tickBytes(long max) {
        double raw = Math.max(1, max / 5.0);
        long unit = 1;
        while (unit * 1024 <= raw) unit *= 1024;
        for (long m = 1; ; m *= 10) {
            for (long f : new long[] {1, 2, 5}) {
                if (unit * m * f >= raw) return unit * m * f;
            }
        }
    }

    private static void figures(StringBuilder sb, MemoryReport r) {
        MemoryFigures f = r.figures();
        sb.append("<h2>Figures</h2>\n<table>\n");
        row(sb, "persistent", Units.bytes(f.persistentBytes()), f.persistentBytes());
        row(sb, "naive", Units.bytes(f.naiveBytes()), f.naiveBytes());
        row(sb, "lower bound", Units.bytes(f.lowerBoundBytes()), f.lowerBoundBytes());
        row(sb, "arena", Units.bytes(f.arenaBytes()), f.arenaBytes());
        row(sb, "peak", Units.bytes(r.peakBytes()), r.peakBytes());
        row(sb, "baseline peak", Units.bytes(r.baselinePeakBytes()), r.baselinePeakBytes());
        row(sb, "flops", Units.flops(f.flops()), f.flops());
        row(sb, "recompute flops", Units.flops(r.recomputeFlops()), r.recomputeFlops());
        sb.append("</table>\n");
    }

    private static void row(StringBuilder sb, String name, String human, long exact) {
        sb.append("<tr><th>").append(name).append("</th><td>").append(human).append("</td><td class=\"exact\">")
                .append(Units.count(exact)).append("</td></tr>\n");
    }

    private static void passes(StringBuilder sb, MemoryReport r) {
        sb.append("<h2>Peak after each pass</h2>\n<table>\n<tr><th>after</th><th>nodes</th><th>peak</th><th>change</th></tr>\n");
        long previous = -1;
        for (PassEffect e : r.passes()) {
            sb.append("<tr><td><code>").append(escape(e.step())).append("</code></td><td>").append(Units.count(e.nodes()))
                    .append("</td><td>").append(Units.bytes(e.peakBytes())).append("</td><td>")
                    .append(previous < 0 ? "" : Units.signedBytes(e.peakBytes() - previous)).append("</td></tr>\n");
            previous = e.peakBytes();
        }
        sb.append("</table>\n");
    }

    private static void largest(StringBuilder sb, MemoryReport r, IntFunction<String> sourceLine) {
        sb.append("<h2>Largest values live at the peak (step ").append(Units.count(r.peakStep())).append(")</h2>\n<table>\n")
                .append("<tr><th>bytes</th><th>value</th><th>made by</th><th>type</th><th>source</th></tr>\n");
        for (MemoryReport.LiveValue v : r.largestAtPeak()) {
            String where = v.line() > 0 ? "line " + v.line() + ": " + sourceLine.apply(v.line()).strip() : "";
            sb.append("<tr><td>").append(Units.bytes(v.bytes())).append("</td><td><code>").append(escape(v.name()))
                    .append("</code></td><td>").append(escape(v.madeBy())).append("</td><td><code>").append(escape(v.type()))
                    .append("</code></td><td><code>").append(escape(where)).append("</code></td></tr>\n");
        }
        sb.append("</table>\n");
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static final String STYLE = """
            body { font: 14px system-ui, sans-serif; margin: 24px; color: #222; }
            code { font: 12px ui-monospace, monospace; }
            svg text { font: 11px system-ui, sans-serif; }
            .grid { stroke: #e4e4e4; }
            .axis { fill: #555; }
            rect.persistent, .key.persistent { fill: #8da0cb; background: #8da0cb; }
            path.transient, .key.transient { fill: #fc8d62; background: #fc8d62; }
            line.peak { stroke: #c0392b; stroke-width: 1.5; stroke-dasharray: 6 3; }
            text.peak { fill: #c0392b; }
            circle.peak { fill: #c0392b; }
            line.baseline { stroke: #666; stroke-dasharray: 2 3; }
            text.baseline { fill: #666; }
            #cursor { stroke: #333; visibility: hidden; }
            .key { display: inline-block; width: 12px; height: 12px; margin: 0 6px 0 16px; vertical-align: middle; }
            #tip { position: fixed; display: none; background: #fff; border: 1px solid #aaa; padding: 4px 8px; font-size: 12px;
                   pointer-events: none; white-space: pre; }
            table { border-collapse: collapse; margin-bottom: 16px; }
            th, td { text-align: left; padding: 2px 12px 2px 0; }
            td.exact { color: #777; }
            """;

    /** Shows the column under the pointer: its steps, the bytes live there and the node at its largest. */
    private static final String SCRIPT = """
            const svg = document.getElementById("plot");
            const tip = document.getElementById("tip");
            const cursor = document.getElementById("cursor");
            function human(b) {
              const units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
              let u = 0;
              while (b >= 1024 && u < units.length - 1) { b /= 1024; u++; }
              return (u === 0 ? b : b.toPrecision(3)) + " " + units[u];
            }
            svg.addEventListener("mousemove", e => {
              const box = svg.getBoundingClientRect();
              const x = (e.clientX - box.left) * svg.viewBox.baseVal.width / box.width;
              const c = Math.floor((x - plot.left) / plot.width * columns.length);
              if (c < 0 || c >= columns.length) { tip.style.display = "none"; cursor.style.visibility = "hidden"; return; }
              const [from, to, bytes, label] = columns[c];
              cursor.setAttribute("x1", x); cursor.setAttribute("x2", x); cursor.style.visibility = "visible";
              tip.textContent = (from === to ? "step " + from : "steps " + from + "-" + to) + "\\ntransient " + human(bytes)
                + ", total " + human(bytes + persistent) + "\\n" + label;
              tip.style.left = (e.clientX + 14) + "px"; tip.style.top = (e.clientY + 14) + "px"; tip.style.display = "block";
            });
            svg.addEventListener("mouseleave", () => { tip.style.display = "none"; cursor.style.visibility = "hidden"; });
            """;
}
