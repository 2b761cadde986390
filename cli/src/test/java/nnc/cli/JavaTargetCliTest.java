package nnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import nnc.ir.Npy;
import nnc.ir.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nnc compile --target java} and {@code nnc run --target java}. */
class JavaTargetCliTest {
    private static final String TRAINED = """
            dim batch = 4
            input  x: f32[batch, 3]
            input  labels: i32[batch] in 0..2
            param  w: f32[3, 2] = xavier
            param  b: f32[2] = zeros
            logits = relu(x) @ w + b
            loss = cross_entropy(logits, labels)
            output logits, loss
            train loss with adam(lr=0.01)
            """;

    @TempDir
    Path dir;

    private String net() throws IOException {
        return Files.writeString(dir.resolve("tiny.dsl"), TRAINED).toString();
    }

    @Test
    void compileWritesSourcesThatBuildWithPlainJavacAndThePlan() throws IOException {
        Path out = dir.resolve("out");
        Cli.Result r = Cli.run("compile", net(), "--target", "java", "--package", "demo.nets", "-o", out.toString());
        assertEquals(0, r.exitCode(), r::toString);
        for (String f : List.of("demo/nets/Tiny.java", "nnc/runtime/CompiledNet.java", "nnc/runtime/NpyFiles.java", "memory-plan.json",
                "memory-report.txt")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f + " is missing");
        }
        String plan = Files.readString(out.resolve("memory-plan.json"));
        assertTrue(plan.contains("\"arena_bytes\""), plan);
        assertTrue(plan.contains("\"into\": \"w\""), "adam's update of w is written into w\n" + plan);
        assertCompilesWithJavac(out);
    }

    @Test
    void vectorKernelsBuildWithPlainJavacAndTheVectorModule() throws IOException {
        Path net = dir.resolve("wide.dsl");
        Files.writeString(net, TRAINED.replace("2]", "40]").replace("in 0..2", "in 0..40"));
        Path out = dir.resolve("wide");
        Cli.Result r = Cli.run("compile", net.toString(), "--target", "java", "-o", out.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(Files.readString(out.resolve("nnc/generated/Wide.java")).contains("FloatVector.fromArray"), "the product uses vectors");
        assertCompilesWithJavac(out);
    }

    /** The sources under {@code out} compile with javac and the one JDK module the README names, nothing else. */
    private void assertCompilesWithJavac(Path out) throws IOException {
        List<String> sources;
        try (Stream<Path> files = Files.walk(out)) {
            sources = files.filter(p -> p.toString().endsWith(".java")).map(Path::toString).toList();
        }
        String[] javac = Stream.concat(Stream.of("--add-modules", "jdk.incubator.vector", "-d", dir.resolve("classes").toString()), sources.stream())
                .toArray(String[]::new);
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, javac), "the generated sources compile with javac and the vector module");
    }

    @Test
    void compileWithoutOutputDirPrintsTheClass() throws IOException {
        Cli.Result r = Cli.run("compile", net(), "--target", "java");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("public final class Tiny implements CompiledNet"), r::toString);
    }

    @Test
    void runTrainsAndSavesParamsAndStateAsTheInterpreterDoes() throws IOException {
        String pipeline = "autodiff,dne,fuse,recompute,schedule,plan-buffers";
        Path javaParams = dir.resolve("java");
        Path interpParams = dir.resolve("interp");
        Cli.Result java = Cli.run("run", net(), "--target", "java", "--steps", "3", "--save-params", javaParams.toString());
        Cli.Result interp = Cli.run("run", net(), "--target", "interp", "--pipeline", pipeline, "--steps", "3",
                "--save-params", interpParams.toString());
        assertEquals(0, java.exitCode(), java::toString);
        assertEquals(0, interp.exitCode(), interp::toString);
        assertTrue(java.out().startsWith("step 1: loss = "), java::toString);
        for (String name : List.of("w", "b", "w.m", "w.v", "b.m", "b.v", "adam.t")) {
            Tensor a = Npy.read(javaParams.resolve(name + ".npy"));
            Tensor e = Npy.read(interpParams.resolve(name + ".npy"));
            for (int i = 0; i < e.size(); i++) assertEquals(e.get(i), a.get(i), 1e-4 + 1e-3 * Math.abs(e.get(i)), name + "[" + i + "]");
        }
        Cli.Result resumed = Cli.run("run", net(), "--target", "java", "--params", javaParams.toString());
        assertEquals(0, resumed.exitCode(), "--params reads what --save-params wrote: " + resumed);
    }

    @Test
    void stepsMustBePositive() throws IOException {
        Cli.Result r = Cli.run("run", net(), "--target", "java", "--steps", "0");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("--steps must be at least 1"), r::toString);
    }
}
