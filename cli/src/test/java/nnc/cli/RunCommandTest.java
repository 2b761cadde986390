package nnc.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import nnc.ir.Npy;
import nnc.ir.Tensor;
import nnc.ir.TensorType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {
    private static final String SCALED = """
            dim batch = 2
            input x: f32[batch, 3]
            param w: f32[3] = ones
            y = relu(x) * w
            output y
            """;

    @TempDir
    Path dir;

    private String net() throws IOException {
        return Files.writeString(dir.resolve("scaled.dsl"), SCALED).toString();
    }

    private Path npyDir(String name, String file, Tensor t) throws IOException {
        Path d = Files.createDirectories(dir.resolve(name));
        Npy.write(d.resolve(file), t);
        return d;
    }

    @Test
    void generatedArgumentsAreDeterministicPerSeed() throws IOException {
        String net = net();
        Cli.Result a = Cli.run("run", net, "--target", "interp");
        assertEquals(0, a.exitCode(), a::toString);
        assertTrue(a.out().matches("output y : f32\\[2,3\\] = \\[[^\\]]+\\] sum=\\S+\n"), a::toString);
        assertEquals(a.out(), Cli.run("run", net, "--target", "interp", "--seed", "0").out());
        assertNotEquals(a.out(), Cli.run("run", net, "--target", "interp", "--seed", "7").out());
    }

    @Test
    void readsInputsAndParamsAndWritesOutputs() throws IOException {
        Path inputs = npyDir("in", "x.npy", Tensor.of(TensorType.f32(2, 3), -1, 2, -3, 4, -5, 6));
        Path params = npyDir("params", "w.npy", Tensor.of(TensorType.f32(3), 1, 0.5, 2));
        Path outputs = dir.resolve("out");
        Cli.Result r = Cli.run("run", net(), "--target", "interp", "--inputs", inputs.toString(),
                "--params", params.toString(), "--outputs", outputs.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("output y : f32[2,3] = [0, 1, 0, 4, 0, 12] sum=17\n", r.out());
        Tensor y = Npy.read(outputs.resolve("y.npy"));
        assertEquals(TensorType.f32(2, 3), y.type());
        assertArrayEquals(new double[] {0, 1, 0, 4, 0, 12}, y.toArray());
    }

    @Test
    void aWrongShapeNamesTheFile() throws IOException {
        Path inputs = npyDir("in", "x.npy", Tensor.zeros(TensorType.f32(3, 2)));
        Cli.Result r = Cli.run("run", net(), "--target", "interp", "--inputs", inputs.toString());
        assertEquals(1, r.exitCode(), r::toString);
        assertEquals("nnc: error: " + inputs.resolve("x.npy") + ": expected f32[2,3], found f32[3,2] (for input %x)\n", r.err());
    }

    @Test
    void aWrongDtypeNamesTheFile() throws IOException {
        Path params = npyDir("params", "w.npy", Tensor.zeros(TensorType.i32(3)));
        Cli.Result r = Cli.run("run", net(), "--target", "interp", "--params", params.toString());
        assertEquals(1, r.exitCode(), r::toString);
        assertEquals("nnc: error: " + params.resolve("w.npy") + ": expected f32[3], found i32[3] (for param %w)\n", r.err());
    }

    @Test
    void aMissingOrBrokenFileNamesTheFile() throws IOException {
        Path inputs = Files.createDirectory(dir.resolve("in"));
        Cli.Result missing = Cli.run("run", net(), "--target", "interp", "--inputs", inputs.toString());
        assertEquals(1, missing.exitCode(), missing::toString);
        assertTrue(missing.err().startsWith("nnc: error: " + inputs.resolve("x.npy") + ": "), missing::toString);

        Files.writeString(inputs.resolve("x.npy"), "not numpy");
        Cli.Result broken = Cli.run("run", net(), "--target", "interp", "--inputs", inputs.toString());
        assertEquals(1, broken.exitCode(), broken::toString);
        assertTrue(broken.err().startsWith("nnc: error: " + inputs.resolve("x.npy") + ": "), broken::toString);
        assertFalse(broken.err().contains("\tat "), broken::toString);
    }
}
