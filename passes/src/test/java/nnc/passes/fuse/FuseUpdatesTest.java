package nnc.passes.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import nnc.ir.Graph;
import nnc.ir.IrParser;
import nnc.ir.Node;
import nnc.ir.Phase;
import nnc.ir.ops.FusedOp;
import nnc.passes.PassManager;
import nnc.passes.PassRegistry;
import nnc.passes.Pipeline;
import org.junit.jupiter.api.Test;

/** A weight gradient joins the optimizer update reading it, unless {@code fuse{updates=false}}. */
class FuseUpdatesTest {
    private static final String SGD = """
            graph @g {
              input %x : f32[4,3]
              input %dy : f32[4,2]
              param %w : f32[3,2]
              %0 = matmul(%x, %w) : f32[4,2]
            backward:
              %1 = matmul(%x, %dy) {transpose_a = true} : f32[3,2]
            optimizer:
              %2 = fill() {dtype = "f32", shape = [], value = 0.1} : f32[]
              %3 = mul(%2, %1) : f32[3,2]
              %4 = sub(%w, %3) : f32[3,2]
              output %y = %0
              update %w = %4
            }
            """;

    private static List<String> fusedMembers(String pipeline) {
        Graph g = IrParser.parse(SGD);
        new PassManager().verifyEach(true).run(Pipeline.parse(pipeline, PassRegistry.standard()), g);
        Node update = (Node) g.updates().get(g.arg("w"));
        assertEquals(Phase.OPTIMIZER, update.phase());
        return ((FusedOp) update.op()).members().stream().map(m -> m.op().name()).toList();
    }

    @Test
    void theGradientsMatmulWritesTheNewParam() {
        assertEquals(List.of("matmul", "mul", "sub"), fusedMembers("fuse"));
    }

    @Test
    void withoutUpdatesTheGradientStaysApart() {
        assertEquals(List.of("mul", "sub"), fusedMembers("fuse{updates=false}"));
    }
}
