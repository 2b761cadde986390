package nnc.passes.recompute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import nnc.ir.ArenaInterpreter;
import nnc.ir.Graph;
import nnc.ir.Initializers;
import nnc.ir.Interpreter;
import nnc.ir.IrPrinter;
import nnc.ir.Phase;
import nnc.ir.Tensor;
import nnc.ir.ops.PoolOps;
import nnc.passes.PassFailedException;
import nnc.passes.PassManager;
import nnc.passes.PassRegistry;
import nnc.passes.Pipeline;
import nnc.passes.report.MemoryFigures;
import nnc.passes.report.MemoryReport;
import nnc.passes.schedule.Scheduler;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The recompute pass on random networks ({@link RandomNets}): results never change; the default mode
 * never raises the peak; a budget that is accepted is never exceeded by the planned peak, an
 * impossible one is refused naming a peak that is then accepted, and a budget swept downwards never
 * raises the peak; a cap on extra FLOPs is never exceeded, a larger one never raises the peak, and
 * one the default mode's FLOPs fit under never plans a higher peak than the default mode.
 */
class RecomputePassTest {
    private static final Pattern SMALLEST = Pattern.compile("smallest peak nnc can reach is .* \\(([\\d,]+) bytes\\)");

    @TestFactory
    Stream<DynamicTest> defaultMode() {
        return LongStream.range(0, 80).mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> {
            Graph plain = training(seed, "schedule");
            Graph g = training(seed, "recompute,schedule,plan-buffers");
            assertTrue(Scheduler.peak(g, g.topoOrder()) <= Scheduler.peak(plain, plain.topoOrder()), "the peak rose");
            assertFalse(g.nodes().stream().anyMatch(n -> n.phase() == Phase.RECOMPUTE && !n.op().cheapToRecompute()),
                    "the default mode recomputed a heavy op");
            assertSameResults(seed, g);
        }));
    }

    @TestFactory
    Stream<DynamicTest> budgetSweeps() {
        return LongStream.range(0, 40).mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> {
            for (String method : List.of("greedy", "chen")) sweep(seed, method);
        }));
    }

    private static void sweep(long seed, String method) {
        Graph plain = training(seed);
        run(plain, "schedule,plan-buffers");
        long start = MemoryFigures.of(plain).peakBytes();
        long previous = Long.MAX_VALUE;
        for (int step = 0; step <= 10; step++) {
            long budget = start - start * step / 16;
            Graph g = training(seed);
            try {
                run(g, "recompute{budget=" + budget + ",method=" + method + "},schedule,plan-buffers");
            } catch (PassFailedException e) {
                long smallest = smallestPeak(e);
                assertTrue(smallest > budget, "refused a budget above the smallest peak it names");
                Graph reachable = training(seed);
                run(reachable, "recompute{budget=" + smallest + ",method=" + method + "},schedule,plan-buffers");
                assertTrue(MemoryFigures.of(reachable).peakBytes() <= smallest, "the smallest peak named is not reached");
                return;
            }
            long peak = MemoryFigures.of(g).peakBytes();
            assertTrue(peak <= budget, () -> "peak " + peak + " over the budget " + budget);
            assertTrue(peak <= previous, "a smaller budget raised the peak");
            previous = peak;
            assertSameResults(seed, g);
        }
    }

    @TestFactory
    Stream<DynamicTest> flopsCaps() {
        return LongStream.range(0, 40).mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> {
            Graph echo = training(seed, "recompute,schedule,plan-buffers");
            double echoShare = extraShare(echo);
            long previous = Long.MAX_VALUE;
            for (String cap : List.of("0%", "0.5%", "2%", "5%", "20%", "100%")) {
                Graph g = training(seed, "recompute{extra-flops=" + cap + "},schedule,plan-buffers");
                double share = Double.parseDouble(cap.replace("%", "")) / 100;
                assertTrue(extraShare(g) <= share, () -> cap + ": " + extraShare(g) + " extra FLOPs");
                long peak = MemoryFigures.of(g).peakBytes();
                assertTrue(peak <= previous, cap + ": a larger cap raised the peak");
                previous = peak;
                if (echoShare <= share) {
                    assertTrue(peak <= MemoryFigures.of(echo).peakBytes(), cap + ": a higher peak than the default mode's");
                }
                assertSameResults(seed, g);
            }
        }));
    }

    @Test
    void aBudgetAndAFlopsCapAreNotGivenTogether() {
        PassFailedException e = assertThrows(PassFailedException.class,
                () -> run(training(1), "recompute{budget=1MiB,extra-flops=5%}"));
        assertTrue(e.getMessage().contains("give a memory budget or a cap on extra FLOPs, not both"), e.getMessage());
    }

    /** Recompute FLOPs as a share of the step's other FLOPs. */
    private static double extraShare(Graph planned) {
        long recompute = MemoryReport.recomputeFlops(planned);
        return (double) recompute / (MemoryFigures.of(planned).flops() - recompute);
    }

    /** The properties above cover stashed pooling indices: the default mode stashes them on some random nets. */
    @Test
    void someRandomNetsStashPoolingIndices() {
        long nets = LongStream.range(0, 80).filter(seed -> {
            Graph g = training(seed);
            run(g, "recompute");
            return g.nodes().stream().anyMatch(n -> n.op() == PoolOps.MAX_POOL2D_INDICES);
        }).count();
        assertTrue(nets >= 5, nets + " nets stash indices");
    }

    @Test
    void aGraphWithoutABackwardPassIsLeftAlone() {
        Graph g = RandomNets.make(3);
        run(g, "dne,fuse");
        String before = IrPrinter.print(g);
        run(g, "recompute");
        assertEquals(before, IrPrinter.print(g));
    }

    @Test
    void anUnknownMethodIsAUserError() {
        PassFailedException e = assertThrows(PassFailedException.class, () -> run(training(1), "recompute{method=magic}"));
        assertTrue(e.getMessage().contains("unknown method 'magic' (expected greedy or chen)"), e.getMessage());
    }

    private static long smallestPeak(PassFailedException e) {
        Matcher m = SMALLEST.matcher(e.getMessage());
        assertTrue(m.find(), e.getMessage());
        return Long.parseLong(m.group(1).replace(",", ""));
    }

    /** Random net {@code seed} as a fused training step. */
    private static Graph training(long seed) {
        Graph g = RandomNets.make(seed);
        run(g, "autodiff,dne,fuse");
        return g;
    }

    /** Random net {@code seed} as a fused training step, then through {@code pipeline}. */
    private static Graph training(long seed, String pipeline) {
        Graph g = training(seed);
        run(g, pipeline);
        return g;
    }

    /** {@code planned} computes, inside its arena, what the unoptimized training step does. */
    private static void assertSameResults(long seed, Graph planned) {
        Graph reference = RandomNets.make(seed);
        run(reference, "autodiff");
        Map<String, Tensor> args = Initializers.forGraph(reference, seed);
        Interpreter.Result expected = Interpreter.run(reference, args);
        Interpreter.Result got = ArenaInterpreter.run(planned, args).result();
        expected.outputs().forEach((k, v) -> assertArrayEquals(v.toArray(), got.outputs().get(k).toArray(), k));
        expected.updated().forEach((k, v) -> assertArrayEquals(v.toArray(), got.updated().get(k).toArray(), k));
    }

    private static void run(Graph g, String pipeline) {
        new PassManager().verifyEach(true).run(Pipeline.parse(pipeline, PassRegistry.standard()), g);
    }
}
