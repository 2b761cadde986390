package nnc.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import nnc.backend.java.JavaTarget;
import nnc.backend.opencl.OpenClTarget;
import nnc.ir.Graph;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * What each target generates for two small networks, byte for byte: the MLP's training step and LeNet's
 * inference, at the zoo's small sizes with every pass. Generating twice gives the same text, and the
 * text equals {@code tests/golden/<target>/<net>-<mode><suffix>}. Needs no OpenCL device.
 */
class GeneratedCodeGoldenTest {
    /** A target's golden folder, file suffix and what of its output is compared. */
    private record Target(String dir, String suffix, Function<Graph, String> generate) {}

    private record Case(Target target, String net, boolean training) {
        String file() {
            return net + "-" + (training ? "training" : "inference") + target.suffix();
        }
    }

    private static final List<Target> TARGETS = List.of(
            new Target("java", ".expected", g -> JavaTarget.generate(g, JavaTarget.DEFAULT_PACKAGE).code()),
            new Target("opencl", ".cl.expected", g -> OpenClTarget.generate(g, "nnc.generated").kernelsCl()));

    @TestFactory
    Stream<DynamicTest> generatedCodeMatchesItsGoldens() {
        return TARGETS.stream()
                .flatMap(t -> Stream.of(new Case(t, "mlp", true), new Case(t, "lenet", false)))
                .map(c -> DynamicTest.dynamicTest(c.target().dir() + "/" + c.file(), () -> {
                    String first = generate(c);
                    String second = generate(c);
                    assertEquals(first, second, c.file() + ": two generations differ");
                    TestFiles.assertGolden(TestFiles.repoRoot().resolve("tests").resolve("golden").resolve(c.target().dir())
                            .resolve(c.file()), first);
                }));
    }

    private static String generate(Case c) {
        Graph g = JavaTargetTest.compile(c.net(), c.training(), JavaTargetTest.fullPipeline(c.training()));
        return c.target().generate().apply(g);
    }
}
