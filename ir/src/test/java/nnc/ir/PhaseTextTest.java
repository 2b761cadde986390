package nnc.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Phases and stashed values in the IR text: labels start runs of nodes of one phase; stash marks are derived. */
class PhaseTextTest {
    /** A hand-written training step: y = relu(x * w), loss = sum(y), plain sgd. */
    private static final String STEP = """
            graph @step {loss = "loss", lr = 0.5, optimizer = "sgd"} {
              input %x : f32[3]
              param %w : f32[3]
              %0 = mul(%x, %w) : f32[3] loc(2:5)
              %1 = relu(%0) : f32[3] loc(2:5) stashed
              %2 = reduce_sum(%1) {axes = [0], keepdims = false} : f32[] loc(3:8)
            backward:
              %3 = fill() {dtype = "f32", shape = [], value = 1.0} : f32[] loc(3:8)
              %4 = broadcast_to(%3) {shape = [3]} : f32[3] loc(3:8)
              %5 = relu_grad(%4, %1) : f32[3] loc(2:5)
              %6 = mul(%5, %x) : f32[3] loc(2:5)
            optimizer:
              %7 = fill() {dtype = "f32", shape = [], value = 0.5} : f32[]
              %8 = mul(%7, %6) : f32[3]
              %9 = sub(%w, %8) : f32[3]
              output %loss = %2
              update %w = %9
            }
            """;

    @Test
    void phasesAndStashMarksReadBackAndPrintTheSame() {
        Graph g = IrParser.parse(STEP);
        assertEquals(STEP, IrPrinter.print(g));
        assertEquals(List.of(Phase.FORWARD, Phase.FORWARD, Phase.FORWARD, Phase.BACKWARD, Phase.BACKWARD, Phase.BACKWARD,
                Phase.BACKWARD, Phase.OPTIMIZER, Phase.OPTIMIZER, Phase.OPTIMIZER), g.nodes().stream().map(Node::phase).toList());
        assertEquals(List.of("relu"), Stash.of(g).stream().map(n -> n.op().name()).toList());
        assertEquals(List.of(), Verifier.verify(g));
    }

    /** The printer derives the marks, so text without them reads fine and prints with them. */
    @Test
    void missingStashMarksAreDerived() {
        assertEquals(STEP, IrPrinter.print(IrParser.parse(STEP.replace(" stashed", ""))));
    }

    @Test
    void aStashMarkOnAValueNoLaterPhaseReadsIsAnError() {
        String wrong = STEP.replace("%0 = mul(%x, %w) : f32[3] loc(2:5)", "%0 = mul(%x, %w) : f32[3] loc(2:5) stashed");
        IrParseException e = assertThrows(IrParseException.class, () -> IrParser.parse(wrong));
        assertEquals("4:38: only a forward value that a later phase reads is stashed", e.getMessage());
    }

    /** A label repeats when nodes of an earlier phase follow, e.g. forward nodes recomputed later. */
    @Test
    void aLabelStartsEveryRunOfOnePhase() {
        Graph g = IrParser.parse(STEP);
        Node recomputed = g.add(nnc.ir.ops.UnaryOps.RELU, List.of(g.nodes().get(0)), Attrs.EMPTY);
        String text = IrPrinter.print(g);
        assertEquals(2, text.lines().filter(l -> l.equals("forward:") || l.equals("optimizer:")).count(), text);
        assertEquals(text, IrPrinter.print(IrParser.parse(text)));
        assertEquals(Phase.FORWARD, recomputed.phase());
    }
}
