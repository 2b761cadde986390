package nnc.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import nnc.frontend.Compilation;
import nnc.frontend.Frontend;
import nnc.frontend.SourceFile;
import nnc.ir.Arg;
import nnc.ir.Attrs;
import nnc.ir.Graph;
import nnc.ir.Initializers;
import nnc.ir.Interpreter;
import nnc.ir.IrParser;
import nnc.ir.IrPrinter;
import nnc.ir.Tensor;
import nnc.ir.TrainingLoop;
import nnc.ir.Value;
import nnc.ir.Verifier;
import nnc.passes.PassManager;
import nnc.passes.PassRegistry;
import nnc.passes.Pipeline;
import nnc.passes.autodiff.Gradients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every zoo network at tiny sizes: its gradients match central finite differences for every param, and
 * its whole training step, as the autodiff pass builds it, descends.
 *
 * <p>Each param is checked along one random unit direction v: {@code <grad, v>} against
 * {@code (L(w + h v) - L(w - h v)) / 2h}. A direction touches every coordinate at once, so two forward
 * runs per param check all of it (a coordinate-wise check would need two per coordinate). The step is
 * small because these nets are kinked (relu, max pooling) and, with batch norm over a handful of
 * values, sharply curved: a larger step crosses kinks and measures a neighbour's slope.
 */
class ZooGradientTest {
    private static final double H = 1e-6;
    /** Relative error allowed; gradients below FLOOR in magnitude are compared absolutely. */
    private static final double TOLERANCE = 1e-5;
    private static final double FLOOR = 1e-3;
    private static final long SEED = 42;

    /** Sizes small enough that all nets take seconds, large enough that every op sees a real shape. */
    private static final Map<String, Map<String, Integer>> TINY = new LinkedHashMap<>();

    static {
        TINY.put("mlp", Map.of("batch", 4, "features", 12, "hidden1", 8, "hidden2", 6));
        TINY.put("lenet", Map.of("batch", 2));
        TINY.put("resnet18", Map.of("batch", 4, "image", 32, "width", 2, "classes", 5));
        TINY.put("resnet50", Map.of("batch", 4, "image", 32, "width", 2, "classes", 5));
        TINY.put("vgg16", Map.of("batch", 2, "image", 32, "width", 2, "fc", 8, "classes", 5));
        TINY.put("mobilenet_v2", Map.of("batch", 2, "image", 32, "width", 1, "classes", 5));
        TINY.put("lstm_lm", Map.of("batch", 2, "seq", 3, "vocab", 11, "hidden", 6));
        TINY.put("transformer", Map.of("batch", 2, "seq", 4, "vocab", 11, "d", 8, "heads", 2, "ff", 12, "layers", 2));
    }

    private static final Map<String, String> REPORT = new LinkedHashMap<>();
    private static final Map<String, String> TRAINING = new LinkedHashMap<>();
    /** The fraction of the loss that the descent check's step should remove. */
    private static final double DESCENT = 1e-7;

