package nnc.frontend;

import static nnc.frontend.Programs.compile;
import static nnc.frontend.Programs.errors;
import static nnc.frontend.Programs.lower;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DiagnosticsTest {
    @Test
    void rendersPositionSourceLineAndCaret() {
        Compilation c = compile("input x: f32[4]\ny = relu(x) + hiden\n");
        assertNull(c.graph());
        assertEquals("""
                test.dsl:2:15: error: unknown name 'hiden'
                  y = relu(x) + hiden
                                ^
                """, c.renderDiagnostics());
    }

    @Test
    void tabsKeepTheCaretAligned() {
        String rendered = compile("input x: f32[4]\n\ty = x + q\n").renderDiagnostics();
        assertEquals("test.dsl:2:10: error: unknown name 'q'\n   y = x + q\n           ^\n", rendered);
    }

    @Test
    void unknownDimOverrideHasNoPosition() {
        Compilation c = compile("dim batch = 4\ninput x: f32[batch]\noutput x\n", Map.of("bach", 2));
        assertEquals("test.dsl: error: --set bach: the program declares no dim 'bach'; did you mean 'batch'?\n", c.renderDiagnostics());
    }

    @Test
    void independentErrorsAreAllReportedInSourceOrder() {
        assertEquals(List.of(
                "2:9: unknown name 'nope'",
                "3:5: unknown function 'frob'",
                "4:7: add: shapes [4] and [3] do not broadcast (dimension 4 vs 3)"),
                errors("""
                        input x: f32[4]
                        a = x + nope
                        b = frob(x)
                        c = x + zeros(3)
                        """));
    }

    @Test
    void anErrorValueSilencesEverythingBuiltOnIt() {
        assertEquals(List.of("2:5: unknown name 'w'"), errors("""
                input x: f32[4, 3]
                h = w @ x
                y = relu(h) + h[0] @ x
                a, b = h
                for i in 0..h { z = 1 }
                if h { q = 2 }
                output y, z, q, a
                """));
    }

    @Test
    void theSameMistakeInEveryCopyOfALoopIsReportedOnce() {
        assertEquals(List.of("3:12: unknown name 'oops'"), errors("""
                input x: f32[4]
                for i in 0..100 {
                  x2 = x + oops
                }
                """));
    }

    @Test
    void recursionNamesTheCycle() {
        assertEquals(List.of("2:10: recursive call of 'f' (f -> f); functions are inlined, so they cannot recurse"), errors("""
                fn f(v) {
                  return f(v)
                }
                """));
    }

    @Test
    void syntaxErrorsStopBeforeChecking() {
        assertEquals(List.of("2:8: expected an expression but found end of line"), errors("""
                y = undefined_name
                z = 1 +
                """));
    }

    @Test
    void syntaxErrorsSkipTheBlockOfABrokenHeader() {
        assertEquals(List.of("1:8: expected ',' or ')' but found '{'", "5:4: expected an expression but found end of line"), errors("""
                fn f(x {
                  return x
                }
                y = 1
                z =
                """));
    }

    @Test
    void absurdNestingIsADiagnostic() {
        String source = "x = " + "(".repeat(500_000) + "1" + ")".repeat(500_000) + "\n";
        assertEquals(List.of("1:1: the program is nested too deeply to compile"), errors(source));
    }

    @Test
    void trainAfterOutputOrBefore() {
        String program = """
                input x: f32[2]
                param w: f32[2] = zeros
                loss = sum(x * w)
                %s
                """;
        lower(program.formatted("output loss\ntrain loss with sgd(lr=0.1)"));
        lower(program.formatted("train loss with sgd(lr=0.1)\noutput loss"));
        assertEquals(List.of("6:7: output 'loss' holds an earlier value of 'loss'; write 'output loss' after its last assignment"),
                errors(program.formatted("output loss\nloss = loss * 2\ntrain loss with sgd(lr=0.1)")));
    }

    @Test
    void functionsMayShadowDeclarationsButTopLevelCodeMayNotAssignThem() {
        lower("""
                dim n = 3
                input x: f32[n]
                fn f(x) {
                  n = 2
                  return x * n
                }
                y = f(x)
                output y
                """);
        assertEquals(List.of("3:1: cannot assign to dim 'n'"), errors("dim n = 3\ninput x: f32[n]\nn = 2\n"));
    }
}
