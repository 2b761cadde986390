package nnc.frontend;

import java.util.List;
import java.util.Map;
import nnc.frontend.ast.Stmt;
import nnc.frontend.lower.Lowerer;
import nnc.frontend.syntax.DslParser;
import nnc.ir.Graph;

/** DSL source to checked IR: parse (ANTLR) → AST → check and lower. Never throws on bad input. */
public final class Frontend {
    private Frontend() {}

    /**
     * Compiles {@code src}; {@code dimOverrides} replaces the defaults of named {@code dim}s
     * ({@code --set batch=4}). An override naming no dim is a diagnostic.
     */
    public static Compilation compile(SourceFile src, Map<String, Integer> dimOverrides) {
        Diagnostics diagnostics = new Diagnostics(src);
        Graph graph = null;
        try {
            List<Stmt> program = DslParser.parse(src, diagnostics);
            if (program != null) graph = Lowerer.lower(program, src.baseName(), dimOverrides, diagnostics);
        } catch (StackOverflowError e) {
            // Parsing and lowering recurse over the nesting of the source; absurd nesting ends here.
            diagnostics.error(1, 1, "the program is nested too deeply to compile");
        }
        return new Compilation(diagnostics.any() ? null : graph, diagnostics.sorted());
    }
}
