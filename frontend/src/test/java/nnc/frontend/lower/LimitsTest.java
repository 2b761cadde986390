package nnc.frontend.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import nnc.frontend.Diagnostic;
import nnc.frontend.Diagnostics;
import nnc.frontend.SourceFile;
import nnc.frontend.ast.Stmt;
import nnc.frontend.syntax.DslParser;
import org.junit.jupiter.api.Test;

/** Unrolling stops with a diagnostic; a small node limit stands in for the real one, which takes a while to reach. */
class LimitsTest {
    @Test
    void unrollingPastTheNodeLimitStopsAtTheNodeThatPassedIt() {
        SourceFile src = new SourceFile("big.dsl", """
                input x: f32[4]
                h = x
                for i in 0..600 { h = relu(h); h = tanh(h) }
                y = h + undefined_but_never_reached
                """);
        Diagnostics diagnostics = new Diagnostics(src);
        List<Stmt> program = DslParser.parse(src, diagnostics);
        assertNull(Lowerer.lower(program, "big", Map.of(), diagnostics, 1000));
        assertEquals(List.of("3:23: the program unrolls to more than 1000 nodes"),
                diagnostics.sorted().stream().map(d -> d.line() + ":" + d.col() + ": " + d.message()).toList());
    }

    @Test
    void loopIterationsAreCountedOverTheWholeProgram() {
        SourceFile src = new SourceFile("loops.dsl", """
                n = 0
                for i in 0..1000 {
                  for j in 0..999 { n = n + 1 }
                }
                for k in 0..1 { n = n + 1 }
                """);
        Diagnostics diagnostics = new Diagnostics(src);
        Lowerer.lower(DslParser.parse(src, diagnostics), "loops", Map.of(), diagnostics);
        List<Diagnostic> d = diagnostics.sorted();
        assertEquals(1, d.size());
        assertEquals("this loop would unroll the program past 1000000 loop iterations", d.get(0).message());
        assertEquals(5, d.get(0).line());
    }
}
