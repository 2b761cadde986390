package nnc.frontend;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import nnc.ir.Graph;
import nnc.ir.Node;

/** Compiles test programs. */
final class Programs {
    private Programs() {}

    static Compilation compile(String source) {
        return compile(source, Map.of());
    }

    static Compilation compile(String source, Map<String, Integer> overrides) {
        return Frontend.compile(new SourceFile("test.dsl", source), overrides);
    }

    /** The graph of a program that must compile. */
    static Graph lower(String source) {
        return lower(source, Map.of());
    }

    static Graph lower(String source, Map<String, Integer> overrides) {
        Compilation c = compile(source, overrides);
        assertTrue(c.ok(), () -> "expected no diagnostics, got:\n" + c.renderDiagnostics());
        return c.graph();
    }

    /** The messages of a program that must fail, as "line:col: message". */
    static List<String> errors(String source) {
        return errors(source, Map.of());
    }

    static List<String> errors(String source, Map<String, Integer> overrides) {
        Compilation c = compile(source, overrides);
        assertTrue(!c.ok(), "expected diagnostics");
        return c.diagnostics().stream().map(d -> d.line() + ":" + d.col() + ": " + d.message()).toList();
    }

    static List<String> ops(Graph g) {
        return g.nodes().stream().map(n -> n.op().name()).toList();
    }

    static List<Node> nodes(Graph g, String op) {
        return g.nodes().stream().filter(n -> n.op().name().equals(op)).toList();
    }
}
