package nnc.cli;

import java.io.PrintWriter;
import nnc.passes.PassFailedException;
import nnc.passes.PipelineException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns what a command throws into a report and an exit code: user errors (1) print their message
 * only; anything else is a bug in nnc (3) and prints a stack trace only when debugging.
 */
final class ErrorHandler implements IExecutionExceptionHandler {
    private final boolean debugFromEnv;

    ErrorHandler(boolean debugFromEnv) {
        this.debugFromEnv = debugFromEnv;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        String report = userReport(ex);
        if (report == null) return internalError(ex, err, debugFromEnv || debugRequested(parseResult));
        err.print(report);
        return Main.USER_ERROR;
    }

    /** The text for standard error if {@code ex} is a user's mistake, else null. */
    private static String userReport(Exception ex) {
        if (ex instanceof UserError u) return u.report();
        if (ex instanceof PipelineException p) return p.render();
        if (ex instanceof PassFailedException p) return p.render();
        return null;
    }

    static int internalError(Throwable ex, PrintWriter err, boolean stackTrace) {
        err.println("nnc: internal error: " + ex);
        if (stackTrace) {
            ex.printStackTrace(err);
        } else {
            err.println("(run again with --debug or NNC_DEBUG=1 for the stack trace)");
        }
        err.println("This is a bug in nnc; please report it with the command line and input file.");
        return Main.INTERNAL_ERROR;
    }

    private static boolean debugRequested(ParseResult pr) {
        for (ParseResult r = pr; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("--debug")) return true;
        }
        return false;
    }
}
