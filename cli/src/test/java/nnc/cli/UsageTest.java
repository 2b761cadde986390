package nnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class UsageTest {
    @Test
    void helpOnEveryCommand() {
        for (String[] args : new String[][] {{"--help"}, {"compile", "--help"}, {"run", "--help"}, {"help", "run"}}) {
            Cli.Result r = Cli.run(args);
            assertEquals(0, r.exitCode(), r::toString);
            assertTrue(r.out().startsWith("Usage: nnc"), r::toString);
            assertEquals("", r.err());
        }
    }

    @Test
    void versionNamesTheProjectVersion() {
        Cli.Result r = Cli.run("--version");
        assertEquals(0, r.exitCode());
        assertTrue(r.out().matches("(?s)nnc \\d+\\.\\d+\\.\\d+.*\nJava .*"), r::toString);
    }

    @Test
    void missingCommand() {
        Cli.Result r = Cli.run();
        assertEquals(2, r.exitCode());
        assertEquals("nnc: Missing command: expected one of compile, run, mem, devices, help\nTry 'nnc --help' for more information.\n", r.err());
    }

    @Test
    void misspelledCommandGetsASuggestion() {
        Cli.Result r = Cli.run("compil", "net.dsl");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("Did you mean: nnc compile?"), r::toString);
    }

    @Test
    void badOptionsAreUsageErrors() {
        String[][] cases = {
            {"compile"},
            {"compile", "net.dsl", "--frobnicate"},
            {"compile", "net.dsl", "--set", "batch"},
            {"compile", "net.dsl", "--set", "batch=two"},
            {"compile", "net.dsl", "--emit", "exe"},
            {"run", "net.dsl"},
            {"run", "net.dsl", "--target", "gpu"},
            {"run", "net.dsl", "--target", "interp", "--seed", "x"},
        };
        for (String[] args : cases) {
            Cli.Result r = Cli.run(args);
            assertEquals(2, r.exitCode(), r::toString);
            assertTrue(r.err().startsWith("nnc: "), r::toString);
            assertTrue(r.err().endsWith("--help' for more information.\n"), r::toString);
            assertEquals("", r.out());
        }
    }
}
