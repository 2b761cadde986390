package nnc.ir.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import nnc.ir.Arg;
import nnc.ir.AttrSpec;
import nnc.ir.Attrs;
import nnc.ir.DType;
import nnc.ir.GradBuilder;
import nnc.ir.Graph;
import nnc.ir.Node;
import nnc.ir.OpKind;
import nnc.ir.Phase;
import nnc.ir.SourceLoc;
import nnc.ir.Tensor;
import nnc.ir.TensorType;
import nnc.ir.Value;
import nnc.ir.Verifier;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Properties every registered op must have, checked on one example use of each. */
class OpsTest {
    private record Example(List<TensorType> operands, Attrs attrs) {}

    private static Example ex(Attrs attrs, TensorType... operands) {
        return new Example(List.of(operands), attrs);
    }

    private static final TensorType X = TensorType.f32(2, 3);
    private static final TensorType IMAGE = TensorType.f32(2, 4, 6, 6);
    private static final Attrs WINDOW = Attrs.of("kernel", List.of(2, 2), "stride", List.of(2, 2));

    /** One valid use per op; a new op without an example fails {@link #everyOpHasAnExample()}. */
    private static final Map<String, Example> EXAMPLES = new TreeMap<>();

    static {
        for (OpKind op : UnaryOps.ALL) EXAMPLES.put(op.name(), ex(Attrs.EMPTY, X));
        for (OpKind op : UnaryOps.GRADS) EXAMPLES.put(op.name(), ex(Attrs.EMPTY, X, X));
        for (OpKind op : BinaryOps.ALL) EXAMPLES.put(op.name(), ex(Attrs.EMPTY, X, TensorType.f32(3)));
        EXAMPLES.put("fill", ex(Attrs.of("dtype", "f32", "shape", List.of(2, 3), "value", 0.5)));
        EXAMPLES.put("cast", ex(Attrs.of("dtype", "i32"), X));
        EXAMPLES.put("matmul", ex(Attrs.EMPTY, TensorType.f32(2, 2, 3), TensorType.f32(3, 4)));
        EXAMPLES.put("conv2d", ex(Attrs.of("groups", 2, "padding", List.of(1, 1)), IMAGE, TensorType.f32(6, 2, 3, 3)));
        EXAMPLES.put("max_pool2d", ex(WINDOW, IMAGE));
        EXAMPLES.put("avg_pool2d", ex(WINDOW, IMAGE));
        EXAMPLES.put("global_avg_pool", ex(Attrs.EMPTY, IMAGE));
        EXAMPLES.put("batch_norm", ex(Attrs.EMPTY, IMAGE, TensorType.f32(4), TensorType.f32(4)));
        EXAMPLES.put("layer_norm", ex(Attrs.EMPTY, X, TensorType.f32(3), TensorType.f32(3)));
        EXAMPLES.put("softmax", ex(Attrs.of("axis", 1), X));
        EXAMPLES.put("log_softmax", ex(Attrs.of("axis", 0), X));
        EXAMPLES.put("cross_entropy", ex(Attrs.EMPTY, X, TensorType.i32(2)));
        EXAMPLES.put("mse", ex(Attrs.EMPTY, X, X));
        EXAMPLES.put("reduce_sum", ex(Attrs.of("axes", List.of(1)), X));
        EXAMPLES.put("reduce_mean", ex(Attrs.of("axes", List.of(0, 1)), X));
        EXAMPLES.put("reduce_max", ex(Attrs.of("axes", List.of(0), "keepdims", true), X));
        EXAMPLES.put("reshape", ex(Attrs.of("shape", List.of(6)), X));
        EXAMPLES.put("transpose", ex(Attrs.of("perm", List.of(1, 0)), X));
        EXAMPLES.put("concat", ex(Attrs.of("axis", 1), X, TensorType.f32(2, 1), X));
        EXAMPLES.put("slice", ex(Attrs.of("axis", 1, "start", 1, "end", 3), X));
        EXAMPLES.put("embedding", ex(Attrs.EMPTY, TensorType.f32(5, 3), TensorType.i32(2, 2)));
        EXAMPLES.put("pad", ex(Attrs.of("axis", 1, "before", 1, "after", 2), X));
        EXAMPLES.put("broadcast_to", ex(Attrs.of("shape", List.of(4, 2, 3)), X));
        EXAMPLES.put("conv2d_grad_input", ex(Attrs.of("groups", 2, "padding", List.of(1, 1), "shape", List.of(2, 4, 6, 6)),
                TensorType.f32(2, 6, 6, 6), TensorType.f32(6, 2, 3, 3)));
        EXAMPLES.put("conv2d_grad_weight", ex(Attrs.of("groups", 2, "padding", List.of(1, 1), "kernel", List.of(3, 3)),
                IMAGE, TensorType.f32(2, 6, 6, 6)));
        EXAMPLES.put("max_pool2d_grad", ex(WINDOW, TensorType.f32(2, 4, 3, 3), IMAGE));
        EXAMPLES.put("avg_pool2d_grad", ex(WINDOW.with("shape", List.of(2, 4, 6, 6)), TensorType.f32(2, 4, 3, 3)));
        EXAMPLES.put("max_pool2d_indices", ex(WINDOW, IMAGE));
        EXAMPLES.put("max_pool2d_grad_indices", ex(WINDOW.with("shape", List.of(2, 4, 6, 6)), TensorType.f32(2, 4, 3, 3),
                TensorType.i32(2, 4, 3, 3)));
        EXAMPLES.put("batch_norm_grad_input", ex(Attrs.EMPTY, IMAGE, IMAGE, TensorType.f32(4)));
        EXAMPLES.put("batch_norm_grad_gamma", ex(Attrs.EMPTY, IMAGE, IMAGE));
        EXAMPLES.put("layer_norm_grad_input", ex(Attrs.EMPTY, X, X, TensorType.f32(3)));
        EXAMPLES.put("layer_norm_grad_gamma", ex(Attrs.EMPTY, X, X));
        EXAMPLES.put("softmax_grad", ex(Attrs.of("axis", 1), X, X));
        EXAMPLES.put("log_softmax_grad", ex(Attrs.of("axis", 0), X, X));
        EXAMPLES.put("cross_entropy_grad", ex(Attrs.EMPTY, TensorType.f32(), X, TensorType.i32(2)));
        EXAMPLES.put("embedding_grad", ex(Attrs.of("rows", 5), TensorType.f32(2, 2, 3), TensorType.i32(2, 2)));
        EXAMPLES.put("embedding_grad_add", ex(Attrs.EMPTY, TensorType.f32(5, 3), TensorType.f32(2, 2, 3), TensorType.i32(2, 2)));
    }

