package nnc.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The top-level command; it only dispatches to a subcommand. */
@Command(
        name = "nnc",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "A memory-first tensor compiler for the JVM.",
        // Every nnc command, in the order `nnc --help` lists them: a new command is a class added here.
        subcommands = {CompileCommand.class, RunCommand.class, MemCommand.class, DevicesCommand.class, HelpCommand.class})
final class NncCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Read by {@link ErrorHandler} from the parse result; inherited so it works after a command name too. */
    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "Print the stack trace of an internal error (also: environment NNC_DEBUG=1).")
    boolean debug;

    @Override
    public Integer call() {
        String commands = String.join(", ", spec.subcommands().keySet());
        throw new ParameterException(spec.commandLine(), "Missing command: expected one of " + commands);
    }
}
