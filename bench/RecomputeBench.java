import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nnc.frontend.Compilation;
import nnc.frontend.Frontend;
import nnc.frontend.SourceFile;
import nnc.ir.Graph;
import nnc.passes.PassFailedException;
import nnc.passes.PassManager;
import nnc.passes.PassRegistry;
import nnc.passes.Pipeline;
import nnc.passes.recompute.RecomputePass;
import nnc.passes.recompute.StashFloor;
import nnc.passes.report.BaselinePeak;
import nnc.passes.report.MemoryFigures;
import nnc.passes.report.MemoryReport;
import nnc.passes.report.Units;

/**
 * What fusion and recomputation save on the zoo's training steps at realistic sizes (the sizes of
 * MemoryBench): for every net, the baseline peak (a framework freeing dead tensors), the peak with
 * fusion alone and with the default recomputation, baseline/peak, the recompute FLOPs as a share
 * of the step's other FLOPs, and the floor no default-mode choice could plan under ({@link StashFloor});
 * the peak with at most 5% extra FLOPs; then, for ResNet-50 (batch 184), VGG-16 and the LSTM language
 * model, a budget sweep as {@code --memory-budget} runs it: the peak and extra FLOPs for budgets from
 * the default mode's peak down to below what can be reached, with each budget method. A benchmark that prints tables, not a test. Run it with
 * bench/recompute.sh.
 *
 * Arguments: [NET...] to run only some nets.
 */
public final class RecomputeBench {
    private static final Map<String, Map<String, Integer>> SIZES = new LinkedHashMap<>();

    static {
        SIZES.put("mlp", Map.of());
        SIZES.put("lenet", Map.of());
        SIZES.put("resnet18", Map.of());
        SIZES.put("resnet50", Map.of("batch", 184));
        SIZES.put("vgg16", Map.of());
        SIZES.put("mobilenet_v2", Map.of());
        SIZES.put("lstm_lm", Map.of());
        SIZES.put("transformer", Map.of());
    }

    private static final List<String> SWEPT = List.of("resnet50", "vgg16", "lstm_lm");
    /** Budgets as fractions of the default mode's peak, and ResNet-50's published yardsticks (MONeT). */
    private static final double[] FRACTIONS = {1.0, 0.9, 0.85, 0.8, 0.7, 0.6, 0.5, 0.45, 0.4, 0.35, 0.3};
    private static final Map<String, List<Long>> YARDSTICKS = Map.of("resnet50", List.of(6_000_000_000L, 5_000_000_000L));
    /** The cap on extra FLOPs of the second table: the bound for the default mode. */
    private static final String CAP = "5%";

    /** One planned training step: its figures, baseline and recompute flops. */
    private record Step(MemoryFigures figures, long baseline, long floor, long recomputeFlops, double seconds) {
        double saving() {
            return (double) baseline / figures.peakBytes();
        }

        double extraFlops() {
            return (double) recomputeFlops / (figures.flops() - recomputeFlops);
        }
    }

