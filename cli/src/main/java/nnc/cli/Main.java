package nnc.cli;

import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;

/** The {@code nnc} command. Exit codes: 0 success, 1 user error, 2 usage error, 3 internal error. */
public final class Main {
    static final int USER_ERROR = 1;
    static final int INTERNAL_ERROR = 3;

    private Main() {}

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out), new PrintWriter(System.err), System.getenv()));
    }

    /** Runs nnc in-process with the given streams and environment and returns the exit code. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
        try {
            return commandLine(out, err, env).execute(args);
        } catch (RuntimeException | Error e) {
            // Reached only when picocli itself fails; everything thrown by a command goes through ErrorHandler.
            return ErrorHandler.internalError(e, err, debugFromEnv(env));
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The nnc command tree with its streams and error handling; {@link #execute} runs it. */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, Map<String, String> env) {
        CommandLine cmd = new CommandLine(new NncCommand());
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setParameterExceptionHandler(new UsageErrorHandler());
        cmd.setExecutionExceptionHandler(new ErrorHandler(debugFromEnv(env)));
        return cmd;
    }

    private static boolean debugFromEnv(Map<String, String> env) {
        return "1".equals(env.get("NNC_DEBUG"));
    }
}
