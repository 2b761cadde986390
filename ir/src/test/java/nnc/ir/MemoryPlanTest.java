package nnc.ir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import nnc.ir.ops.Ops;
import org.junit.jupiter.api.Test;

/** Plans in the IR: printing and parsing them, liveness, the plan checks of the verifier, and running in the arena. */
class MemoryPlanTest {
    /** %2 overwrites %0 in place (add's operand 0, dying there) and %3 overwrites %2; %1 needs its own bytes. */
    static final String CHAIN = """
            graph @chain {
              input %x : f32[4,4]
              %0 = exp(%x) : f32[4,4] {bytes = 64, offset = 0}
              %1 = tanh(%0) : f32[4,4] {bytes = 64, offset = 64}
              %2 = add(%0, %1) : f32[4,4] {bytes = 64, offset = 0}
              %3 = relu(%2) : f32[4,4] {bytes = 64, offset = 0} loc(3:5)
              output %y = %3
            }
            """;

    private static Map<String, Tensor> args(Graph g) {
        Tensor x = Tensor.zeros(g.arg("x").type());
        for (int i = 0; i < x.size(); i++) x.set(i, (i % 7) * 0.25 - 0.5);
        return Map.of("x", x);
    }

    @Test
    void aPlanPrintsAsBuffersAfterTheTypesAndReadsBack() {
        Graph g = IrParser.parse(CHAIN);
        assertNotNull(g.plan());
        assertEquals(128, g.plan().arenaBytes());
        assertEquals(CHAIN, IrPrinter.print(g));
        assertEquals(List.of(), Verifier.verify(g));
    }

    @Test
    void largeOffsetsReadBack() {
        String text = CHAIN.replace("offset = 64}", "offset = 8589934592}");
        Graph g = IrParser.parse(text);
        assertEquals(8589934592L + 64, g.plan().arenaBytes());
        assertEquals(text, IrPrinter.print(g));
    }

    @Test
    void livenessFollowsTheScheduleAndFindsInPlaceReuse() {
        Graph g = IrParser.parse(CHAIN);
        Liveness live = Liveness.of(g);
        assertEquals(4, live.size());
        assertArrayEquals(new int[] {2, 2, 3, 4}, new int[] {live.lastUse(0), live.lastUse(1), live.lastUse(2), live.lastUse(3)});
        assertArrayEquals(new int[] {-1, -1, 0, 2},
                new int[] {live.inPlaceSource(0), live.inPlaceSource(1), live.inPlaceSource(2), live.inPlaceSource(3)});
        assertArrayEquals(new long[] {64, 128, 192, 128}, live.liveBytes());
        assertArrayEquals(new long[] {64, 128, 128, 64}, live.liveBufferBytes());
    }

    @Test
    void noInPlaceReuseOfAValueReadLaterOrOfAnotherType() {
        Graph g = IrParser.parse("""
                graph @g {
                  input %x : f32[4]
                  %0 = exp(%x) : f32[4]
                  %1 = relu(%0) : f32[4]
                  %2 = reduce_sum(%0) {axes = [0], keepdims = true} : f32[1]
                  %3 = add(%2, %1) : f32[4]
                  output %y = %3
                }
                """);
        Liveness live = Liveness.of(g);
        assertEquals(-1, live.inPlaceSource(1), "%0 is still read by %2");
        assertEquals(-1, live.inPlaceSource(3), "%2 is f32[1], the result f32[4]");
    }

    @Test
    void theArenaInterpreterAgreesWithTheOracleAndAllocatesTheArena() {
        Graph g = IrParser.parse(CHAIN);
        ArenaInterpreter.Run run = ArenaInterpreter.run(g, args(g));
        assertEquals(128, run.arenaBytes());
        Tensor expected = Interpreter.run(g, args(g)).outputs().get("y");
        assertArrayEquals(expected.toArray(), run.result().outputs().get("y").toArray());
    }

    @Test
    void overlappingLiveValuesAreReportedAndGiveWrongResults() {
        Graph g = IrParser.parse(CHAIN.replace("offset = 64}", "offset = 32}"));
        assertEquals(List.of("%1: offset 32 is not a multiple of 64",
                "%1 and %0 are live at the same time and overlap in the arena (bytes [32, 96) and [0, 64))"), Verifier.verify(g));
        Tensor expected = Interpreter.run(g, args(g)).outputs().get("y");
        double[] got = ArenaInterpreter.run(g, args(g)).result().outputs().get("y").toArray();
        assertTrue(!java.util.Arrays.equals(expected.toArray(), got), "a clobbered operand must show in the result");
    }

