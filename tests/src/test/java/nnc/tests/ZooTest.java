package nnc.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import nnc.frontend.Compilation;
import nnc.frontend.Frontend;
import nnc.frontend.SourceFile;
import nnc.ir.Arg;
import nnc.ir.Graph;
import nnc.ir.Initializers;
import nnc.ir.Interpreter;
import nnc.ir.IrParser;
import nnc.ir.IrPrinter;
import nnc.ir.Tensor;
import nnc.ir.Verifier;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The network zoo ({@code tests/nets/*.dsl}): every net compiles, verifies, round-trips through the IR
 * text and runs in the reference interpreter at small sizes, and compiles at its default (realistic)
 * sizes with the parameter count of the real architecture.
 */
class ZooTest {
    record Net(Map<String, Integer> small, long defaultParams) {}

    /**
     * Each net's {@code --set} overrides for the interpreter run (small enough that the whole zoo runs
     * in seconds) and its parameter count at the default sizes (checked against the published figure).
     */
    static final Map<String, Net> ZOO = new LinkedHashMap<>();

    static {
        ZOO.put("mlp", new Net(Map.of("batch", 4, "features", 64, "hidden1", 32, "hidden2", 16), 535_818));
        ZOO.put("lenet", new Net(Map.of("batch", 2), 61_706));
        ZOO.put("resnet18", new Net(Map.of("batch", 2, "image", 32, "width", 4, "classes", 10), 11_689_512));
        ZOO.put("resnet50", new Net(Map.of("batch", 2, "image", 32, "width", 4, "classes", 10), 25_557_032));
        ZOO.put("vgg16", new Net(Map.of("batch", 2, "image", 32, "width", 4, "fc", 32, "classes", 10), 138_357_544));
        ZOO.put("mobilenet_v2", new Net(Map.of("batch", 2, "image", 32, "width", 1, "classes", 10), 3_504_872));
        ZOO.put("lstm_lm", new Net(Map.of("batch", 2, "seq", 5, "vocab", 50, "hidden", 16), 19_775_200));
        ZOO.put("transformer", new Net(
                Map.of("batch", 2, "seq", 8, "vocab", 50, "d", 16, "heads", 2, "ff", 32, "layers", 2), 109_217_850));
    }

    private static final long SEED = 42;

    @Test
    void everyNetInTheFolderIsInTheTable() throws IOException {
        TreeSet<String> onDisk;
        try (Stream<Path> files = Files.list(netsDir())) {
            onDisk = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".dsl"))
                    .map(n -> n.substring(0, n.length() - ".dsl".length()))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(new TreeSet<>(ZOO.keySet()), onDisk, "tests/nets/*.dsl and ZooTest.ZOO should list the same nets");
    }

    @TestFactory
    Stream<DynamicTest> smallNetsRunInTheInterpreter() {
        return ZOO.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> runSmall(e.getKey(), e.getValue())));
    }

    @TestFactory
    Stream<DynamicTest> defaultSizesCompile() {
        return ZOO.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> compileDefault(e.getKey(), e.getValue())));
    }

    private static void runSmall(String name, Net net) {
        Graph g = compile(name, net.small());

        List<String> problems = Verifier.verify(g);
        assertTrue(problems.isEmpty(), () -> name + " does not verify:\n  " + String.join("\n  ", problems));

        String text = IrPrinter.print(g);
        assertEquals(text, IrPrinter.print(IrParser.parse(text)), name + ": print(parse(print(g))) differs from print(g)");

        Map<String, Tensor> args = Initializers.forGraph(g, SEED);
        Interpreter.Result result = Interpreter.run(g, args);
        assertTrue(!result.outputs().isEmpty(), name + " has no outputs");
        result.outputs().forEach((out, t) -> {
            for (int i = 0; i < t.size(); i++) {
                double v = t.get(i);
                if (!Double.isFinite(v)) fail(name + ": output " + out + " has " + v + " at element " + i);
            }
        });

        String lossName = g.attrs().getString("loss");
        Tensor loss = result.outputs().get(lossName);
        assertTrue(loss != null, () -> name + ": the loss '" + lossName + "' is not among the outputs " + result.outputs().keySet());
        assertEquals(0, loss.type().rank(), name + ": the loss should be a scalar, is " + loss.type());
        double l = loss.get(0);
        assertTrue(Double.isFinite(l) && l > 0, name + ": the loss should be positive and finite, is " + l);
    }

    private static void compileDefault(String name, Net net) {
        Graph g = compile(name, Map.of());
        long params = g.args().stream().filter(a -> a.role() == Arg.Role.PARAM).mapToLong(a -> a.type().numel()).sum();
        System.out.printf("zoo: %-13s default sizes: %,7d nodes, %,13d parameters%n", name, g.nodeCount(), params);
        assertEquals(net.defaultParams(), params, name + ": parameters at the default sizes");
    }

    /** Net {@code name} from {@code tests/nets}, lowered with the given dim overrides; also used by the cross-target tests. */
    static Graph compile(String name, Map<String, Integer> sets) {
        SourceFile src;
        try {
            src = SourceFile.read(netsDir().resolve(name + ".dsl"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Compilation c = Frontend.compile(src, sets);
        assertTrue(c.ok(), () -> name + " " + sets + " does not compile:\n" + c.renderDiagnostics());
        return c.graph();
    }

    private static Path netsDir() {
        return TestFiles.repoRoot().resolve("tests").resolve("nets");
    }
}