    @Test
    void namesAreUniqueAndLookedUpByName() {
        List<OpKind> families = Stream.of(UnaryOps.ALL, UnaryOps.GRADS, BinaryOps.ALL, ConstantOps.ALL, MatmulOps.ALL, ConvOps.ALL, PoolOps.ALL,
                NormOps.ALL, SoftmaxOps.ALL, LossOps.ALL, ShapeOps.ALL, ReduceOps.ALL, GatherOps.ALL).flatMap(List::stream).toList();
        Set<String> names = new HashSet<>();
        for (OpKind op : families) assertTrue(names.add(op.name()), "duplicate op " + op.name());
        assertEquals(families.size(), Ops.all().size());
        for (OpKind op : families) assertSame(op, Ops.byName(op.name()));
    }

    @Test
    void everyOpHasAnExample() {
        assertEquals(Ops.all().stream().map(OpKind::name).toList(), new ArrayList<>(EXAMPLES.keySet()));
    }

    /** Filling defaults keeps given values, adds every optional attribute but flags, and is idempotent. */
    @TestFactory
    Stream<DynamicTest> completeAttrsFillsDefaults() {
        return Ops.all().stream().map(op -> DynamicTest.dynamicTest(op.name(), () -> {
            Attrs given = EXAMPLES.get(op.name()).attrs();
            Attrs full = op.completeAttrs(given);
            given.asMap().forEach((k, v) -> assertEquals(v, full.get(k)));
            for (AttrSpec s : op.attrSpecs()) {
                assertEquals(!s.flag() || given.has(s.name()), full.has(s.name()), s.name());
                if (s.dflt() != null && !given.has(s.name())) assertEquals(s.dflt(), full.get(s.name()));
            }
            assertEquals(full, op.completeAttrs(full));
        }));
    }

