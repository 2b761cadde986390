package nnc.passes.recompute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import nnc.ir.Graph;
import nnc.ir.IrPrinter;
import nnc.passes.PassManager;
import nnc.passes.PassRegistry;
import nnc.passes.Pipeline;
import nnc.passes.report.MemoryFigures;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@link StashFloor} on random networks ({@link RandomNets}): it leaves the graph as it was, and no
 * arena the default mode plans is under it; it is more than nothing wherever the backward pass reads
 * a forward value.
 */
class StashFloorTest {
    @TestFactory
    Stream<DynamicTest> noDefaultModeArenaIsUnderTheFloor() {
        return LongStream.range(0, 80).mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> {
            Graph g = RandomNets.make(seed);
            run(g, "autodiff,dne,fuse");
            String before = IrPrinter.print(g);
            long floor = StashFloor.arenaBytes(g);
            assertEquals(before, IrPrinter.print(g), "the floor changed the graph");
            RematModel m = RematModel.of(g);
            boolean readsForward = IntStream.range(0, m.n).anyMatch(i -> m.stashed[i]);
            assertTrue(!readsForward || floor > 0, "no floor though the backward pass reads forward values");
            run(g, "recompute,schedule,plan-buffers");
            long arena = MemoryFigures.of(g).arenaBytes();
            assertTrue(floor <= arena, "the default mode planned " + arena + " bytes, under the floor of " + floor);
        }));
    }

    private static void run(Graph g, String pipeline) {
        new PassManager().verifyEach(true).run(Pipeline.parse(pipeline, PassRegistry.standard()), g);
    }
}
