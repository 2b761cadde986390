package nnc.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What every command that starts from DSL source takes: the file, dim overrides and the pass pipeline. */
final class CompileOptions {
    @Parameters(index = "0", paramLabel = "FILE", description = "The network, written in the nnc DSL.")
    Path file;

    @Option(names = "--set", paramLabel = "DIM=VALUE",
            description = "Override the default of a dim, e.g. --set batch=2 (repeatable).")
    Map<String, Integer> dims = new LinkedHashMap<>();

    @Option(names = "--pipeline", paramLabel = "PASSES",
            description = "Passes to run after lowering, comma-separated, options in braces: "
                    + "NAME{KEY=VALUE,...}; see the command's description for its default.")
    String pipeline = "";

    @Option(names = "--memory-budget", paramLabel = "SIZE",
            description = "Fit the peak (persistent bytes plus arena) under SIZE (512MiB, 4GB, ...) at the least extra "
                    + "compute: the budget of the pipeline's recompute pass; without --pipeline, every pass runs.")
    String memoryBudget;

    @Option(names = "--extra-flops", paramLabel = "PCT",
            description = "Make the peak as low as nnc can while recomputation adds at most PCT (5%, 12.5%) to the step's "
                    + "FLOPs, matmuls and convs rebuilt too: the cap of the pipeline's recompute pass; without --pipeline, "
                    + "every pass runs.")
    String extraFlops;

    @Option(names = "--print-ir-after-all", description = "Print the IR to standard error after every pass.")
    boolean printIrAfterAll;

    @Option(names = "--print-ir-after", paramLabel = "PASS",
            description = "Print the IR to standard error after each run of PASS (repeatable).")
    List<String> printIrAfter = new ArrayList<>();
}
