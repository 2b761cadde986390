package nnc.ir.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import nnc.ir.Arg;
import nnc.ir.Attrs;
import nnc.ir.FusionPattern;
import nnc.ir.Graph;
import nnc.ir.Interpreter;
import nnc.ir.IrParseException;
import nnc.ir.IrParser;
import nnc.ir.IrPrinter;
import nnc.ir.Node;
import nnc.ir.SourceLoc;
import nnc.ir.Tensor;
import nnc.ir.TensorType;
import nnc.ir.Verifier;
import org.junit.jupiter.api.Test;

class FusedOpTest {
    private static final String FUSED_TEXT = """
            graph @g {
              input %x : f32[2,3]
              input %b : f32[3]
              param %w : f32[3,3] {init = "he"}
              %0 = fused(%x, %w, %b) : f32[2,3] loc(4:1) {
                %0 = matmul(%arg0, %arg1) : f32[2,3] loc(3:1)
                %1 = add(%0, %arg2) : f32[2,3]
                %2 = tanh(%1) : f32[2,3] loc(4:1)
                yield %2
              }
              %1 = neg(%0) : f32[2,3]
              output %y = %1
            }
            """;

    /** {@code mul(tanh(add(x, b)), x)} built in {@code g}; returns the nodes in order. */
    private static List<Node> chain(Graph g) {
        Arg x = g.addArg("x", Arg.Role.INPUT, TensorType.f32(2, 3), Attrs.EMPTY, SourceLoc.NONE);
        Arg b = g.addArg("b", Arg.Role.INPUT, TensorType.f32(3), Attrs.EMPTY, SourceLoc.NONE);
        Node add = g.add(BinaryOps.ADD, List.of(x, b), Attrs.EMPTY);
        Node tanh = g.add(UnaryOps.TANH, List.of(add), Attrs.EMPTY);
        Node mul = g.add(BinaryOps.MUL, List.of(tanh, x), Attrs.EMPTY);
        return List.of(add, tanh, mul);
    }

    @Test
    void aRegionComputesWhatItsMembersDo() {
        Graph g = new Graph("g");
        List<Node> members = chain(g);
        g.setOutput("y", members.get(2));
        FusedOp.Fusion f = FusedOp.of(members);
        assertEquals(List.of(g.arg("x"), g.arg("b")), f.operands());
        Tensor x = OpTesting.random(TensorType.f32(2, 3), 1);
        Tensor b = OpTesting.random(TensorType.f32(3), 2);
        Tensor expected = Interpreter.run(g, Map.of("x", x, "b", b)).outputs().get("y");
        assertArrayEquals(expected.toArray(), Interpreter.eval(f.op(), List.of(x, b), Attrs.EMPTY).toArray());
        assertEquals(FusionPattern.BROADCAST, f.op().pattern());
        assertEquals(6 + 6 + 6, f.op().flops(List.of(x.type(), b.type()), Attrs.EMPTY, expected.type()));
        assertTrue(f.op().cheapToRecompute());
        assertEquals(0, f.op().inPlaceOperand(), "x is read elementwise at the result's shape");
    }

    @Test
    void aHeavyMemberMakesTheGroupExpensiveAndItsOperandsUnsafeToOverwrite() {
        Graph g = IrParser.parse(FUSED_TEXT);
        FusedOp f = (FusedOp) g.topoOrder().get(0).op();
        assertEquals(FusionPattern.OUT_ELEMWISE_FUSABLE, f.pattern());
        assertFalse(f.cheapToRecompute());
        assertEquals(-1, f.inPlaceOperand(), "the matmul reads x across rows; b is broadcast");
        assertEquals(2 * 2 * 3 * 3 + 6 + 6, f.flops(List.of(), Attrs.EMPTY, TensorType.f32(2, 3)));
    }

    @Test
    void aRegionPrintsNestedAndReadsBack() {
        Graph g = IrParser.parse(FUSED_TEXT);
        assertEquals(List.of(), Verifier.verify(g));
        assertEquals(FUSED_TEXT, IrPrinter.print(g));
    }

    @Test
    void theVerifierLooksInsideRegions() {
        Graph g = IrParser.parse(FUSED_TEXT.replace("%2 = tanh(%1) : f32[2,3]", "%2 = tanh(%1) : f32[2,4]")
                .replace("fused(%x, %w, %b) : f32[2,3]", "fused(%x, %w, %b) : f32[2,4]")
                .replace("%1 = neg(%0) : f32[2,3]", "%1 = neg(%0) : f32[2,4]"));
        List<String> problems = Verifier.verify(g);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("in its region: %2 = tanh(%1) : f32[2,4]"), problems.get(0));
        Graph swapped = IrParser.parse(FUSED_TEXT.replace("fused(%x, %w, %b)", "fused(%w, %x, %b)")
                .replace("matmul(%arg0, %arg1)", "matmul(%arg1, %arg0)"));
        assertEquals(List.of(), Verifier.verify(swapped));
    }

    @Test
    void regionsHaveNoBuffersNoStashMarksAndYieldTheirOwnValue() {
        String buffered = FUSED_TEXT.replace("%2 = tanh(%1) : f32[2,3] loc(4:1)", "%2 = tanh(%1) : f32[2,3] {bytes = 24, offset = 0}");
        assertTrue(assertThrows(IrParseException.class, () -> IrParser.parse(buffered)).getMessage().contains("no buffer"));
        String yieldsArg = FUSED_TEXT.replace("yield %2", "yield %arg0");
        assertTrue(assertThrows(IrParseException.class, () -> IrParser.parse(yieldsArg)).getMessage().contains("own values"));
        String outer = FUSED_TEXT.replace("add(%0, %arg2)", "add(%0, %b)");
        assertTrue(assertThrows(IrParseException.class, () -> IrParser.parse(outer)).getMessage().contains("undefined value %b"));
    }
}
