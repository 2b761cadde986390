package nnc.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import nnc.frontend.Compilation;
import nnc.frontend.Frontend;
import nnc.frontend.SourceFile;
import nnc.ir.Graph;
import nnc.passes.PassManager;
import nnc.passes.PassOption;
import nnc.passes.PassRegistry;
import nnc.passes.Pipeline;

/** The start of every command: read the DSL, lower it to IR, and run the pass pipeline over it. */
final class GraphLoader {
    private GraphLoader() {}

    /** Every pass, in registration order; autodiff only for a graph with a training clause. */
    static String fullPipeline(Graph lowered) {
        List<String> names = new ArrayList<>(PassRegistry.standard().names());
        if (!lowered.attrs().has("loss")) names.remove("autodiff");
        return String.join(",", names);
    }

    /**
     * The pipelines to run, of which {@link TargetGraph} keeps the lowest planned peak: {@code pipeline}
     * with {@code --memory-budget} as the budget of its recompute step, with its fuse step keeping
     * gradients apart from their updates and as written (the budget search ends lower without those
     * groups on ResNet-50 at batch 184, 3.80 against 4.56 GiB, but higher on VGG-16, 2.01 against 1.91
     * GiB). Or with {@code --extra-flops} as the cap of its recompute step. The empty
     * pipeline becoming {@link #fullPipeline}. Just {@code pipeline} without either option.
     */
    static List<Pipeline> withRecomputeMode(Pipeline pipeline, Graph lowered, CompileOptions o) {
        if (o.memoryBudget != null && o.extraFlops != null) {
            throw UserError.of("--memory-budget and --extra-flops both choose what to recompute; give one of them");
        }
        String flag = o.memoryBudget != null ? "--memory-budget" : "--extra-flops";
        String value = o.memoryBudget != null ? o.memoryBudget : o.extraFlops;
        if (value == null) return List.of(pipeline);
        PassOption.Kind kind = o.memoryBudget != null ? PassOption.Kind.BYTES : PassOption.Kind.PERCENT;
        try {
            kind.parse(value);
        } catch (IllegalArgumentException e) {
            throw UserError.of(flag + " " + value + ": expected " + kind.expected());
        }
        if (pipeline.steps().isEmpty()) pipeline = Pipeline.parse(fullPipeline(lowered), PassRegistry.standard());
        if (!pipeline.contains("recompute")) {
            throw UserError.of(flag + " needs a recompute step, and the pipeline '" + pipeline + "' has none");
        }
        List<String> steps = new ArrayList<>();
        List<String> apart = new ArrayList<>();
        for (Pipeline.Step step : pipeline.steps()) {
            String written = step.name().equals("recompute")
                    ? withOption(step, o.memoryBudget != null ? "budget" : "extra-flops", value) : step.toString();
            steps.add(written);
            boolean keepApart = o.memoryBudget != null && step.name().equals("fuse") && !step.optionText().containsKey("updates");
            apart.add(keepApart ? withOption(step, "updates", "false") : written);
        }
        Pipeline asWritten = Pipeline.parse(String.join(",", steps), PassRegistry.standard());
        if (apart.equals(steps)) return List.of(asWritten);
        return List.of(Pipeline.parse(String.join(",", apart), PassRegistry.standard()), asWritten);
    }

    /** {@code step} as pipeline text with option {@code key} set to {@code value}: {@code name{k=v,...}}. */
    private static String withOption(Pipeline.Step step, String key, String value) {
        Map<String, String> options = new LinkedHashMap<>(step.optionText());
        options.put(key, value);
        StringJoiner written = new StringJoiner(",", step.name() + "{", "}");
        options.forEach((k, v) -> written.add(k + "=" + v));
        return written.toString();
    }

    /** A pass manager for {@code pipeline} with the IR printing {@code o} asks for, printing to {@code err}. */
    static PassManager passManager(CompileOptions o, Pipeline pipeline, PrintWriter err) {
        // Verifying after each pass is cheap next to lowering, and turns a pass that breaks the IR
        // into an internal error at that pass instead of wrong output later.
        PassManager passes = new PassManager().verifyEach(true).printIrAfterAll(o.printIrAfterAll).printIrTo(err);
        for (String name : o.printIrAfter) {
            if (!pipeline.contains(name)) {
                throw UserError.of("--print-ir-after=" + name + ": the pipeline has no pass named '" + name + "'");
            }
            passes.printIrAfter(name);
        }
        return passes;
    }

    /** The checked IR of {@code src} with {@code o}'s dims; diagnostics become a {@link UserError}. */
    static Graph lower(SourceFile src, CompileOptions o) {
        Compilation c = Frontend.compile(src, o.dims);
        if (!c.ok()) throw UserError.rendered(c.renderDiagnostics());
        return c.graph();
    }

    static SourceFile read(CompileOptions o) {
        try {
            return SourceFile.read(o.file);
        } catch (IOException e) {
            throw UserError.of(IoErrors.describe("read", o.file, e));
        }
    }
}