    @Test
    void sharingBytesIsOnlyAllowedInPlace() {
        // tanh does not overwrite in place here: %0 is still read by %2.
        Graph g = IrParser.parse(CHAIN.replace("offset = 64}", "offset = 0}"));
        assertEquals(List.of("%1 and %0 are live at the same time and overlap in the arena (bytes [0, 64) and [0, 64))"),
                Verifier.verify(g));
    }

    @Test
    void aPlanCoversEveryNodeOrNone() {
        String partial = CHAIN.replace(" {bytes = 64, offset = 64}", "");
        IrParseException e = assertThrows(IrParseException.class, () -> IrParser.parse(partial));
        assertTrue(e.getMessage().contains("%1 has none but earlier nodes have one"), e.getMessage());
        String late = CHAIN.replace("%0 = exp(%x) : f32[4,4] {bytes = 64, offset = 0}", "%0 = exp(%x) : f32[4,4]");
        e = assertThrows(IrParseException.class, () -> IrParser.parse(late));
        assertTrue(e.getMessage().contains("%1 has one but earlier nodes have none"), e.getMessage());
    }

    @Test
    void bytesMustBeWhatTheTypeTakes() {
        IrParseException e = assertThrows(IrParseException.class,
                () -> IrParser.parse(CHAIN.replace("{bytes = 64, offset = 64}", "{bytes = 60, offset = 64}")));
        assertTrue(e.getMessage().contains("bytes = 60, but f32[4,4] takes 64"), e.getMessage());
    }

    @Test
    void changingTheGraphDropsThePlan() {
        Graph g = IrParser.parse(CHAIN);
        g.setOutput("z", g.outputs().get("y"));
        assertNull(g.plan());
        Graph h = IrParser.parse(CHAIN);
        h.add(Ops.byName("exp"), List.of(h.arg("x")), Attrs.EMPTY);
        assertNull(h.plan());
    }

    @Test
    void reorderMakesAnOrderThePrintedOne() {
        Graph g = new Graph("g");
        Arg x = g.addArg("x", Arg.Role.INPUT, TensorType.f32(2), Attrs.EMPTY, SourceLoc.NONE);
        Node a = g.add(Ops.byName("exp"), List.of(x), Attrs.EMPTY);
        Node b = g.add(Ops.byName("neg"), List.of(x), Attrs.EMPTY);
        Node c = g.add(Ops.byName("add"), List.of(a, b), Attrs.EMPTY);
        g.setOutput("y", c);
        g.reorder(List.of(b, a, c));
        assertEquals(List.of(b, a, c), g.topoOrder());
        assertEquals(List.of(b, a, c), IrParser.parse(IrPrinter.print(g)).topoOrder().stream()
                .map(n -> n.op() == a.op() ? a : n.op() == b.op() ? b : c).toList());
        assertThrows(IllegalArgumentException.class, () -> g.reorder(List.of(c, a, b)), "an operand after its reader");
        assertThrows(IllegalArgumentException.class, () -> g.reorder(List.of(a, a, c)), "a node twice");
    }

    @Test
    void topoOrderNearKeepsAWantedOrderWhereOperandsAllow() {
        Graph g = new Graph("g");
        Arg x = g.addArg("x", Arg.Role.INPUT, TensorType.f32(2), Attrs.EMPTY, SourceLoc.NONE);
        Node a = g.add(Ops.byName("exp"), List.of(x), Attrs.EMPTY);
        Node b = g.add(Ops.byName("neg"), List.of(a), Attrs.EMPTY);
        Node c = g.add(Ops.byName("abs"), List.of(x), Attrs.EMPTY);
        Node d = g.add(Ops.byName("add"), List.of(b, c), Attrs.EMPTY);
        g.setOutput("y", d);
        // b wants to run before its operand a: it waits for a, and c, which wants to run later, does not.
        assertEquals(List.of(a, b, c, d), g.topoOrderNear(List.of(b, a, c, d)));
        assertEquals(List.of(c, a, b, d), g.topoOrderNear(List.of(c, b, d, a)));
        assertThrows(IllegalArgumentException.class, () -> g.topoOrderNear(List.of(a, b, c)), "a node missing");
    }

    /** SGD with momentum: both updates written into their targets once the old values' other readers ran. */
    static final String SGD = """
            graph @sgd {
              input %x : f32[4]
              param %w : f32[4]
              state %m : f32[4]
              %0 = mul(%x, %w) : f32[4] {bytes = 16, offset = 0}
              %1 = mul(%m, %0) : f32[4] {bytes = 16, offset = 64}
              %2 = add(%1, %x) : f32[4] {bytes = 16, into = %m}
              %3 = sub(%w, %2) : f32[4] {bytes = 16, into = %w}
              output %y = %0
              update %m = %2
              update %w = %3
            }
            """;

