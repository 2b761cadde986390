package nnc.cli;

import java.io.IOException;
import java.io.PrintWriter;
import nnc.frontend.Compilation;
import nnc.frontend.Frontend;
import nnc.frontend.SourceFile;
import nnc.ir.Graph;
import nnc.passes.PassManager;
import nnc.passes.PassRegistry;
import nnc.passes.Pipeline;

/** The start of every command: read the DSL, lower it to IR, and run the pass pipeline over it. */
final class GraphLoader {
    private GraphLoader() {}

    /** Printed IR from the pipeline's hooks goes to {@code err}, keeping standard output for results. */
    static Graph load(CompileOptions o, PrintWriter err) {
        // The pipeline is checked first: a typo in it should not wait for a large network to lower.
        Pipeline pipeline = Pipeline.parse(o.pipeline, PassRegistry.standard());
        // Verifying after each pass is cheap next to lowering, and turns a pass that breaks the IR
        // into an internal error at that pass instead of wrong output later.
        PassManager passes = new PassManager().verifyEach(true).printIrAfterAll(o.printIrAfterAll).printIrTo(err);
        for (String name : o.printIrAfter) {
            if (!pipeline.contains(name)) {
                throw UserError.of("--print-ir-after=" + name + ": the pipeline has no pass named '" + name + "'");
            }
            passes.printIrAfter(name);
        }
        Compilation c = Frontend.compile(read(o), o.dims);
        if (!c.ok()) throw UserError.rendered(c.renderDiagnostics());
        passes.run(pipeline, c.graph());
        return c.graph();
    }

    private static SourceFile read(CompileOptions o) {
        try {
            return SourceFile.read(o.file);
        } catch (IOException e) {
            throw UserError.of(IoErrors.describe("read", o.file, e));
        }
    }
}
