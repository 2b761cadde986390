package nnc.passes.fuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import nnc.ir.FusionPattern;
import nnc.ir.Graph;
import nnc.ir.Initializers;
import nnc.ir.Interpreter;
import nnc.ir.IrParser;
import nnc.ir.IrPrinter;
import nnc.ir.Node;
import nnc.ir.Shape;
import nnc.ir.Tensor;
import nnc.ir.Verifier;
import nnc.ir.ops.FusedOp;
import nnc.passes.PassManager;
import nnc.passes.PassRegistry;
import nnc.passes.Pipeline;
import nnc.passes.recompute.RandomNets;
import nnc.passes.schedule.Scheduler;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The fuse pass on random networks, forward graphs and training steps: the graph stays valid and
 * acyclic and computes the same; every op is computed exactly once (no member is duplicated, none
 * lost); each region is one kernel's work (at most one heavy member, elementwise members at one
 * shape, a reduction only as the result, nothing injective or opaque); fused IR reads back; and
 * the scheduled peak rises by no more than one group's result.
 */
class FusionPropertyTest {
    @TestFactory
    Stream<DynamicTest> randomNets() {
        return LongStream.range(0, 120).mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> check(seed)));
    }

    private static void check(long seed) {
        Graph g = RandomNets.make(seed);
        run(g, seed % 2 == 0 ? "autodiff,dne" : "dne");
        Map<String, Tensor> args = Initializers.forGraph(g, seed);
        Interpreter.Result expected = Interpreter.run(g, args);
        Map<String, Long> ops = opCounts(g.nodes());
        long peak = Scheduler.peak(g, Scheduler.order(g));

        run(g, "fuse");
        assertEquals(List.of(), Verifier.verify(g));
        assertEquals(ops, opCounts(flattened(g)), "every op is computed once");
        for (Node n : g.nodes()) {
            if (n.op() instanceof FusedOp f) assertOneKernel(n, f);
        }
        Interpreter.Result got = Interpreter.run(g, args);
        expected.outputs().forEach((k, v) -> assertArrayEquals(v.toArray(), got.outputs().get(k).toArray(), k));
        expected.updated().forEach((k, v) -> assertArrayEquals(v.toArray(), got.updated().get(k).toArray(), k));
        // A kernel holds all its inputs while it writes its result, which in-place ops unfused need not:
        // at most one result more is live at once.
        long largestResult = g.nodes().stream().filter(n -> n.op() instanceof FusedOp).mapToLong(n -> n.type().bytes()).max().orElse(0);
        assertTrue(Scheduler.peak(g, Scheduler.order(g)) <= peak + largestResult, "fusion raised the peak");

        String text = IrPrinter.print(g);
        assertEquals(text, IrPrinter.print(IrParser.parse(text)), "fused IR reads back");
    }

    private static void assertOneKernel(Node fused, FusedOp f) {
        List<Node> members = f.members();
        assertTrue(members.size() > 1, "a group of one is not fused");
        assertTrue(members.stream().filter(m -> m.op().pattern() == FusionPattern.OUT_ELEMWISE_FUSABLE).count() <= 1, "two heavy ops");
        Set<Shape> shapes = members.stream().filter(m -> m.op().pattern().compareTo(FusionPattern.BROADCAST) <= 0)
                .map(m -> m.type().shape()).collect(Collectors.toSet());
        assertTrue(shapes.size() <= 1, "elementwise members at several shapes: " + shapes);
        for (Node m : members) {
            FusionPattern p = m.op().pattern();
            assertFalse(p == FusionPattern.INJECTIVE || p == FusionPattern.OPAQUE, m + " fused");
            if (p == FusionPattern.REDUCE) assertEquals(f.result(), m, "a reduction is a group's result");
            assertFalse(m.op() instanceof FusedOp, "nested region");
        }
        assertEquals(fused.type(), f.result().type());
    }

    /** Top-level nodes, with each fused node replaced by its members. */
    private static List<Node> flattened(Graph g) {
        List<Node> all = new ArrayList<>();
        for (Node n : g.nodes()) {
            if (n.op() instanceof FusedOp f) all.addAll(f.members());
            else all.add(n);
        }
        return all;
    }

    private static Map<String, Long> opCounts(List<Node> nodes) {
        return nodes.stream().collect(Collectors.groupingBy(n -> n.op().name() + "/" + n.phase(), TreeMap::new, Collectors.counting()));
    }

    private static void run(Graph g, String pipeline) {
        new PassManager().verifyEach(true).run(Pipeline.parse(pipeline, PassRegistry.standard()), g);
    }
}
