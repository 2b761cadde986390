package nnc.frontend;

import java.util.List;
import nnc.ir.Graph;

/** What the frontend made of a source: a checked graph, or (graph null) the diagnostics explaining why not. */
public record Compilation(Graph graph, List<Diagnostic> diagnostics) {
    public boolean ok() {
        return diagnostics.isEmpty();
    }

    /** All diagnostics, rendered, in source order. */
    public String renderDiagnostics() {
        StringBuilder sb = new StringBuilder();
        for (Diagnostic d : diagnostics) sb.append(d.render());
        return sb.toString();
    }
}
