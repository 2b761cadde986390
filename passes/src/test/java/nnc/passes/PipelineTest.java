package nnc.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PipelineTest {
    private static Pipeline parse(String text) {
        return Pipeline.parse(text, TestPasses.REGISTRY);
    }

    @Test
    void emptyStringIsTheEmptyPipeline() {
        assertTrue(parse("").steps().isEmpty());
        assertTrue(parse("   ").steps().isEmpty());
    }

    @Test
    void stepsKeepOrderOptionsAndColumns() {
        Pipeline p = parse("noop,budget-check{budget=2GiB},negate-outputs,noop");
        assertEquals(List.of("noop", "budget-check", "negate-outputs", "noop"),
                p.steps().stream().map(Pipeline.Step::name).toList());
        Pipeline.Step budget = p.steps().get(1);
        assertEquals(Map.of("budget", 2L << 30), budget.options());
        assertEquals(6, budget.column());
        assertEquals("budget-check{budget=2GiB}", budget.toString());
        assertEquals("noop,budget-check{budget=2GiB},negate-outputs,noop", p.toString());
    }

    @Test
    void spacesAroundPunctuationAreAllowed() {
        Pipeline p = parse(" noop , all-kinds{ size = 1KiB , on=true } ");
        assertEquals("noop,all-kinds{size=1KiB,on=true}", p.toString());
        assertEquals(9, p.steps().get(1).column());
    }

    @Test
    void optionsOfEveryKindParse() {
        Pipeline.Step s = parse("all-kinds{size=4GB,count=-3,ratio=0.25,on=false,mode=fast}").steps().get(0);
        assertEquals(Map.of("size", 4_000_000_000L, "count", -3L, "ratio", 0.25, "on", false, "mode", "fast"), s.options());
    }

    @Test
    void containsLooksAtPassNames() {
        Pipeline p = parse("noop,budget-check{budget=1}");
        assertTrue(p.contains("budget-check"));
        assertFalse(p.contains("negate-outputs"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            noop,fusee,noop                 | 6  | unknown pass 'fusee' (known passes: negate-outputs, noop, budget-check, break-types, all-kinds)
            noop,                           | 6  | expected a pass name at the end
            noop,,noop                      | 6  | expected a pass name, found ','
            {budget=1}                      | 1  | expected a pass name, found '{'
            noop noop                       | 6  | expected ',' between passes, found 'n'
            noop}                           | 5  | expected ',' between passes, found '}'
            noop{x=1}                       | 6  | pass 'noop' has no option 'x' (it takes none)
            budget-check{budgt=1}           | 14 | pass 'budget-check' has no option 'budgt' (options: budget)
            budget-check{budget=1,budget=2} | 23 | option 'budget' is given twice
            budget-check{budget}            | 20 | expected '=' after option 'budget'
            budget-check{budget=}           | 21 | expected a value for option 'budget', found '}'
            budget-check{budget=2XB}        | 21 | option 'budget' of pass 'budget-check' must be a byte size such as 512MiB, 2GiB or 4GB, not '2XB'
            budget-check{budget=1           | 22 | expected ',' or '}' after option 'budget'
            budget-check{}                  | 14 | expected an option name, found '}'
            all-kinds{count=1.5}            | 17 | option 'count' of pass 'all-kinds' must be an integer, not '1.5'
            all-kinds{on=yes}               | 14 | option 'on' of pass 'all-kinds' must be true or false, not 'yes'
            all-kinds{ratio=nan}            | 17 | option 'ratio' of pass 'all-kinds' must be a number, not 'nan'
            """)
    void mistakesPointAtTheOffendingColumn(String text, int column, String message) {
        PipelineException e = assertThrows(PipelineException.class, () -> parse(text));
        assertEquals(message, e.getMessage());
        assertEquals(column, e.column());
    }

    @Test
    void renderShowsTheStringWithACaret() {
        PipelineException e = assertThrows(PipelineException.class,
                () -> Pipeline.parse("noop,fusee", new PassRegistry(List.of(TestPasses.NOOP))));
        assertEquals("""
                pipeline, column 6: error: unknown pass 'fusee' (known passes: noop)
                  noop,fusee
                       ^
                """, e.render());
    }

    @Test
    void anEmptyRegistrySaysSo() {
        PipelineException e = assertThrows(PipelineException.class, () -> Pipeline.parse("dne", new PassRegistry(List.of())));
        assertEquals("unknown pass 'dne' (no passes are registered)", e.getMessage());
    }
}
