import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nnc.frontend.Compilation;
import nnc.frontend.Frontend;
import nnc.frontend.SourceFile;
import nnc.ir.Graph;
import nnc.passes.PassManager;
import nnc.passes.PassRegistry;
import nnc.passes.Pipeline;
import nnc.passes.report.BaselinePeak;
import nnc.passes.report.MemoryFigures;
import nnc.passes.report.Units;

/**
 * The memory plan of every zoo network at realistic sizes, training and inference: the memory
 * report's figures, how close the arena is to the lower bound (target: within 2%), and the compile
 * time (lowering plus the pipeline, without verification); then the compile time of lstm_lm unrolled
 * over 1000 steps. A benchmark that prints a table, not a test. Run it with bench/memory.sh.
 *
 * Arguments: [NET...] to run only some nets.
 */
public final class MemoryBench {
    /** Realistic sizes: each net's defaults (published configurations), ResNet-50 at MONeT's batch of 184. */
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

    private static final String TRAINING = "autodiff,dne,schedule,plan-buffers";
    private static final String INFERENCE = "dne,schedule,plan-buffers";

    public static void main(String[] argv) throws Exception {
        List<String> nets = argv.length > 0 ? List.of(argv) : new ArrayList<>(SIZES.keySet());
        compile("mlp", Map.of(), TRAINING); // warms up the JIT, so that the first row's time is not mostly that
        System.out.printf("%-24s %8s %11s %11s %11s %11s %11s %11s %8s %11s %9s%n", "net", "nodes", "persistent", "naive",
                "lower bnd", "arena", "peak", "baseline", "arena/lb", "flops", "compile");
        for (String net : nets) {
            for (boolean training : new boolean[] {true, false}) {
                row(net + (training ? " train" : " infer") + sizes(SIZES.get(net)), net, SIZES.get(net), training ? TRAINING : INFERENCE);
            }
        }
        row("lstm_lm train seq=1000", "lstm_lm", Map.of("seq", 1000), TRAINING);
    }

    private static String sizes(Map<String, Integer> sets) {
        StringBuilder sb = new StringBuilder();
        sets.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
        return sb.toString();
    }

    private static void row(String label, String net, Map<String, Integer> sets, String pipeline) throws Exception {
        long start = System.nanoTime();
        Graph g = compile(net, sets, pipeline);
        double seconds = (System.nanoTime() - start) / 1e9;
        MemoryFigures f = MemoryFigures.of(g);
        System.out.printf("%-24s %8s %11s %11s %11s %11s %11s %11s %8.4f %11s %8.2fs%n", label, Units.count(g.nodeCount()),
                Units.bytes(f.persistentBytes()), Units.bytes(f.naiveBytes()), Units.bytes(f.lowerBoundBytes()),
                Units.bytes(f.arenaBytes()), Units.bytes(f.peakBytes()), Units.bytes(BaselinePeak.of(g)),
                (double) f.arenaBytes() / f.lowerBoundBytes(), Units.flops(f.flops()), seconds);
    }

    private static Graph compile(String net, Map<String, Integer> sets, String pipeline) throws Exception {
        Compilation c = Frontend.compile(SourceFile.read(Path.of("tests/nets", net + ".dsl")), sets);
        if (!c.ok()) throw new IllegalStateException(c.renderDiagnostics());
        new PassManager().run(Pipeline.parse(pipeline, PassRegistry.standard()), c.graph());
        return c.graph();
    }
}
