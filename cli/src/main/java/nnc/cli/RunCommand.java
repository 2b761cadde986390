package nnc.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import nnc.ir.Graph;
import nnc.ir.Npy;
import nnc.ir.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nnc run}: compile a network and run one step of it on a target. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Run one step of a network on a target and summarize its outputs.")
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

    @Override
    public Integer call() {
        Graph g = GraphLoader.load(source, spec.commandLine().getErr());
        Map<String, Tensor> outputs = target.run(g, RunArguments.collect(g, inputsDir, paramsDir, seed)).outputs();
        PrintWriter out = spec.commandLine().getOut();
        outputs.forEach((name, t) -> out.println(OutputSummary.line(name, t)));
        if (outputsDir != null) {
            Map<String, OutputDir.Content> files = new LinkedHashMap<>();
            outputs.forEach((name, t) -> files.put(name + ".npy", file -> Npy.write(file, t)));
            OutputDir.write(outputsDir, files);
        }
        return 0;
    }
}
