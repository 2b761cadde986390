package nnc.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import nnc.ir.Graph;
import nnc.ir.IrPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nnc compile}: DSL to IR, through the pass pipeline. */
@Command(
        name = "compile",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Lower a network to IR, run the pass pipeline over it and print the result.")
final class CompileCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CompileOptions source;

    @Option(names = "--emit", paramLabel = "KIND",
            description = "What to produce: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Emit emit = Emit.IR;

    @Option(names = {"-o", "--output-dir"}, paramLabel = "DIR",
            description = "Write DIR/<name>.ir instead of printing to standard output; "
                    + "no half-written file is ever left there.")
    Path outputDir;

    @Override
    public Integer call() {
        Graph g = GraphLoader.load(source, spec.commandLine().getErr());
        String text = IrPrinter.print(g);
        if (outputDir == null) {
            spec.commandLine().getOut().print(text);
        } else {
            OutputDir.write(outputDir, Map.of(g.name() + emit.extension(),
                    file -> Files.writeString(file, text, StandardCharsets.UTF_8)));
        }
        return 0;
    }
}
