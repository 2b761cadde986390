import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nnc.backend.java.JavaSession;
import nnc.backend.opencl.OpenClDevices;
import nnc.backend.opencl.OpenClSession;
import nnc.frontend.Compilation;
import nnc.frontend.Frontend;
import nnc.frontend.SourceFile;
import nnc.ir.Graph;
import nnc.ir.Initializers;
import nnc.ir.Node;
import nnc.ir.Tensor;
import nnc.passes.PassManager;
import nnc.passes.PassRegistry;
import nnc.passes.Pipeline;

/**
 * The OpenCL target against the Java target: time per step of every zoo network at the sizes of
 * bench/JavaTargetBench.java, for inference and training, with the full pass pipeline; the OpenCL
 * target's GFLOP/s and the seconds its first step took (building and first launch of every kernel).
 * A benchmark that prints a table, not a test. Run it with bench/opencl-target.sh.
 *
 * Arguments: [NET...] to run only some nets. Environment: NNC_DEVICE=N picks OpenCL device N.
 */
public final class OpenClTargetBench {
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
        String index = System.getenv("NNC_DEVICE");
        OpenClDevices.Device device = OpenClDevices.pick(index == null ? null : Integer.parseInt(index));
        System.out.println("OpenCL device " + device.describe());
        System.out.printf("%-13s %-9s %10s %10s %8s %11s %10s %9s%n", "net", "step", "java ms", "opencl ms", "java/ocl", "GFLOP/step",
                "ocl GF/s", "build s");
        for (String net : nets) {
            for (boolean training : new boolean[] {false, true}) {
                Graph g = compile(net, training);
                long flops = 0;
                for (Node n : g.nodes()) flops += n.op().flops(n.operandTypes(), n.attrs(), n.type());
                Map<String, Tensor> args = Initializers.forGraph(g, SEED);
                double java = timeJava(g, args);
                long start = System.nanoTime();
                try (OpenClSession session = OpenClSession.start(g, device)) {
                    session.set(args);
                    session.net().run();
                    double build = (System.nanoTime() - start) / 1e9;
                    double ocl = mean(20, 10.0, session.net()::run);
                    System.out.printf("%-13s %-9s %10.2f %10.2f %7.2fx %11.3f %10.2f %9.1f%n", net, training ? "training" : "inference",
                            java * 1e3, ocl * 1e3, java / ocl, flops / 1e9, flops / ocl / 1e9, build);
                }
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

    /** Seconds per step of the Java target once the JIT has compiled its kernels (as bench/JavaTargetBench.java times it). */
    private static double timeJava(Graph g, Map<String, Tensor> args) {
        JavaSession session = JavaSession.compile(g);
        session.set(args);
        mean(60, 20.0, session.net()::run);
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
