package nnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompileCommandTest {
    static final String TINY = """
            dim batch = 2
            input x: f32[batch, 3]
            y = relu(x)
            output y
            """;

    @TempDir
    Path dir;

    private String write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text).toString();
    }

    private List<String> listing(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void printsTheIrOnStandardOutput() throws IOException {
        Cli.Result r = Cli.run("compile", write("tiny.dsl", TINY), "--set", "batch=4", "--emit", "ir");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().startsWith("graph @tiny {\n  input %x : f32[4,3]\n"), r::toString);
        assertTrue(r.out().contains(" = relu(%x) : f32[4,3]"), r::toString);
        assertTrue(r.out().endsWith("}\n"), r::toString);
        assertEquals("", r.err());
    }

    @Test
    void aMissingFileIsAUserError() {
        Path missing = dir.resolve("nope.dsl");
        Cli.Result r = Cli.run("compile", missing.toString());
        assertEquals(1, r.exitCode());
        assertEquals("nnc: error: cannot read '" + missing + "': no such file or directory\n", r.err());
    }

    @Test
    void syntaxErrorsPrintDiagnosticsWithoutAStackTrace() throws IOException {
        String file = write("bad.dsl", "dim batch = 2\ninput x f32[batch]\n");
        Cli.Result r = Cli.run("compile", file);
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().startsWith(file + ":2:"), r::toString);
        assertTrue(r.err().contains(": error: "), r::toString);
        assertTrue(r.err().contains("\n  input x f32[batch]\n"), r::toString);
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r::toString);
        assertEquals("", r.out());
    }

    @Test
    void anUnknownDimInSetIsADiagnostic() throws IOException {
        Cli.Result r = Cli.run("compile", write("tiny.dsl", TINY), "--set", "btach=4");
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains("btach"), r::toString);
    }

    @Test
    void pipelineMistakesPointAtTheColumn() throws IOException {
        Cli.Result r = Cli.run("compile", write("tiny.dsl", TINY), "--pipeline", "nope");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().startsWith("pipeline, column 1: error: unknown pass 'nope'"), r::toString);
        assertTrue(r.err().endsWith("\n  nope\n  ^\n"), r::toString);
    }

    @Test
    void printIrAfterMustNameAPassOfThePipeline() throws IOException {
        Cli.Result r = Cli.run("compile", write("tiny.dsl", TINY), "--pipeline", "dne", "--print-ir-after=schedule");
        assertEquals(1, r.exitCode());
        assertEquals("nnc: error: --print-ir-after=schedule: the pipeline has no pass named 'schedule'\n", r.err());
    }

    @Test
    void outputDirGetsTheIrFileAndNothingElseIsLeftBehind() throws IOException {
        String file = write("tiny.dsl", TINY);
        Path out = dir.resolve("build/ir");
        Cli.Result r = Cli.run("compile", file, "-o", out.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("", r.out());
        assertEquals(Cli.run("compile", file).out(), Files.readString(out.resolve("tiny.ir")));
        assertEquals(List.of("tiny.ir"), listing(out));
        assertEquals(List.of("ir"), listing(dir.resolve("build")));
    }

    @Test
    void anExistingOutputDirKeepsItsOtherFiles() throws IOException {
        String file = write("tiny.dsl", TINY);
        Path out = Files.createDirectory(dir.resolve("out"));
        Files.writeString(out.resolve("notes.txt"), "mine");
        Files.writeString(out.resolve("tiny.ir"), "stale");
        assertEquals(0, Cli.run("compile", file, "-o", out.toString()).exitCode());
        assertEquals(List.of("notes.txt", "tiny.ir"), listing(out));
        assertTrue(Files.readString(out.resolve("tiny.ir")).startsWith("graph @tiny"));
    }

    @Test
    void aFailedCompileCreatesNoOutputDir() throws IOException {
        String file = write("bad.dsl", "input x f32[2]\n");
        Path out = dir.resolve("out");
        assertEquals(1, Cli.run("compile", file, "-o", out.toString()).exitCode());
        assertFalse(Files.exists(out));
        assertEquals(List.of("bad.dsl"), listing(dir));
    }

    @Test
    void anOutputPathThatIsAFileIsAUserError() throws IOException {
        String file = write("tiny.dsl", TINY);
        String notDir = write("out", "a file");
        Cli.Result r = Cli.run("compile", file, "-o", notDir);
        assertEquals(1, r.exitCode());
        assertEquals("nnc: error: cannot write into '" + notDir + "': it exists and is not a directory\n", r.err());
    }
}