    @Test
    void everyNetInTheFolderIsChecked() throws IOException {
        TreeSet<String> onDisk;
        try (Stream<Path> files = Files.list(netsDir())) {
            onDisk = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".dsl"))
                    .map(n -> n.substring(0, n.length() - ".dsl".length())).collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(onDisk, new TreeSet<>(TINY.keySet()));
    }

    @TestFactory
    Stream<DynamicTest> gradientsMatchFiniteDifferences() {
        return TINY.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> check(e.getKey(), e.getValue())));
    }

    private static void check(String name, Map<String, Integer> sizes) {
        Graph forward = compile(name, sizes);
        Graph g = compile(name, sizes);
        String loss = g.attrs().getString("loss");
        List<Arg> params = g.args().stream().filter(a -> a.role() == Arg.Role.PARAM).toList();
        Map<Arg, Value> grads = Gradients.build(g, g.outputs().get(loss), params);
        assertEquals(params, new ArrayList<>(grads.keySet()), name + ": every param should reach the loss");
        grads.forEach((p, grad) -> g.setOutput("grad." + p.name(), grad));
        assertEquals(List.of(), Verifier.verify(g), name + " with gradients is invalid");

        Map<String, Tensor> values = Initializers.forGraph(forward, SEED);
        Map<String, Tensor> analytic = Interpreter.run(g, values).outputs();
        double worst = 0;
        String worstParam = "";
        for (Arg p : params) {
            Tensor w = values.get(p.name());
            Tensor v = direction(w, p.name());
            double ad = dot(analytic.get("grad." + p.name()), v);
            values.put(p.name(), shifted(w, v, H));
            double up = lossOf(forward, values, loss);
            values.put(p.name(), shifted(w, v, -H));
            double down = lossOf(forward, values, loss);
            values.put(p.name(), w);
            double fd = (up - down) / (2 * H);
            double err = Math.abs(ad - fd) / Math.max(FLOOR, Math.max(Math.abs(ad), Math.abs(fd)));
            String where = name + " %" + p.name();
            assertTrue(err < TOLERANCE, () -> where + ": directional derivative " + ad + " but finite differences give " + fd);
            if (err >= worst) {
                worst = err;
                worstParam = p.name();
            }
        }
        REPORT.put(name, String.format("%d params, largest relative error %.1e (%%%s)", params.size(), worst, worstParam));
    }

    @TestFactory
    Stream<DynamicTest> aTrainingStepLowersTheLoss() {
        return TINY.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> descend(e.getKey(), e.getValue())));
    }

    /**
     * The whole training step as the autodiff pass builds it (verified, read back from its text) moves
     * downhill: one plain SGD step with a learning rate small enough for the first-order picture lowers
     * the loss by {@code lr * |g|^2}. These tiny nets are too sharply curved for their own learning
     * rates (batch norm over a handful of values), so the rate is chosen to make the predicted decrease
     * {@code DESCENT} of the loss; the gradient g comes from a first step with rate 1 ({@code g = w - w'}).
     */
    private static void descend(String name, Map<String, Integer> sizes) {
        Map<String, Tensor> start = Initializers.forGraph(compile(name, sizes), SEED);
        TrainingLoop probe = new TrainingLoop(trainingGraph(name, sizes, 1.0), start);
        double loss = probe.step(start).loss();
        double gradNormSquared = 0;
        for (Map.Entry<String, Tensor> e : probe.persistent().entrySet()) {
            Tensor before = start.get(e.getKey());
            for (int i = 0; i < before.size(); i++) gradNormSquared += Math.pow(before.get(i) - e.getValue().get(i), 2);
        }
        double lr = DESCENT * loss / gradNormSquared;
        List<Double> losses = new TrainingLoop(trainingGraph(name, sizes, lr), start).run(2, i -> start, s -> {});
        double ratio = (losses.get(0) - losses.get(1)) / (lr * gradNormSquared);
        TRAINING.put(name, String.format("loss %.4f fell by %.3e, %.5f times lr * |g|^2", losses.get(0), losses.get(0) - losses.get(1), ratio));
        assertTrue(Math.abs(ratio - 1) < 0.01, name + ": the loss fell by " + ratio + " times the predicted decrease");
    }

    /** The net with a plain SGD clause at rate {@code lr}, differentiated; it must verify and read back from its text. */
    private static Graph trainingGraph(String name, Map<String, Integer> sizes, double lr) {
        Graph g = compile(name, sizes);
        g.setAttrs(Attrs.of("loss", g.attrs().getString("loss"), "optimizer", "sgd", "lr", lr));
        new PassManager().verifyEach(true).run(Pipeline.parse("autodiff", PassRegistry.standard()), g);
        String text = IrPrinter.print(g);
        assertEquals(text, IrPrinter.print(IrParser.parse(text)), name + ": the training graph does not read back");
        return g;
    }

    /** A random direction of length 1, so that every param moves by the same distance. */
    private static Tensor direction(Tensor like, String salt) {
        Random r = new Random(salt.hashCode());
        double[] v = new double[like.size()];
        double norm = 0;
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextGaussian();
            norm += v[i] * v[i];
        }
        for (int i = 0; i < v.length; i++) v[i] /= Math.sqrt(norm);
        return Tensor.of(like.type(), v);
    }

    private static Tensor shifted(Tensor w, Tensor v, double step) {
        double[] out = w.toArray();
        for (int i = 0; i < out.length; i++) out[i] += step * v.get(i);
        return Tensor.of(w.type(), out);
    }

    private static double dot(Tensor a, Tensor b) {
        double s = 0;
        for (int i = 0; i < a.size(); i++) s += a.get(i) * b.get(i);
        return s;
    }

    private static double lossOf(Graph g, Map<String, Tensor> values, String loss) {
        return Interpreter.run(g, values).outputs().get(loss).get(0);
    }

    private static Graph compile(String name, Map<String, Integer> sizes) {
        try {
            Compilation c = Frontend.compile(SourceFile.read(netsDir().resolve(name + ".dsl")), sizes);
            assertTrue(c.ok(), () -> name + " does not compile:\n" + c.renderDiagnostics());
            return c.graph();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path netsDir() {
        return TestFiles.repoRoot().resolve("tests").resolve("nets");
    }

    @AfterAll
    static void printReport() {
        System.out.println("zoo gradient check (tolerance " + TOLERANCE + "):");
        REPORT.forEach((net, line) -> System.out.printf("  %-13s %s%n", net, line));
        System.out.println("zoo: one small SGD step of the training graph:");
        TRAINING.forEach((net, line) -> System.out.printf("  %-13s %s%n", net, line));
    }
}
