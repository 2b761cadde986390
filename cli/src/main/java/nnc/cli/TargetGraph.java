package nnc.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import nnc.frontend.SourceFile;
import nnc.ir.Graph;
import nnc.passes.PassRegistry;
import nnc.passes.Pipeline;
import nnc.passes.report.PassEffect;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A network loaded for a target: lowered, then run through the user's {@code --pipeline} when given,
 * else through the target's default; with the source (for reports) and the peak after each pass.
 */
record TargetGraph(Graph graph, Pipeline pipeline, SourceFile source, List<PassEffect> effects) {
    static TargetGraph load(CommandSpec spec, CompileOptions o, Target target, PrintWriter err) {
        boolean given = spec.commandLine().getParseResult().hasMatchedOption("--pipeline");
        // A pipeline that was given is checked before lowering, as every command does.
        Pipeline pipeline = given ? Pipeline.parse(o.pipeline, PassRegistry.standard()) : null;
        SourceFile src = GraphLoader.read(o);
        Graph g = GraphLoader.lower(src, o);
        if (!given) pipeline = Pipeline.parse(target.defaultPipeline(g), PassRegistry.standard());
        pipeline = GraphLoader.withBudget(pipeline, g, o);
        List<PassEffect> effects = new ArrayList<>();
        effects.add(PassEffect.measure("(lowered)", g));
        GraphLoader.passManager(o, pipeline, err)
                .afterEach((step, graph) -> effects.add(PassEffect.measure(step.toString(), graph)))
                .run(pipeline, g);
        return new TargetGraph(g, pipeline, src, effects);
    }
}