    /**
     * Inference, cost and evaluation agree on the example, and evaluation is deterministic and writes
     * every element (a result buffer in an arena starts with stale values, NaN here).
     */
    @TestFactory
    Stream<DynamicTest> examplesInferFlopsAndEvaluate() {
        return Ops.all().stream().map(op -> DynamicTest.dynamicTest(op.name(), () -> {
            Example e = EXAMPLES.get(op.name());
            op.checkArity(e.operands().size());
            Attrs attrs = op.completeAttrs(e.attrs());
            TensorType type = op.infer(e.operands(), attrs);
            assertTrue(op.flops(e.operands(), attrs, type) >= 0);
            List<Tensor> inputs = new ArrayList<>();
            for (int i = 0; i < e.operands().size(); i++) inputs.add(sample(e.operands().get(i), i));
            double[] stale = new double[Math.toIntExact(type.numel())];
            Arrays.fill(stale, Double.NaN);
            Tensor first = Tensor.of(type, stale);
            Tensor second = Tensor.zeros(type);
            op.eval(inputs, attrs, first);
            op.eval(inputs, attrs, second);
            assertArrayEquals(first.toArray(), second.toArray());
            for (double v : first.toArray()) assertTrue(Double.isFinite(v), op.name() + " gave " + v);
        }));
    }

    /** An op may only offer an operand for in-place reuse when the result has that operand's type. */
    @TestFactory
    Stream<DynamicTest> inPlaceOperandHasTheResultType() {
        return Ops.all().stream().filter(op -> op.inPlaceOperand() >= 0).map(op -> DynamicTest.dynamicTest(op.name(), () -> {
            Example e = EXAMPLES.get(op.name());
            TensorType operand = e.operands().get(op.inPlaceOperand());
            assertEquals(operand, op.infer(e.operands(), op.completeAttrs(e.attrs())));
        }));
    }

    /**
     * Every op has a gradient rule except the gradient ops (nnc differentiates once). A rule gives one
     * entry per operand, of the operand's type, and leaves out only integers and piecewise-constant masks.
     */
    @TestFactory
    Stream<DynamicTest> gradientRulesGiveOneGradientPerOperand() {
        return Ops.all().stream().map(op -> DynamicTest.dynamicTest(op.name(), () -> {
            Example e = EXAMPLES.get(op.name());
            Graph g = new Graph("rule");
            List<Value> operands = new ArrayList<>();
            for (TensorType t : e.operands()) {
                operands.add(g.addArg("x" + operands.size(), Arg.Role.INPUT, t, Attrs.EMPTY, SourceLoc.NONE));
            }
            Node n = g.add(op, operands, e.attrs());
            Arg dy = g.addArg("dy", Arg.Role.INPUT, n.type(), Attrs.EMPTY, SourceLoc.NONE);
            List<Value> grads = op.gradient(new GradBuilder(g, Phase.BACKWARD, SourceLoc.NONE), n, dy);
            if (op.name().contains("_grad")) {
                assertNull(grads, op.name() + " is a gradient op");
                return;
            }
            assertEquals(operands.size(), grads.size());
            boolean real = n.type().dtype() == DType.F32 && op != BinaryOps.GE;
            for (int i = 0; i < grads.size(); i++) {
                Value grad = grads.get(i);
                if (grad != null) assertEquals(operands.get(i).type(), grad.type(), "gradient of operand " + i);
                else assertTrue(!real || operands.get(i).type().dtype() == DType.I32, "operand " + i + " lacks a gradient");
            }
            assertEquals(List.of(), Verifier.verify(g));
        }));
    }

    @Test
    void lookupOfAnUnknownNameGivesNull() {
        assertNotNull(Ops.byName("matmul"));
        assertNull(Ops.byName("no_such_op"));
    }

    /** Deterministic inputs: positive f32 values (valid for log, sqrt, pow) and small i32 ids. */
    private static Tensor sample(TensorType t, int salt) {
        double[] v = new double[Math.toIntExact(t.numel())];
        for (int i = 0; i < v.length; i++) v[i] = t.dtype() == DType.I32 ? (i + salt) % 2 : 0.5 + ((i * 7 + salt) % 5) / 4.0;
        return Tensor.of(t, v);
    }
}
