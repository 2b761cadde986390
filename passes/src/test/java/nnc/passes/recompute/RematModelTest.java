package nnc.passes.recompute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import nnc.ir.Graph;
import nnc.ir.Initializers;
import nnc.ir.Interpreter;
import nnc.ir.IrPrinter;
import nnc.ir.Liveness;
import nnc.ir.Tensor;
import nnc.ir.Verifier;
import nnc.passes.PassManager;
import nnc.passes.PassRegistry;
import nnc.passes.Pipeline;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The model's liveness of any choice is exactly the liveness of the graph {@link Rematerializer}
 * builds for it, the rebuilt graph computes what the original does, and undoing restores it.
 */
class RematModelTest {
    @TestFactory
    Stream<DynamicTest> randomChoicesOnRandomNets() {
        return LongStream.range(0, 60).mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> check(seed)));
    }

    private static void check(long seed) {
        Graph g = RandomNets.make(seed);
        new PassManager().verifyEach(true).run(Pipeline.parse("autodiff,dne,fuse", PassRegistry.standard()), g);
        Map<String, Tensor> args = Initializers.forGraph(g, seed);
        Interpreter.Result expected = Interpreter.run(g, args);
        String text = IrPrinter.print(g);
        RematModel m = RematModel.of(g);
        Random r = new Random(seed);
        for (int t = 0; t < 6; t++) {
            Choice c = random(m, r);
            RematModel.Outcome o = m.evaluate(c);
            Rematerializer.Undo undo = Rematerializer.apply(g, m, c);
            assertEquals(List.of(), Verifier.verify(g));
            assertEquals(o.peak(), Liveness.max(Liveness.of(g).liveBufferBytes()), "model and rebuilt graph disagree");
            Interpreter.Result got = Interpreter.run(g, args);
            expected.outputs().forEach((k, v) -> assertArrayEquals(v.toArray(), got.outputs().get(k).toArray(), k));
            expected.updated().forEach((k, v) -> assertArrayEquals(v.toArray(), got.updated().get(k).toArray(), k));
            undo.apply();
            assertEquals(text, IrPrinter.print(g), "undo restores the graph");
        }
    }

    /** Random stashed values recomputed, unstashed ones kept, and cheap ones shared. */
    private static Choice random(RematModel m, Random r) {
        BitSet recomputed = new BitSet();
        BitSet kept = new BitSet();
        BitSet shared = new BitSet();
        for (int i = 0; i < m.n; i++) {
            if (m.candidate(i) && r.nextInt(3) > 0) recomputed.set(i);
            if (!m.stashed[i] && r.nextInt(4) == 0) kept.set(i);
            if (r.nextInt(3) == 0) shared.set(i);
        }
        return new Choice(recomputed, kept, shared);
    }
}
