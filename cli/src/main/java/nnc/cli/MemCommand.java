package nnc.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;
import nnc.frontend.SourceFile;
import nnc.ir.Graph;
import nnc.ir.Node;
import nnc.passes.Pipeline;
import nnc.passes.report.MemoryReport;
import nnc.passes.report.ReportHtml;
import nnc.passes.report.ReportJson;
import nnc.passes.report.ReportText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nnc mem}: how much memory one step of a network takes, and why. */
@Command(
        name = "mem",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Plan a network's memory and report it: persistent bytes, arena, peak, the effect of each pass "
                + "on the peak and the largest values live at the peak. Without --pipeline, a net with a train "
                + "clause runs " + MemCommand.TRAINING + ", any other " + MemCommand.INFERENCE + ".")
final class MemCommand implements Callable<Integer> {
    static final String TRAINING = "autodiff,dne,fuse,recompute,schedule,plan-buffers";
    static final String INFERENCE = "dne,fuse,schedule,plan-buffers";

    @Spec
    CommandSpec spec;

    @Mixin
    CompileOptions source;

    @Option(names = "--json", description = "Print the report as one JSON object instead of a table.")
    boolean json;

    @Option(names = "--html", paramLabel = "FILE",
            description = "Also write a self-contained HTML page plotting the bytes live at each step.")
    Path html;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (html != null && Files.isDirectory(html)) throw UserError.of("--html " + html + ": that is a directory");
        TargetGraph loaded = TargetGraph.load(spec, source, g -> g.attrs().has("loss") ? TRAINING : INFERENCE, err);
        Graph g = loaded.graph();
        Pipeline pipeline = loaded.pipeline();
        SourceFile src = loaded.source();
        if (g.plan() == null) {
            throw UserError.of("the pipeline '" + pipeline + "' leaves the graph without a buffer plan; "
                    + "end it with plan-buffers, e.g. --pipeline " + (pipeline.steps().isEmpty() ? INFERENCE : pipeline + ",plan-buffers"));
        }
        MemoryReport report = loaded.report();
        IntFunction<String> line = n -> withoutComment(src.line(n));
        if (html != null) {
            String page = ReportHtml.render(report, line, nodeLabels(g, line));
            Path dir = html.toAbsolutePath().getParent();
            OutputDir.write(dir, Map.of(html.getFileName().toString(), file -> Files.writeString(file, page, StandardCharsets.UTF_8)));
        }
        spec.commandLine().getOut().print(json ? ReportJson.render(report, line) : ReportText.render(report, line));
        return 0;
    }

    /** A DSL line without its comment; the DSL has no strings, so '#' always starts one. */
    private static String withoutComment(String line) {
        int hash = line.indexOf('#');
        return (hash < 0 ? line : line.substring(0, hash)).strip();
    }

    /** {@code %12 = conv2d : f32[2,64,8,8], line 40}: the node at a step, as the tooltip of the plot shows it. */
    private static IntFunction<String> nodeLabels(Graph g, IntFunction<String> line) {
        List<Node> schedule = g.plan().schedule();
        return step -> {
            Node n = schedule.get(step);
            String at = n.loc().known() ? ", line " + n.loc().line() + ": " + line.apply(n.loc().line()).strip() : "";
            return "%" + step + " = " + n.op().name() + " : " + n.type() + at;
        };
    }
}
