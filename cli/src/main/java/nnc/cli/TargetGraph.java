package nnc.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Function;
import nnc.frontend.SourceFile;
import nnc.ir.Graph;
import nnc.passes.PassFailedException;
import nnc.passes.PassRegistry;
import nnc.passes.Pipeline;
import nnc.passes.recompute.RecomputePass;
import nnc.passes.report.BaselinePeak;
import nnc.passes.report.MemoryFigures;
import nnc.passes.report.MemoryReport;
import nnc.passes.report.PassEffect;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A network loaded for a command: lowered, then run through the user's {@code --pipeline} when given,
 * else through the command's default; with the source (for reports), the peak after each pass and the
 * baseline peak, measured on the graph as it stands before fusion or recomputation change what runs.
 */
record TargetGraph(Graph graph, Pipeline pipeline, SourceFile source, List<PassEffect> effects, long baselinePeakBytes) {
    /** Graphs from this many lowered nodes on report each pass on standard error as it finishes. */
    static final int PROGRESS_NODES = 5_000;

    static TargetGraph load(CommandSpec spec, CompileOptions o, Function<Graph, String> defaultPipeline, PrintWriter err) {
        boolean given = spec.commandLine().getParseResult().hasMatchedOption("--pipeline");
        // A pipeline that was given is checked before lowering, as every command does.
        Pipeline pipeline = given ? Pipeline.parse(o.pipeline, PassRegistry.standard()) : null;
        SourceFile src = GraphLoader.read(o);
        Graph g = GraphLoader.lower(src, o);
        if (!given) pipeline = Pipeline.parse(defaultPipeline.apply(g), PassRegistry.standard());
        List<Pipeline> tries = GraphLoader.withRecomputeMode(pipeline, g, o);
        // Of the pipelines that meet a budget, the lowest planned peak (then the fewest recompute FLOPs):
        // each pipeline's peak only falls as the budget does, so their least does too. If none meets
        // it, name the least peak of all.
        TargetGraph best = null;
        PassFailedException least = null;
        for (int k = 0; k < tries.size(); k++) {
            try {
                TargetGraph t = run(tries.get(k), k == 0 ? g : GraphLoader.lower(src, o), src, o, err);
                if (best == null || t.beats(best)) best = t;
            } catch (PassFailedException e) {
                OptionalLong smallest = RecomputePass.smallestPeak(e);
                if (smallest.isEmpty()) throw e;
                if (least == null || smallest.getAsLong() < RecomputePass.smallestPeak(least).getAsLong()) least = e;
            }
        }
        if (best == null) throw least;
        return best;
    }

    /** A lower planned peak, or the same with fewer recompute FLOPs; false unless both pipelines plan buffers. */
    private boolean beats(TargetGraph other) {
        if (graph.plan() == null || other.graph.plan() == null) return false;
        long peak = MemoryFigures.of(graph).peakBytes();
        long otherPeak = MemoryFigures.of(other.graph).peakBytes();
        return peak < otherPeak || peak == otherPeak && MemoryReport.recomputeFlops(graph) < MemoryReport.recomputeFlops(other.graph);
    }

    private static TargetGraph run(Pipeline pipeline, Graph g, SourceFile src, CompileOptions o, PrintWriter err) {
        List<PassEffect> effects = new ArrayList<>();
        effects.add(PassEffect.measure("(lowered)", g));
        long[] baseline = {BaselinePeak.of(g)};
        boolean[] changesWhatRuns = {false};
        // Large graphs take seconds per pass; say where the pipeline is so a long compile is not silent.
        boolean showProgress = g.nodeCount() >= PROGRESS_NODES;
        long[] started = {System.nanoTime()};
        int[] done = {0};
        int total = pipeline.steps().size();
        if (showProgress) err.printf("nnc: @%s lowered to %,d nodes%n", g.name(), g.nodeCount());
        GraphLoader.passManager(o, pipeline, err)
                .afterEach((step, graph) -> {
                    if (showProgress) {
                        err.printf("nnc: [%d/%d] %s: %,d nodes, %.1f s%n", ++done[0], total, step, graph.nodeCount(),
                                (System.nanoTime() - started[0]) / 1e9);
                        err.flush();
                    }
                    effects.add(PassEffect.measure(step.toString(), graph));
                    changesWhatRuns[0] |= step.name().equals("fuse") || step.name().equals("recompute");
                    if (!changesWhatRuns[0]) baseline[0] = BaselinePeak.of(graph);
                    started[0] = System.nanoTime(); // the next pass's time starts after this bookkeeping
                })
                .run(pipeline, g);
        return new TargetGraph(g, pipeline, src, effects, baseline[0]);
    }

    /** The memory report of the planned graph. */
    MemoryReport report() {
        return MemoryReport.of(graph, pipeline.toString(), effects, baselinePeakBytes);
    }
}
