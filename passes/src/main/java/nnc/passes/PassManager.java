package nnc.passes;

import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.BiConsumer;
import nnc.ir.Graph;
import nnc.ir.IrPrinter;
import nnc.ir.Verifier;

/**
 * Runs a pipeline over a graph, with the debugging hooks of MLIR and LLVM: verify after every pass
 * (tests turn this on) and print the IR after all passes or after passes with given names.
 */
public final class PassManager {
    private boolean verifyEach;
    private boolean printAfterAll;
    private final Set<String> printAfter = new LinkedHashSet<>();
    private PrintWriter irOut = new PrintWriter(System.err, true);
    private BiConsumer<Pipeline.Step, Graph> afterEach = (step, g) -> {};

    /** Runs the verifier on the input and after every pass; a failure is a bug in that pass. */
    public PassManager verifyEach(boolean on) {
        verifyEach = on;
        return this;
    }

    public PassManager printIrAfterAll(boolean on) {
        printAfterAll = on;
        return this;
    }

    /** Prints the IR after every step of the pass named {@code passName}. */
    public PassManager printIrAfter(String passName) {
        printAfter.add(passName);
        return this;
    }

    /** Where printed IR goes; standard error by default, so that it never mixes with a command's output. */
    public PassManager printIrTo(PrintWriter out) {
        irOut = out;
        return this;
    }

    /** Calls {@code hook} after every step with the graph as the step left it (the memory report measures each pass so). */
    public PassManager afterEach(BiConsumer<Pipeline.Step, Graph> hook) {
        afterEach = hook;
        return this;
    }

    /**
     * Runs every step of {@code pipeline} on {@code g} in order and returns whether any changed it.
     *
     * @throws PassFailedException when a pass reports a user error; later passes do not run
     * @throws IllegalStateException when verification is on and a pass leaves invalid IR
     */
    public boolean run(Pipeline pipeline, Graph g) {
        if (verifyEach) verify(g, "before the pipeline");
        boolean changed = false;
        for (Pipeline.Step step : pipeline.steps()) {
            PassContext ctx = new PassContext(step.pass(), step.options());
            changed |= step.pass().run(g, ctx);
            if (!ctx.errors().isEmpty()) throw new PassFailedException(step, ctx.errors());
            if (verifyEach) verify(g, "after pass '" + step + "'");
            if (printAfterAll || printAfter.contains(step.name())) {
                irOut.println("// ----- IR after " + step + " -----");
                irOut.print(IrPrinter.print(g));
                irOut.flush();
            }
            afterEach.accept(step, g);
        }
        return changed;
    }

    private static void verify(Graph g, String when) {
        var problems = Verifier.verify(g);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("invalid IR " + when + ":\n  " + String.join("\n  ", problems));
        }
    }
}
