package nnc.passes.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import nnc.ir.Arg;
import nnc.ir.Graph;
import nnc.ir.Initializers;
import nnc.ir.IrParser;
import nnc.ir.IrPrinter;
import nnc.ir.Node;
import nnc.ir.Phase;
import nnc.ir.Stash;
import nnc.ir.Tensor;
import nnc.ir.TrainingLoop;
import nnc.ir.Value;
import nnc.passes.PassFailedException;
import nnc.passes.PassManager;
import nnc.passes.PassRegistry;
import nnc.passes.Pipeline;
import org.junit.jupiter.api.Test;

class AutodiffTest {
    /** A one-layer classifier with a param that the loss never sees and one that only an output sees. */
    private static final String CLASSIFIER = """
            graph @classifier {loss = "loss", lr = 0.5, momentum = 0.9, optimizer = "sgd"} {
              input %x : f32[4,3]
              input %labels : i32[4] {high = 2, low = 0}
              param %w : f32[3,2] {init = "xavier"}
              param %b : f32[2] {init = "zeros"}
              param %unused : f32[3,2] {init = "ones"}
              param %probe : f32[3,2] {init = "ones"}
              %logits = matmul(%x, %w) : f32[4,2]
              %biased = add(%logits, %b) : f32[4,2]
              %h = relu(%biased) : f32[4,2]
              %loss = cross_entropy(%h, %labels) : f32[]
              %side = matmul(%x, %probe) : f32[4,2]
              output %loss = %loss
              output %side = %side
            }
            """;

    private static Graph classifier() {
        return IrParser.parse(CLASSIFIER);
    }

    private static boolean autodiff(Graph g) {
        return new PassManager().verifyEach(true).run(Pipeline.parse("autodiff", PassRegistry.standard()), g);
    }

    private static String errorOf(String ir) {
        Graph g = IrParser.parse(ir);
        String before = IrPrinter.print(g);
        PassFailedException e = assertThrows(PassFailedException.class, () -> autodiff(g));
        assertEquals(before, IrPrinter.print(g), "a failing autodiff must leave the graph as it was");
        assertEquals(1, e.errors().size());
        return e.errors().get(0);
    }

    @Test
    void aGraphWithoutATrainingClauseIsLeftAlone() {
        String inference = CLASSIFIER.replace("{loss = \"loss\", lr = 0.5, momentum = 0.9, optimizer = \"sgd\"} ", "");
        Graph g = IrParser.parse(inference);
        assertFalse(autodiff(g));
        assertEquals(IrPrinter.print(IrParser.parse(inference)), IrPrinter.print(g));
    }

    @Test
    void runningTwiceChangesNothingTheSecondTime() {
        Graph g = classifier();
        assertTrue(autodiff(g));
        String once = IrPrinter.print(g);
        assertFalse(autodiff(g));
        assertEquals(once, IrPrinter.print(g));
    }

    /** Params off the path to the loss get no gradient nodes, no state and no update: they keep their values. */
    @Test
    void paramsThatDoNotReachTheLossAreNotTrained() {
        Graph g = classifier();
        autodiff(g);
        Set<String> updated = g.updates().keySet().stream().map(Arg::name).collect(Collectors.toSet());
        assertEquals(Set.of("w", "b", "w.momentum", "b.momentum"), updated);
        for (Node n : g.nodes()) {
            if (n.phase() == Phase.FORWARD) continue;
            for (Value v : n.operands()) {
                assertFalse(v == g.arg("unused") || v == g.arg("probe"), n + " reads a param that does not reach the loss");
                assertFalse(v == g.outputs().get("side"), n + " reads the side output");
            }
        }
        Map<String, Tensor> start = Initializers.forGraph(g, 1);
        TrainingLoop loop = new TrainingLoop(g, start);
        loop.step(Map.of("x", start.get("x"), "labels", start.get("labels")));
        assertEquals(start.get("unused"), loop.persistent().get("unused"));
        assertEquals(start.get("probe"), loop.persistent().get("probe"));
    }

