package nnc.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import nnc.ir.Graph;
import nnc.ir.IrPrinter;
import org.junit.jupiter.api.Test;

class PassManagerTest {
    private static final String TINY = """
            graph @tiny {
              input %x : f32[2,3]
              %0 = relu(%x) : f32[2,3]
              output %y = %0
            }
            """;
    private static final String NEGATED = """
            graph @tiny {
              input %x : f32[2,3]
              %0 = relu(%x) : f32[2,3]
              %1 = neg(%0) : f32[2,3]
              output %y = %1
            }
            """;

    private final StringWriter printed = new StringWriter();

    private PassManager manager() {
        return new PassManager().verifyEach(true).printIrTo(new PrintWriter(printed, true));
    }

    private static Pipeline pipeline(String text) {
        return Pipeline.parse(text, TestPasses.REGISTRY);
    }

    @Test
    void runsStepsInOrderAndReportsWhetherAnyChangedTheGraph() {
        Graph g = TestPasses.tiny();
        assertTrue(manager().run(pipeline("noop,negate-outputs,noop"), g));
        assertEquals(NEGATED, IrPrinter.print(g));
        assertFalse(manager().run(pipeline("noop,noop"), TestPasses.tiny()));
        assertFalse(manager().run(pipeline(""), TestPasses.tiny()));
    }

    @Test
    void aPassReportingAnErrorStopsThePipeline() {
        Graph g = TestPasses.tiny();
        PassFailedException e = assertThrows(PassFailedException.class,
                () -> manager().run(pipeline("budget-check{budget=16B},negate-outputs"), g));
        assertEquals(List.of("arguments take 24 bytes, over the budget of 16"), e.errors());
        assertEquals("error: budget-check{budget=16B}: arguments take 24 bytes, over the budget of 16\n", e.render());
        assertEquals(TINY, IrPrinter.print(g), "negate-outputs must not have run");
    }

    @Test
    void theVerifierNamesThePassThatBrokeTheIr() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> manager().run(pipeline("noop,break-types"), TestPasses.tiny()));
        assertTrue(e.getMessage().startsWith("invalid IR after pass 'break-types':"), e.getMessage());
    }

    @Test
    void withoutVerificationABrokenGraphPassesThrough() {
        assertTrue(new PassManager().run(pipeline("break-types"), TestPasses.tiny()));
    }

    @Test
    void printAfterAllPrintsEveryStepWithAHeader() {
        manager().printIrAfterAll(true).run(pipeline("noop,negate-outputs,budget-check{budget=1GiB}"), TestPasses.tiny());
        assertEquals("// ----- IR after noop -----\n" + TINY
                + "// ----- IR after negate-outputs -----\n" + NEGATED
                + "// ----- IR after budget-check{budget=1GiB} -----\n" + NEGATED, printed.toString());
    }

    @Test
    void printAfterNamePrintsOnlyThatPassEachTimeItRuns() {
        manager().printIrAfter("negate-outputs").run(pipeline("noop,negate-outputs,noop,negate-outputs"), TestPasses.tiny());
        String twice = """
                graph @tiny {
                  input %x : f32[2,3]
                  %0 = relu(%x) : f32[2,3]
                  %1 = neg(%0) : f32[2,3]
                  %2 = neg(%1) : f32[2,3]
                  output %y = %2
                }
                """;
        assertEquals("// ----- IR after negate-outputs -----\n" + NEGATED
                + "// ----- IR after negate-outputs -----\n" + twice, printed.toString());
    }

    @Test
    void nothingIsPrintedUnlessAsked() {
        manager().run(pipeline("negate-outputs"), TestPasses.tiny());
        assertEquals("", printed.toString());
    }

    @Test
    void afterEachSeesEveryStepWithTheGraphAsItLeftIt() {
        List<String> seen = new java.util.ArrayList<>();
        manager().afterEach((step, g) -> seen.add(step + " " + g.nodeCount()))
                .run(pipeline("noop,negate-outputs,budget-check{budget=1KiB}"), TestPasses.tiny());
        assertEquals(List.of("noop 1", "negate-outputs 2", "budget-check{budget=1KiB} 2"), seen);
    }
}
