package nnc.passes.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import nnc.ir.Graph;
import nnc.ir.IrParser;
import nnc.passes.PassManager;
import nnc.passes.PassRegistry;
import nnc.passes.Pipeline;
import nnc.passes.report.BaselinePeak;
import nnc.passes.report.MemoryFigures;
import nnc.passes.report.MemoryReport;
import nnc.passes.report.PassEffect;
import nnc.passes.report.ReportHtml;
import nnc.passes.report.ReportJson;
import nnc.passes.report.ReportText;
import org.junit.jupiter.api.Test;

/** The report's figures on a graph small enough to work them out by hand. */
class MemoryReportTest {
    /** 1 KiB values: %a and %b are summed late in program order; relu overwrites %s in place. */
    private static final String NET = """
            graph @net {
              input %x : f32[16,16]
              param %w : f32[16,16] {init = "xavier"}
              %a = matmul(%x, %w) : f32[16,16] loc(2:5)
              %b = tanh(%x) : f32[16,16] loc(3:5)
              %c = sigmoid(%x) : f32[16,16] loc(4:5)
              %s = add(%a, %b) : f32[16,16] loc(5:5)
              %t = add(%s, %c) : f32[16,16] loc(6:5)
              %y = relu(%t) : f32[16,16] loc(7:5)
              output %y = %y
            }
            """;

    private static MemoryReport report() {
        Graph g = IrParser.parse(NET);
        List<PassEffect> effects = new java.util.ArrayList<>();
        effects.add(PassEffect.measure("(lowered)", g));
        new PassManager().verifyEach(true).afterEach((step, graph) -> effects.add(PassEffect.measure(step.toString(), graph)))
                .run(Pipeline.parse("schedule,plan-buffers", PassRegistry.standard()), g);
        return MemoryReport.of(g, "schedule,plan-buffers", effects, BaselinePeak.of(g));
    }

    @Test
    void figuresFollowTheMemoryModel() {
        MemoryReport r = report();
        MemoryFigures f = r.figures();
        assertEquals(2048, f.persistentBytes(), "x and w");
        assertEquals(6 * 1024, f.naiveBytes());
        // Scheduled: a, b, s (over a), c, t (over s), y (over t): two buffers at most.
        assertEquals(2048, f.lowerBoundBytes());
        assertEquals(2048, f.arenaBytes());
        assertEquals(4096, r.peakBytes());
        // Without in-place reuse, s is live with a and b, t with s and c, y with t.
        assertEquals(2048 + 3 * 1024, r.baselinePeakBytes());
        assertEquals(2 * 16 * 16 * 16 + 256 + 3 * 256 + 256 + 256 + 256, f.flops());
        assertEquals(List.of("(lowered)", "schedule", "plan-buffers"), r.passes().stream().map(PassEffect::step).toList());
        assertEquals(List.of(2048 + 4 * 1024L, 2048 + 3 * 1024L, 4096L), r.passes().stream().map(PassEffect::peakBytes).toList());
    }

    @Test
    void theLargestValuesAtThePeakComeFirstWithTheirLines() {
        MemoryReport r = report();
        List<MemoryReport.LiveValue> top = r.largestAtPeak();
        assertEquals("%x", top.get(0).name());
        assertEquals("input", top.get(0).madeBy());
        assertEquals(1024, top.get(0).bytes());
        assertTrue(top.stream().anyMatch(v -> v.madeBy().equals("matmul") && v.line() == 2), top::toString);
    }

    @Test
    void renderingsAreDeterministic() {
        String text = ReportText.render(report(), line -> "line " + line);
        assertEquals(text, ReportText.render(report(), line -> "line " + line));
        assertTrue(text.contains("  arena               2.00 KiB   the one buffer the plan uses (0.00% over the lower bound)\n"), text);
        String json = ReportJson.render(report(), line -> "");
        assertTrue(json.contains("\"arena_bytes\": 2048, \"peak_bytes\": 4096, "), json);
        String html = ReportHtml.render(report(), line -> "", step -> "step " + step);
        assertEquals(html, ReportHtml.render(report(), line -> "", step -> "step " + step));
    }
}
