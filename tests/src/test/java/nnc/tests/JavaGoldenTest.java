package nnc.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import nnc.backend.java.JavaTarget;
import nnc.ir.Graph;
import nnc.passes.PassManager;
import nnc.passes.PassRegistry;
import nnc.passes.Pipeline;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The Java target's output for two small networks, byte for byte: the MLP's training step and
 * LeNet's inference, at the zoo's small sizes with every pass. Generating twice gives the same text,
 * and the text equals {@code tests/golden/java/<net>-<mode>.expected}.
 */
class JavaGoldenTest {
    private record Case(String net, boolean training) {
        String file() {
            return net + "-" + (training ? "training" : "inference") + ".expected";
        }
    }

    private static final List<Case> CASES = List.of(new Case("mlp", true), new Case("lenet", false));

    @TestFactory
    Stream<DynamicTest> generatedSourcesMatchTheirGoldens() {
        return CASES.stream().map(c -> DynamicTest.dynamicTest(c.file(), () -> {
            String first = generate(c);
            String second = generate(c);
            assertEquals(first, second, c.file() + ": two generations differ");
            TestFiles.assertGolden(goldenDir().resolve(c.file()), first);
        }));
    }

    private static String generate(Case c) {
        Graph g = ZooTest.compile(c.net(), ZooTest.ZOO.get(c.net()).small());
        List<String> passes = new ArrayList<>(PassRegistry.standard().names());
        if (!c.training()) passes.remove("autodiff");
        new PassManager().verifyEach(true).run(Pipeline.parse(String.join(",", passes), PassRegistry.standard()), g);
        return JavaTarget.generate(g, JavaTarget.DEFAULT_PACKAGE).code();
    }

    private static Path goldenDir() {
        return TestFiles.repoRoot().resolve("tests").resolve("golden").resolve("java");
    }
}
