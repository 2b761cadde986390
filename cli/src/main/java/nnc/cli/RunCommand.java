package nnc.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import nnc.backend.Session;
import nnc.ir.DType;
import nnc.ir.Graph;
import nnc.ir.Npy;
import nnc.ir.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nnc run}: compile a network and run steps of it on a target. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Run steps of a network on a target and summarize the outputs of the last. Without --pipeline, "
                + "interp runs the graph as lowered and a compiled target runs every pass.")
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CompileOptions source;

    @Option(names = "--target", required = true, paramLabel = "TARGET",
            description = "Where to run: ${COMPLETION-CANDIDATES}.")
    Target target;

    @Option(names = "--inputs", paramLabel = "DIR",
            description = "Read each input from DIR/<name>.npy (default: generate them from the seed).")
    Path inputsDir;

    @Option(names = "--params", paramLabel = "DIR",
            description = "Read each param and optimizer state from DIR/<name>.npy "
                    + "(default: initialize them from the seed, as their init attributes say).")
    Path paramsDir;

    @Option(names = "--outputs", paramLabel = "DIR", description = "Also write each output to DIR/<name>.npy.")
    Path outputsDir;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
            description = "Seed for generated inputs and params (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "1",
            description = "Run N steps on the same inputs, params and optimizer state carrying over; "
                    + "with more than one, print the loss after each (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--save-params", paramLabel = "DIR",
            description = "After the last step, write each param and optimizer state to DIR/<name>.npy, as --params reads them.")
    Path saveParamsDir;

    @Option(names = "--device", paramLabel = "N",
            description = "With --target opencl: run on OpenCL device N as `nnc devices` numbers them (default: the first GPU, else the first device).")
    Integer device;

    @Override
    public Integer call() {
        if (steps < 1) throw UserError.of("--steps must be at least 1, got " + steps);
        if (device != null && target != Target.OPENCL) throw UserError.of("--device applies to --target opencl only");
        Graph g = TargetGraph.load(spec, source, target::defaultPipeline, spec.commandLine().getErr()).graph();
        PrintWriter out = spec.commandLine().getOut();
        Session session = target.start(g, RunArguments.collect(g, inputsDir, paramsDir, seed), device, out);
        String loss = g.attrs().has("loss") && g.outputs().containsKey(g.attrs().getString("loss")) ? g.attrs().getString("loss") : null;
        Map<String, Tensor> outputs = Map.of();
        for (int i = 1; i <= steps; i++) {
            outputs = session.step().outputs();
            if (steps > 1 && loss != null) out.println("step " + i + ": " + loss + " = " + OutputSummary.number(outputs.get(loss).get(0), DType.F32));
        }
        outputs.forEach((name, t) -> out.println(OutputSummary.line(name, t)));
        if (outputsDir != null) OutputDir.write(outputsDir, npyFiles(outputs));
        if (saveParamsDir != null) OutputDir.write(saveParamsDir, npyFiles(session.persistent()));
        return 0;
    }

    private static Map<String, OutputDir.Content> npyFiles(Map<String, Tensor> tensors) {
        Map<String, OutputDir.Content> files = new LinkedHashMap<>();
        tensors.forEach((name, t) -> files.put(name + ".npy", file -> Npy.write(file, t)));
        return files;
    }
}
