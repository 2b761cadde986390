package nnc.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.Map;
import java.util.stream.Stream;
import nnc.ir.ArenaInterpreter;
import nnc.ir.Graph;
import nnc.ir.Initializers;
import nnc.ir.Interpreter;
import nnc.ir.Tensor;
import nnc.passes.PassManager;
import nnc.passes.PassRegistry;
import nnc.passes.Pipeline;
import nnc.passes.report.MemoryFigures;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every zoo network at its small sizes ({@link ZooTest#ZOO}), planned by the full pipeline and run
 * inside one arena at the planned offsets ({@link ArenaInterpreter}), gives exactly the outputs and
 * updates of the unplanned graph in the reference interpreter, and the arena it allocates is the one
 * the memory report states. Inference is the forward graph as lowered (the pipeline leaves out
 * autodiff, so the train clause has no effect); training runs autodiff first, and the oracle runs
 * the training step as autodiff built it.
 */
class ArenaZooTest {
    private static final String PLANNING = "dne,schedule,plan-buffers";
    private static final long SEED = 7;

    @TestFactory
    Stream<DynamicTest> inference() {
        return ZooTest.ZOO.keySet().stream().map(name -> DynamicTest.dynamicTest(name, () -> check(name, false)));
    }

    @TestFactory
    Stream<DynamicTest> training() {
        return ZooTest.ZOO.keySet().stream().map(name -> DynamicTest.dynamicTest(name, () -> check(name, true)));
    }

    private static void check(String name, boolean training) {
        Graph g = ZooTest.compile(name, ZooTest.ZOO.get(name).small());
        if (training) run(g, "autodiff");
        Map<String, Tensor> args = Initializers.forGraph(g, SEED);
        Interpreter.Result expected = Interpreter.run(g, args);

        run(g, PLANNING);
        assertNotNull(g.plan(), name + " is not planned");
        ArenaInterpreter.Run planned = ArenaInterpreter.run(g, args);
        assertEquals(MemoryFigures.of(g).arenaBytes(), planned.arenaBytes(), name + ": the arena allocated is the arena reported");

        assertEquals(expected.outputs().keySet(), planned.result().outputs().keySet());
        expected.outputs().forEach((out, t) ->
                assertArrayEquals(t.toArray(), planned.result().outputs().get(out).toArray(), name + ": output " + out));
        assertEquals(expected.updated().keySet(), planned.result().updated().keySet());
        expected.updated().forEach((arg, t) ->
                assertArrayEquals(t.toArray(), planned.result().updated().get(arg).toArray(), name + ": update of " + arg));
        assertEquals(training, !expected.updated().isEmpty(), name + ": a training step updates params, inference none");
    }

    private static void run(Graph g, String pipeline) {
        new PassManager().verifyEach(true).run(Pipeline.parse(pipeline, PassRegistry.standard()), g);
    }
}
