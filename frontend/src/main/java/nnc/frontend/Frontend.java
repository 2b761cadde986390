package nnc.frontend;

import java.util.Map;

/** DSL source to checked IR: parse (ANTLR) → AST → check and lower. Never throws on bad input. */
public final class Frontend {
    private Frontend() {}

    /**
     * Compiles {@code src}; {@code dimOverrides} replaces the defaults of named {@code dim}s
     * ({@code --set batch=4}). An override naming no dim is a diagnostic.
     */
    public static Compilation compile(SourceFile src, Map<String, Integer> dimOverrides) {
        throw new UnsupportedOperationException("frontend is being written");
    }
}