    @Test
    void nodesArePhasedAndForwardValuesReadBackwardAreStashed() {
        Graph g = classifier();
        int forward = g.nodeCount();
        autodiff(g);
        List<Node> nodes = g.nodes();
        assertTrue(nodes.subList(0, forward).stream().allMatch(n -> n.phase() == Phase.FORWARD));
        assertTrue(nodes.subList(forward, nodes.size()).stream().allMatch(n -> n.phase() != Phase.FORWARD));
        // relu's gradient reads its output h, cross_entropy's reads h too; matmul's reads x and w (arguments).
        List<String> stashed = Stash.of(g).stream().map(n -> n.op().name()).toList();
        assertEquals(List.of("relu"), stashed);
        assertEquals("loss", g.attrs().getString("loss"));
        assertTrue(g.outputs().containsKey("loss"), "the loss stays an output");
    }

    @Test
    void stateArgumentsStartAtZero() {
        Graph g = classifier();
        autodiff(g);
        Arg velocity = g.arg("w.momentum");
        assertEquals(Arg.Role.STATE, velocity.role());
        assertEquals(g.arg("w").type(), velocity.type());
        assertEquals("zeros", velocity.attrs().getString("init"));
    }

    /** w reaches the loss along three paths; their gradients add up. */
    @Test
    void gradientsOfAValueUsedSeveralTimesAreSummed() {
        Graph g = IrParser.parse("""
                graph @reuse {loss = "loss", lr = 0.1, optimizer = "sgd"} {
                  input %x : f32[3,3]
                  param %w : f32[3,3]
                  %0 = matmul(%x, %w) : f32[3,3]
                  %1 = matmul(%0, %w) : f32[3,3]
                  %2 = mul(%1, %w) : f32[3,3]
                  %3 = tanh(%2) : f32[3,3]
                  %4 = reduce_sum(%3) {axes = [0, 1], keepdims = false} : f32[]
                  output %loss = %4
                }
                """);
        Map<String, Tensor> values = Initializers.forGraph(g, 7);
        values.put("w", Initializers.forGraph(g, 8).get("x"));
        Map<String, Double> errors = GradientCheck.maxErrors(g, "loss", values);
        assertTrue(errors.get("w") < 1e-6, errors.toString());
    }

    @Test
    void reportsTrainingClausesItCannotFollow() {
        assertEquals("the loss 'missing' is not an output of graph @classifier", errorOf(CLASSIFIER.replace("loss = \"loss\"", "loss = \"missing\"")));
        assertEquals("the loss 'side' must be an f32 scalar, but it is f32[4,2]", errorOf(CLASSIFIER.replace("loss = \"loss\"", "loss = \"side\"")));
        assertEquals("unknown optimizer 'rmsprop' (expected sgd or adam)", errorOf(CLASSIFIER.replace("\"sgd\"", "\"rmsprop\"")));
        assertEquals("adam has no option 'momentum' (it takes beta1, beta2, eps, lr)", errorOf(CLASSIFIER.replace("\"sgd\"", "\"adam\"")));
        assertEquals("the optimizer needs 'lr'", errorOf(CLASSIFIER.replace("lr = 0.5, ", "")));
        assertEquals("the loss 'side' does not depend on any param, so there is nothing to train", errorOf("""
                graph @frozen {loss = "side", lr = 0.1, optimizer = "sgd"} {
                  input %x : f32[2]
                  param %w : f32[2]
                  %0 = reduce_sum(%x) {axes = [0], keepdims = false} : f32[]
                  output %side = %0
                }
                """));
        assertEquals("op 'relu_grad' at 3:5 has no gradient rule, but a param reaches the loss through it", errorOf("""
                graph @second_order {loss = "loss", lr = 0.1, optimizer = "sgd"} {
                  param %w : f32[2]
                  %0 = relu_grad(%w, %w) : f32[2] loc(3:5)
                  %1 = reduce_sum(%0) {axes = [0], keepdims = false} : f32[]
                  output %loss = %1
                }
                """));
    }
}
