package nnc.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import nnc.backend.opencl.OpenClTarget;
import nnc.ir.Graph;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The OpenCL target's kernels.cl for two small networks, byte for byte: the MLP's training step and
 * LeNet's inference, at the zoo's small sizes with every pass. Generating twice gives the same text,
 * and the text equals {@code tests/golden/opencl/<net>-<mode>.cl.expected}. Needs no OpenCL device.
 */
class OpenClGoldenTest {
    private record Case(String net, boolean training) {
        String file() {
            return net + "-" + (training ? "training" : "inference") + ".cl.expected";
        }
    }

    private static final List<Case> CASES = List.of(new Case("mlp", true), new Case("lenet", false));

    @TestFactory
    Stream<DynamicTest> emittedKernelsMatchTheirGoldens() {
        return CASES.stream().map(c -> DynamicTest.dynamicTest(c.file(), () -> {
            String first = generate(c);
            String second = generate(c);
            assertEquals(first, second, c.file() + ": two generations differ");
            TestFiles.assertGolden(goldenDir().resolve(c.file()), first);
        }));
    }

    private static String generate(Case c) {
        Graph g = JavaTargetTest.compile(c.net(), c.training(), JavaTargetTest.fullPipeline(c.training()));
        return OpenClTarget.generate(g, "nnc.generated").kernelsCl();
    }

    private static Path goldenDir() {
        return TestFiles.repoRoot().resolve("tests").resolve("golden").resolve("opencl");
    }
}
