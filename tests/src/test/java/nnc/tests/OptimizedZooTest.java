package nnc.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import nnc.ir.ArenaInterpreter;
import nnc.ir.Graph;
import nnc.ir.Initializers;
import nnc.ir.Interpreter;
import nnc.ir.Phase;
import nnc.ir.Tensor;
import nnc.ir.ops.FusedOp;
import nnc.passes.PassFailedException;
import nnc.passes.PassManager;
import nnc.passes.PassRegistry;
import nnc.passes.Pipeline;
import nnc.passes.recompute.StashFloor;
import nnc.passes.report.MemoryFigures;
import nnc.passes.report.MemoryReport;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every zoo network at its small sizes ({@link ZooTest#ZOO}), through the full pipeline with fusion
 * and recomputation, run inside one arena at the planned offsets ({@link ArenaInterpreter}), gives
 * exactly the outputs and updates of the unoptimized graph in the reference interpreter: for
 * inference; for training in the default mode, which rebuilds no matmul or conv and plans no arena under
 * {@link StashFloor}; and for training, at a larger batch, under the
 * smallest budget nnc can reach (found by asking for an impossible one), which must fit and, where
 * activations outweigh params, rebuilds heavy ops too; and for training, at that batch, with at most
 * 10% extra FLOPs, which it keeps to, planning no higher a peak than the default mode where that
 * one's FLOPs fit under the cap.
 */
class OptimizedZooTest {
    private static final Pattern SMALLEST = Pattern.compile("smallest peak nnc can reach is .* \\(([\\d,]+) bytes\\)");
    private static final long SEED = 11;

    @TestFactory
    Stream<DynamicTest> inference() {
        return ZooTest.ZOO.keySet().stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            Graph g = ZooTest.compile(name, ZooTest.ZOO.get(name).small());
            Map<String, Tensor> args = Initializers.forGraph(g, SEED);
            Interpreter.Result expected = Interpreter.run(g, args);
            run(g, "dne,fuse,recompute,schedule,plan-buffers");
            assertTrue(g.nodes().stream().anyMatch(n -> n.op() instanceof FusedOp), name + ": nothing fused");
            assertSame(name, expected, g, args);
        }));
    }

    @TestFactory
    Stream<DynamicTest> trainingDefaultMode() {
        return ZooTest.ZOO.keySet().stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            Graph g = training(name);
            Map<String, Tensor> args = Initializers.forGraph(g, SEED);
            Interpreter.Result expected = Interpreter.run(g, args);
            run(g, "dne,fuse");
            long floor = StashFloor.arenaBytes(g);
            run(g, "recompute,schedule,plan-buffers");
            assertFalse(g.nodes().stream().anyMatch(n -> n.phase() == Phase.RECOMPUTE && !n.op().cheapToRecompute()),
                    name + ": the default mode rebuilt a matmul or conv");
            assertTrue(floor > 0 && floor <= MemoryFigures.of(g).arenaBytes(), name + ": the arena is under the floor of " + floor);
            assertSame(name, expected, g, args);
        }));
    }

    @TestFactory
    Stream<DynamicTest> trainingUnderTheSmallestBudget() {
        return ZooTest.ZOO.keySet().stream().map(name -> DynamicTest.dynamicTest(name, () -> underSmallestBudget(name, larger(name))));
    }

    @TestFactory
    Stream<DynamicTest> trainingUnderAFlopsCap() {
        return ZooTest.ZOO.keySet().stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            Graph echo = training(name, larger(name));
            run(echo, "dne,fuse,recompute,schedule,plan-buffers");
            Graph g = training(name, larger(name));
            Map<String, Tensor> args = Initializers.forGraph(g, SEED);
            Interpreter.Result expected = Interpreter.run(g, args);
            run(g, "dne,fuse,recompute{extra-flops=10%},schedule,plan-buffers");
            assertTrue(extraShare(g) <= 0.1, name + ": over the cap");
            if (extraShare(echo) <= 0.1) {
                assertTrue(MemoryFigures.of(g).peakBytes() <= MemoryFigures.of(echo).peakBytes(), name + ": above the default mode's peak");
            }
            assertSame(name, expected, g, args);
        }));
    }

    /** At these sizes activations outweigh params, and the smallest peak needs heavy ops rebuilt. */
    @TestFactory
    Stream<DynamicTest> theSmallestBudgetRebuildsHeavyOps() {
        return Stream.of("vgg16", "lstm_lm", "transformer").map(name -> DynamicTest.dynamicTest(name, () -> {
            Graph g = underSmallestBudget(name, larger(name));
            assertTrue(g.nodes().stream().anyMatch(n -> n.phase() == Phase.RECOMPUTE && !n.op().cheapToRecompute()),
                    name + ": no heavy op rebuilt");
        }));
    }

    /** Recompute FLOPs as a share of the step's other FLOPs. */
    private static double extraShare(Graph planned) {
        long recompute = MemoryReport.recomputeFlops(planned);
        return (double) recompute / (MemoryFigures.of(planned).flops() - recompute);
    }

    /** The net's small sizes with a batch four times as large, so that activations weigh more. */
    private static Map<String, Integer> larger(String name) {
        Map<String, Integer> sizes = new LinkedHashMap<>(ZooTest.ZOO.get(name).small());
        sizes.merge("batch", 4, (a, b) -> a * b);
        return sizes;
    }

    /** Runs {@code name}'s training step under the smallest budget nnc names, checks it, and returns it. */
    private static Graph underSmallestBudget(String name, Map<String, Integer> sizes) {
        long smallest = smallestPeak(name, sizes);
        Graph g = training(name, sizes);
        Map<String, Tensor> args = Initializers.forGraph(g, SEED);
        Interpreter.Result expected = Interpreter.run(g, args);
        run(g, "dne,fuse,recompute{budget=" + smallest + "},schedule,plan-buffers");
        assertTrue(MemoryFigures.of(g).peakBytes() <= smallest, name + ": over the budget");
        assertSame(name, expected, g, args);
        return g;
    }

    /** The smallest peak the recompute pass names when asked for one byte. */
    private static long smallestPeak(String name, Map<String, Integer> sizes) {
        try {
            run(training(name, sizes), "dne,fuse,recompute{budget=1}");
        } catch (PassFailedException e) {
            Matcher m = SMALLEST.matcher(e.getMessage());
            assertTrue(m.find(), e.getMessage());
            return Long.parseLong(m.group(1).replace(",", ""));
        }
        throw new AssertionError(name + " fits in one byte");
    }

    private static Graph training(String name) {
        return training(name, ZooTest.ZOO.get(name).small());
    }

    private static Graph training(String name, Map<String, Integer> sizes) {
        Graph g = ZooTest.compile(name, sizes);
        run(g, "autodiff");
        return g;
    }

    private static void assertSame(String name, Interpreter.Result expected, Graph planned, Map<String, Tensor> args) {
        ArenaInterpreter.Run run = ArenaInterpreter.run(planned, args);
        assertEquals(MemoryFigures.of(planned).arenaBytes(), run.arenaBytes(), name + ": the arena allocated is the arena reported");
        Interpreter.Result got = run.result();
        assertEquals(expected.outputs().keySet(), got.outputs().keySet());
        expected.outputs().forEach((k, t) -> assertArrayEquals(t.toArray(), got.outputs().get(k).toArray(), name + ": output " + k));
        assertEquals(expected.updated().keySet(), got.updated().keySet());
        expected.updated().forEach((k, t) -> assertArrayEquals(t.toArray(), got.updated().get(k).toArray(), name + ": update of " + k));
    }

    private static void run(Graph g, String pipeline) {
        new PassManager().verifyEach(true).run(Pipeline.parse(pipeline, PassRegistry.standard()), g);
    }
}
