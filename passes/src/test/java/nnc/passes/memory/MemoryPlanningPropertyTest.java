package nnc.passes.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import nnc.ir.Arg;
import nnc.ir.ArenaInterpreter;
import nnc.ir.Graph;
import nnc.ir.Initializers;
import nnc.ir.Interpreter;
import nnc.ir.IrParser;
import nnc.ir.IrPrinter;
import nnc.ir.MemoryPlan;
import nnc.ir.Node;
import nnc.ir.Tensor;
import nnc.ir.Value;
import nnc.ir.Verifier;
import nnc.passes.PassManager;
import nnc.passes.PassRegistry;
import nnc.passes.Pipeline;
import nnc.passes.report.MemoryFigures;
import nnc.passes.schedule.Scheduler;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * dne, schedule and plan-buffers on random graphs ({@link RandomGraphs}), checked against brute-force
 * definitions written out here rather than against the planner's own analyses: dne keeps exactly
 * what outputs and updates need, the schedule never raises the peak, no two values live at the same
 * step share a byte (unless one overwrites the other in place), updates written into their params
 * are safe there, the arena is at least the lower
 * bound, and the arena interpreter computes what the reference interpreter does.
 */
class MemoryPlanningPropertyTest {
    private static final int GRAPHS = 300;

    @TestFactory
    Stream<DynamicTest> randomGraphs() {
        return LongStream.range(0, GRAPHS).mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> check(seed)));
    }

    private static void check(long seed) {
        Graph g = RandomGraphs.make(seed);
        Map<String, Tensor> args = Initializers.forGraph(g, seed);
        Interpreter.Result expected = Interpreter.run(g, args);
        Set<Node> needed = reachableFromOutputsAndUpdates(g);

        run(g, "dne");
        assertEquals(needed, identitySet(g.nodes()), "dne must keep exactly what outputs and updates read");
        long before = Scheduler.peak(g, g.topoOrder());
        run(g, "schedule");
        assertTrue(Scheduler.peak(g, g.topoOrder()) <= before, "schedule must never raise the peak");
        run(g, "plan-buffers");
        assertEquals(List.of(), Verifier.verify(g));

        List<Node> schedule = g.plan().schedule();
        assertEquals(schedule, g.topoOrder(), "the schedule is the printed order");
        int[] lastUse = lastUses(g, schedule);
        assertUpdatesIntoTargetsAreSafe(g, schedule);
        assertNoLiveOverlap(g.plan(), schedule, lastUse);
        MemoryFigures figures = MemoryFigures.of(g);
        assertEquals(bruteForceLowerBound(g.plan(), schedule, lastUse), figures.lowerBoundBytes());
        assertTrue(figures.arenaBytes() >= figures.lowerBoundBytes(), "arena below the lower bound");

        ArenaInterpreter.Run run = ArenaInterpreter.run(g, args);
        assertEquals(figures.arenaBytes(), run.arenaBytes(), "the arena interpreter allocates the planned arena");
        assertSameResults(expected, run.result());

        String text = IrPrinter.print(g);
        assertEquals(text, IrPrinter.print(IrParser.parse(text)), "a planned graph reads back");
    }

    private static void run(Graph g, String pipeline) {
        new PassManager().verifyEach(true).run(Pipeline.parse(pipeline, PassRegistry.standard()), g);
    }

    private static Set<Node> reachableFromOutputsAndUpdates(Graph g) {
        Set<Node> seen = identitySet(List.of());
        List<Value> todo = new ArrayList<>(g.roots());
        while (!todo.isEmpty()) {
            if (todo.remove(todo.size() - 1) instanceof Node n && seen.add(n)) todo.addAll(n.operands());
        }
        return seen;
    }

    private static Set<Node> identitySet(List<Node> nodes) {
        Set<Node> s = Collections.newSetFromMap(new IdentityHashMap<>());
        s.addAll(nodes);
        return s;
    }

    /** The last step reading each step's result; the number of steps for outputs and update sources. */
    private static int[] lastUses(Graph g, List<Node> schedule) {
        int[] last = new int[schedule.size()];
        for (int i = 0; i < schedule.size(); i++) {
            last[i] = i;
            for (int j = i + 1; j < schedule.size(); j++) {
                if (schedule.get(j).operands().contains(schedule.get(i))) last[i] = j;
            }
            if (g.roots().contains(schedule.get(i))) last[i] = schedule.size();
        }
        return last;
    }

    /** Whether step j's result overwrites step i's in place: an operand its op allows, dying at j, of the same type. */
    private static boolean inPlace(List<Node> schedule, int[] lastUse, int i, int j) {
        Node result = schedule.get(j);
        int k = result.op().inPlaceOperand();
        return k >= 0 && result.operand(k) == schedule.get(i) && lastUse[i] == j && schedule.get(i).type().equals(result.type());
    }

    /**
     * An update written into its target is that target's update, of its type, the only root reading it; the
     * target is no root; every other reader of the target runs before it; and its op may overwrite each
     * slot reading the target.
     */
    private static void assertUpdatesIntoTargetsAreSafe(Graph g, List<Node> schedule) {
        for (int j = 0; j < schedule.size(); j++) {
            Node s = schedule.get(j);
            Arg target = g.plan().updateTarget(s);
            if (target == null) continue;
            assertSame(s, g.updates().get(target));
            assertEquals(target.type(), s.type());
            assertEquals(1, g.roots().stream().filter(r -> r == s).count());
            assertFalse(g.roots().contains(target));
            for (int k = 0; k < s.operands().size(); k++) {
                if (s.operand(k) == target) assertTrue(s.op().mayOverwrite(k), s + " may not overwrite operand " + k);
            }
            for (int i = j + 1; i < schedule.size(); i++) {
                assertFalse(schedule.get(i).operands().contains(target), schedule.get(i) + " reads " + target + " after it is overwritten");
            }
        }
    }

    private static void assertNoLiveOverlap(MemoryPlan plan, List<Node> schedule, int[] lastUse) {
        for (int i = 0; i < schedule.size(); i++) {
            if (plan.updateTarget(schedule.get(i)) != null) continue;
            for (int j = i + 1; j < schedule.size(); j++) {
                if (plan.updateTarget(schedule.get(j)) != null) continue;
                boolean liveTogether = lastUse[i] >= j;
                long ai = plan.offset(schedule.get(i));
                long aj = plan.offset(schedule.get(j));
                long bi = schedule.get(i).type().bytes();
                long bj = schedule.get(j).type().bytes();
                boolean overlap = ai < aj + bj && aj < ai + bi && bi > 0 && bj > 0;
                if (liveTogether && overlap && !(ai == aj && inPlace(schedule, lastUse, i, j))) {
                    fail("steps " + i + " and " + j + " are live together and overlap: " + ai + "+" + bi + " and " + aj + "+" + bj);
                }
                assertEquals(0, aj % MemoryPlan.ALIGNMENT);
            }
        }
    }

    /** The most bytes live at one step, an in-place result and the operand it overwrites counted once, an update written into its target not at all. */
    private static long bruteForceLowerBound(MemoryPlan plan, List<Node> schedule, int[] lastUse) {
        long max = 0;
        for (int t = 0; t < schedule.size(); t++) {
            long live = 0;
            for (int i = 0; i <= t; i++) {
                if (plan.updateTarget(schedule.get(i)) != null) continue;
                if (lastUse[i] >= t && !(lastUse[i] == t && inPlace(schedule, lastUse, i, t))) live += schedule.get(i).type().bytes();
            }
            max = Math.max(max, live);
        }
        return max;
    }

    private static void assertSameResults(Interpreter.Result expected, Interpreter.Result actual) {
        assertEquals(expected.outputs().keySet(), actual.outputs().keySet());
        expected.outputs().forEach((name, t) -> assertArrayEquals(t.toArray(), actual.outputs().get(name).toArray(), "output " + name));
        assertEquals(expected.updated().keySet(), actual.updated().keySet());
        expected.updated().forEach((name, t) -> assertArrayEquals(t.toArray(), actual.updated().get(name).toArray(), "update " + name));
        assertFalse(expected.outputs().isEmpty());
    }
}
