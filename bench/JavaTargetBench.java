import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nnc.backend.java.JavaSession;
import nnc.frontend.Compilation;
import nnc.frontend.Frontend;
import nnc.frontend.SourceFile;
import nnc.ir.Graph;
import nnc.ir.Initializers;
import nnc.ir.Interpreter;
import nnc.ir.Node;
import nnc.ir.Tensor;
import nnc.passes.PassManager;
import nnc.passes.PassRegistry;
import nnc.passes.Pipeline;

/**
 * The Java target against the reference interpreter: time per step of every zoo network at moderate
 * sizes, for inference and training, with the full pass pipeline, and the Java target's GFLOP/s.
 * A benchmark that prints a table, not a test. Run it with bench/java-target.sh.
 *
 * Arguments: [NET...] to run only some nets.
 */
public final class JavaTargetBench {
    /** Sizes where one interpreter step takes a second or so on a laptop core. */
    private static final Map<String, Map<String, Integer>> SIZES = new LinkedHashMap<>();

    static {
        SIZES.put("mlp", Map.of("batch", 64));
        SIZES.put("lenet", Map.of("batch", 64));
        SIZES.put("resnet18", Map.of("batch", 4, "image", 64, "width", 16, "classes", 100));
        SIZES.put("resnet50", Map.of("batch", 2, "image", 64, "width", 16, "classes", 100));
        SIZES.put("vgg16", Map.of("batch", 2, "image", 64, "width", 16, "fc", 256, "classes", 100));
        SIZES.put("mobilenet_v2", Map.of("batch", 4, "image", 64, "width", 8, "classes", 100));
        SIZES.put("lstm_lm", Map.of("batch", 16, "seq", 10, "vocab", 1000, "hidden", 128));
        SIZES.put("transformer", Map.of("batch", 4, "seq", 32, "vocab", 1000, "d", 128, "heads", 4, "ff", 512, "layers", 2));
    }

    private static final long SEED = 1;

    public static void main(String[] argv) throws Exception {
        List<String> nets = argv.length > 0 ? List.of(argv) : new ArrayList<>(SIZES.keySet());
        System.out.printf("%-13s %-9s %12s %12s %9s %11s %10s%n", "net", "step", "interp ms", "java ms", "speedup", "GFLOP/step", "java GF/s");
        for (String net : nets) {
            for (boolean training : new boolean[] {false, true}) {
                Graph g = compile(net, training);
                long flops = 0;
                for (Node n : g.nodes()) flops += n.op().flops(n.operandTypes(), n.attrs(), n.type());
                Map<String, Tensor> args = Initializers.forGraph(g, SEED);
                double interp = timeInterpreter(g, args);
                double java = timeJava(g, args);
                System.out.printf("%-13s %-9s %12.1f %12.2f %8.1fx %11.3f %10.2f%n", net, training ? "training" : "inference",
                        interp * 1e3, java * 1e3, interp / java, flops / 1e9, flops / java / 1e9);
            }
        }
    }

    private static Graph compile(String net, boolean training) throws Exception {
        SourceFile src = SourceFile.read(Path.of("tests/nets", net + ".dsl"));
        Compilation c = Frontend.compile(src, SIZES.get(net));
        if (!c.ok()) throw new IllegalStateException(c.renderDiagnostics());
        Graph g = c.graph();
        List<String> passes = new ArrayList<>(PassRegistry.standard().names());
        if (!training) passes.remove("autodiff");
        new PassManager().run(Pipeline.parse(String.join(",", passes), PassRegistry.standard()), g);
        return g;
    }

    /** Seconds per step: the mean of a few steps after one to warm up. */
    private static double timeInterpreter(Graph g, Map<String, Tensor> args) {
        Interpreter.run(g, args);
        return mean(3, 2.0, () -> Interpreter.run(g, args));
    }

    /**
     * Seconds per step once the JIT has compiled the kernels. Every kernel is a method of its own that
     * runs once per step, and C2 takes a method with short loops only after thousands of calls (until
     * then the vector API runs as plain Java, many times slower): the LSTM's inference step takes 8 ms
     * after 300 steps and 1.7 ms after 2,000. Warm-up runs 2,000 steps (at most a minute), then rounds
     * of steps until a round is no faster than the one before, up to two minutes in all. Each round
     * starts again from the initial params: hundreds of training steps on one batch drive values below
     * float's normal range, where the CPU's arithmetic is several times slower (ResNet-50's step: 20 ms,
     * then 55 ms from step 800 on, with 1.5 million subnormal floats).
     */
    private static double timeJava(Graph g, Map<String, Tensor> args) {
        JavaSession session = JavaSession.compile(g);
        session.set(args);
        long start = System.nanoTime();
        double best = mean(2000, 60.0, session.net()::run);
        while (System.nanoTime() - start < 120e9) {
            session.set(args);
            double round = mean(100, 10.0, session.net()::run);
            if (round > 0.97 * best) break;
            best = round;
        }
        session.set(args);
        return mean(20, 10.0, session.net()::run);
    }

    /** Mean seconds of up to {@code runs} runs, stopping once {@code budget} seconds have passed. */
    private static double mean(int runs, double budget, Runnable step) {
        long start = System.nanoTime();
        int done = 0;
        while (done < runs && (done == 0 || System.nanoTime() - start < budget * 1e9)) {
            step.run();
            done++;
        }
        return (System.nanoTime() - start) / 1e9 / done;
    }
}
