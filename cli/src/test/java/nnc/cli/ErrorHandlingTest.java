package nnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class ErrorHandlingTest {
    /** Stands in for a bug anywhere in a command. */
    @Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("kaboom");
        }
    }

    private static Cli.Result boom(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.commandLine(new PrintWriter(out), new PrintWriter(err), env);
        cmd.addSubcommand(new Boom());
        cmd.setErr(new PrintWriter(err)); // again, now that boom is there too
        int code = cmd.execute(args);
        cmd.getErr().flush();
        return new Cli.Result(code, out.toString(), err.toString());
    }

    @Test
    void internalErrorsExitWith3AndHideTheStackTrace() {
        Cli.Result r = boom(Map.of(), "boom");
        assertEquals(3, r.exitCode());
        assertEquals("""
                nnc: internal error: java.lang.IllegalStateException: kaboom
                (run again with --debug or NNC_DEBUG=1 for the stack trace)
                This is a bug in nnc; please report it with the command line and input file.
                """, r.err());
    }

    @Test
    void debugShowsTheStackTrace() {
        for (Cli.Result r : new Cli.Result[] {boom(Map.of(), "--debug", "boom"), boom(Map.of(), "boom", "--debug"),
                boom(Map.of("NNC_DEBUG", "1"), "boom")}) {
            assertEquals(3, r.exitCode());
            assertTrue(r.err().contains("\tat nnc.cli.ErrorHandlingTest$Boom.call"), r::toString);
        }
        assertFalse(boom(Map.of("NNC_DEBUG", "0"), "boom").err().contains("\tat "));
    }
}