    @Test
    void updatesWrittenIntoTheirTargetsTakeNoArenaBytesAndReadBack() {
        Graph g = IrParser.parse(SGD);
        assertEquals(SGD, IrPrinter.print(g));
        assertEquals(List.of(), Verifier.verify(g));
        assertEquals(128, g.plan().arenaBytes());
        Liveness live = Liveness.of(g);
        assertEquals(g.arg("m"), live.updateTarget(2));
        assertEquals(g.arg("w"), live.updateTarget(3));
        assertArrayEquals(new long[] {16, 32, 32, 16}, live.liveBufferBytes());
        assertEquals(Interpreter.run(g, sgdArgs(g)).updated().toString(), ArenaInterpreter.run(g, sgdArgs(g)).result().updated().toString());
    }

    @Test
    void anUpdateIsNotWrittenInPlaceWhileTheOldValueIsStillRead() {
        // %w's other reader %1 runs after %0 would have overwritten it.
        Graph g = IrParser.parse("""
                graph @g {
                  input %x : f32[4]
                  param %w : f32[4]
                  %0 = sub(%w, %x) : f32[4]
                  %1 = mul(%x, %w) : f32[4]
                  output %y = %1
                  update %w = %0
                }
                """);
        assertNull(Liveness.of(g).updateTarget(0));
        Graph planned = IrParser.parse(IrPrinter.print(g).replace(" : f32[4]\n  %1", " : f32[4] {bytes = 16, into = %w}\n  %1")
                .replace("mul(%x, %w) : f32[4]", "mul(%x, %w) : f32[4] {bytes = 16, offset = 0}"));
        assertTrue(Verifier.verify(planned).toString().contains("which it does not update in place in this schedule"),
                Verifier.verify(planned).toString());
    }

    @Test
    void onlyUpdatesThatCanSafelyOverwriteTheirTargetAreCandidates() {
        Graph g = IrParser.parse("""
                graph @g {
                  input %x : f32[4,4]
                  param %a : f32[4,4]
                  param %b : f32[4,4]
                  param %c : f32[4,4]
                  param %d : f32[4,4]
                  %0 = matmul(%a, %x) : f32[4,4]
                  %1 = add(%b, %x) : f32[4,4]
                  %2 = add(%c, %x) : f32[4,4]
                  %3 = mul(%2, %d) : f32[4,4]
                  %4 = add(%d, %x) : f32[4,4]
                  output %y = %1
                  update %a = %0
                  update %b = %1
                  update %c = %2
                  update %d = %4
                }
                """);
        // %a's source is a matmul, which may not overwrite an operand; %b's is an output; %c's feeds
        // %3, which is fine; %d's other reader %3 does not depend on %4, so %4 can wait for it.
        var candidates = UpdatesInPlace.of(g);
        assertFalse(candidates.containsKey(g.updates().get(g.arg("a"))), "matmul may not overwrite its operand");
        assertFalse(candidates.containsKey(g.updates().get(g.arg("b"))), "an output is read after the step");
        assertTrue(candidates.containsKey(g.updates().get(g.arg("c"))));
        assertEquals(List.of(g.nodes().get(3)), candidates.get(g.updates().get(g.arg("d"))).readers());
    }

    @Test
    void anUpdateWhoseTargetIsReadDownstreamOfItIsNoCandidate() {
        Graph g = IrParser.parse("""
                graph @g {
                  input %x : f32[4]
                  param %w : f32[4]
                  %0 = add(%w, %x) : f32[4]
                  %1 = mul(%0, %w) : f32[4]
                  output %y = %1
                  update %w = %0
                }
                """);
        assertTrue(UpdatesInPlace.of(g).isEmpty(), "%1 reads the old %w and the new one");
    }

    private static Map<String, Tensor> sgdArgs(Graph g) {
        Map<String, Tensor> args = new java.util.HashMap<>();
        for (Arg a : g.args()) {
            Tensor t = Tensor.zeros(a.type());
            for (int i = 0; i < t.size(); i++) t.set(i, a.name().length() + i * 0.5);
            args.put(a.name(), t);
        }
        return args;
    }

    @Test
    void onlyAParamOrStateTakesAnUpdate() {
        IrParseException e = assertThrows(IrParseException.class, () -> IrParser.parse(SGD.replace("into = %m}", "into = %x}")));
        assertTrue(e.getMessage().contains("'into' names the param or state an update is written into"), e.getMessage());
    }
}