    public static void main(String[] argv) throws Exception {
        List<String> nets = argv.length > 0 ? List.of(argv) : new ArrayList<>(SIZES.keySet());
        step("mlp", "recompute"); // warms up the JIT
        System.out.println("Default mode (autodiff,dne,fuse,recompute,schedule,plan-buffers):");
        System.out.printf("%-24s %11s %11s %11s %8s %8s %10s %11s %8s %9s%n", "net", "baseline", "fused", "peak", "base/pk",
                "fused×", "recompute", "floor", "base/fl", "compile");
        double product = 1;
        double floorProduct = 1;
        int count = 0;
        Map<String, Long> defaultPeaks = new LinkedHashMap<>();
        for (String net : nets) {
            Step fused = step(net, "");
            Step s = step(net, "recompute");
            defaultPeaks.put(net, s.figures().peakBytes());
            double floorSaving = (double) s.baseline() / s.floor();
            System.out.printf("%-24s %11s %11s %11s %7.2fx %7.2fx %9.2f%% %11s %7.2fx %8.2fs%n", net + sizes(SIZES.get(net)),
                    Units.bytes(s.baseline()), Units.bytes(fused.figures().peakBytes()), Units.bytes(s.figures().peakBytes()),
                    s.saving(), fused.saving(), 100 * s.extraFlops(), Units.bytes(s.floor()), floorSaving, s.seconds());
            product *= s.saving();
            floorProduct *= floorSaving;
            count++;
        }
        System.out.printf("geometric mean of baseline/peak: %.2fx; of baseline/floor: %.2fx%n", Math.pow(product, 1.0 / count),
                Math.pow(floorProduct, 1.0 / count));
        System.out.printf("%nAt most %s extra FLOPs, heavy ops rebuilt too (recompute{extra-flops=%s}):%n", CAP, CAP);
        System.out.printf("%-24s %11s %11s %8s %10s %9s%n", "net", "baseline", "peak", "base/pk", "recompute", "compile");
        double cappedProduct = 1;
        for (String net : nets) {
            Step s = step(net, "recompute{extra-flops=" + CAP + "}");
            System.out.printf("%-24s %11s %11s %7.2fx %9.2f%% %8.2fs%n", net + sizes(SIZES.get(net)), Units.bytes(s.baseline()),
                    Units.bytes(s.figures().peakBytes()), s.saving(), 100 * s.extraFlops(), s.seconds());
            cappedProduct *= s.saving();
        }
        System.out.printf("geometric mean of baseline/peak: %.2fx%n", Math.pow(cappedProduct, 1.0 / count));
        for (String net : nets) {
            if (!SWEPT.contains(net)) continue;
            System.out.printf("%nBudget sweep, %s%s (default mode: %s):%n", net, sizes(SIZES.get(net)), Units.bytes(defaultPeaks.get(net)));
            System.out.printf("%11s   %-34s   %-34s%n", "budget", "greedy: peak, base/peak, +FLOPs", "chen: peak, base/peak, +FLOPs");
            List<Long> budgets = new ArrayList<>();
            for (double f : FRACTIONS) budgets.add((long) (defaultPeaks.get(net) * f));
            budgets.addAll(YARDSTICKS.getOrDefault(net, List.of()));
            budgets.sort((a, b) -> Long.compare(b, a));
            for (long budget : budgets) {
                System.out.printf("%11s   %-34s   %-34s%n", Units.bytes(budget), cell(net, budget, "greedy"), cell(net, budget, "chen"));
            }
        }
    }

    /** As {@code --memory-budget} runs it: with gradients apart from their updates and fused into them, the lower peak. */
    private static String cell(String net, long budget, String method) throws Exception {
        Step best = null;
        long least = Long.MAX_VALUE;
        for (String fuse : List.of("fuse{updates=false}", "fuse")) {
            try {
                Step s = step(net, fuse, "recompute{budget=" + budget + ",method=" + method + "}");
                long peak = s.figures().peakBytes();
                if (best == null || peak < best.figures().peakBytes()
                        || peak == best.figures().peakBytes() && s.recomputeFlops() < best.recomputeFlops()) {
                    best = s;
                }
            } catch (PassFailedException e) {
                least = Math.min(least, RecomputePass.smallestPeak(e).orElseThrow());
            }
        }
        if (best == null) return "does not fit (least " + Units.bytes(least) + ")";
        return String.format("%10s %6.2fx %7.2f%% %6.1fs", Units.bytes(best.figures().peakBytes()), best.saving(),
                100 * best.extraFlops(), best.seconds());
    }

    /** The training step of {@code net} through autodiff, dne, fuse, {@code recompute} (none when empty), schedule and plan-buffers. */
    private static Step step(String net, String recompute) throws Exception {
        return step(net, "fuse", recompute);
    }

    /**
     * The training step of {@code net} through autodiff, dne, {@code fuse}, {@code recompute} (none when
     * empty), schedule and plan-buffers; the floor (default mode only, else 0) is not timed.
     */
    private static Step step(String net, String fuse, String recompute) throws Exception {
        Compilation c = Frontend.compile(SourceFile.read(Path.of("tests/nets", net + ".dsl")), SIZES.get(net));
        if (!c.ok()) throw new IllegalStateException(c.renderDiagnostics());
        Graph g = c.graph();
        long start = System.nanoTime();
        run(g, "autodiff,dne");
        long baseline = BaselinePeak.of(g);
        run(g, fuse);
        long floorStart = System.nanoTime();
        long floor = recompute.equals("recompute") ? MemoryFigures.persistentBytes(g) + StashFloor.arenaBytes(g) : 0;
        start += System.nanoTime() - floorStart;
        run(g, (recompute.isEmpty() ? "" : recompute + ",") + "schedule,plan-buffers");
        double seconds = (System.nanoTime() - start) / 1e9;
        MemoryReport report = MemoryReport.of(g, "", List.of(), baseline);
        return new Step(report.figures(), baseline, floor, report.recomputeFlops(), seconds);
    }

    private static void run(Graph g, String pipeline) {
        new PassManager().run(Pipeline.parse(pipeline, PassRegistry.standard()), g);
    }

    private static String sizes(Map<String, Integer> sets) {
        StringBuilder sb = new StringBuilder();
        sets.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
        return sb.toString();
    }
}
