package nnc.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.lang.model.SourceVersion;
import nnc.backend.PlanJson;
import nnc.backend.java.JavaSource;
import nnc.backend.java.JavaTarget;
import nnc.backend.kernel.UnsupportedOpException;
import nnc.backend.opencl.OpenClProgram;
import nnc.backend.opencl.OpenClTarget;
import nnc.ir.Graph;
import nnc.ir.IrPrinter;
import nnc.passes.report.MemoryReport;
import nnc.passes.report.ReportText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nnc compile}: DSL to IR through the pass pipeline, or to code for a target. */
@Command(
        name = "compile",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Lower a network to IR, run the pass pipeline over it and print the result. Without --pipeline, "
                + "every pass runs (autodiff only for a net with a train clause); --pipeline '' prints the IR as lowered.")
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

    @Option(names = "--target", paramLabel = "TARGET",
            description = "Generate code for TARGET (${COMPLETION-CANDIDATES}) instead of IR: with -o, DIR gets the sources "
                    + "(java: <package>/<Net>.java; opencl: kernels.cl and the JOCL host <package>/<Net>.java; both: the runtime's "
                    + "nnc/runtime/*.java), memory-plan.json (every value's offset, size and lifetime) and memory-report.txt; "
                    + "without -o the network's source (java) or kernels.cl (opencl) is printed. "
                    + "Without --pipeline, every pass runs (autodiff only for a net with a train clause).")
    CodeTarget target;

    @Option(names = "--package", paramLabel = "NAME", defaultValue = JavaTarget.DEFAULT_PACKAGE,
            description = "Package of the generated Java or host class (default: ${DEFAULT-VALUE}).")
    String packageName;

    @Override
    public Integer call() {
        if (target != null) return generate();
        Graph g = TargetGraph.load(spec, source, GraphLoader::fullPipeline, spec.commandLine().getErr()).graph();
        String text = IrPrinter.print(g);
        if (outputDir == null) {
            spec.commandLine().getOut().print(text);
        } else {
            OutputDir.write(outputDir, Map.of(g.name() + emit.extension(),
                    file -> Files.writeString(file, text, StandardCharsets.UTF_8)));
        }
        return 0;
    }

    private int generate() {
        if (!SourceVersion.isName(packageName)) throw UserError.of("--package " + packageName + ": not a Java package name");
        TargetGraph loaded = TargetGraph.load(spec, source, target.runs()::defaultPipeline, spec.commandLine().getErr());
        Graph g = loaded.graph();
        Map<String, OutputDir.Content> files = new LinkedHashMap<>();
        String printed;
        try {
            if (target == CodeTarget.OPENCL) {
                OpenClProgram cl = OpenClTarget.generate(g, packageName);
                files.put(OpenClProgram.KERNELS_FILE, text(cl.kernelsCl()));
                files.put(cl.host().path(), text(cl.host().code()));
                printed = cl.kernelsCl();
            } else {
                JavaSource java = JavaTarget.generate(g, packageName);
                files.put(java.path(), text(java.code()));
                printed = java.code();
            }
        } catch (UnsupportedOpException e) {
            throw UserError.of(e.getMessage());
        }
        if (outputDir == null) {
            spec.commandLine().getOut().print(printed);
            return 0;
        }
        MemoryReport report = loaded.report();
        JavaTarget.runtimeSources().forEach((path, code) -> files.put(path, text(code)));
        files.put("memory-plan.json", text(PlanJson.render(g)));
        files.put("memory-report.txt", text(ReportText.render(report, loaded.source()::line)));
        OutputDir.write(outputDir, files);
        return 0;
    }

    private static OutputDir.Content text(String s) {
        return file -> Files.writeString(file, s, StandardCharsets.UTF_8);
    }
}
