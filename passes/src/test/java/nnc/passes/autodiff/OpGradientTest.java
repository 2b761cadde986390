package nnc.passes.autodiff;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import nnc.ir.Arg;
import nnc.ir.Attrs;
import nnc.ir.DType;
import nnc.ir.Graph;
import nnc.ir.Node;
import nnc.ir.OpKind;
import nnc.ir.SourceLoc;
import nnc.ir.Tensor;
import nnc.ir.TensorType;
import nnc.ir.Value;
import nnc.ir.ops.BinaryOps;
import nnc.ir.ops.Ops;
import nnc.ir.ops.ReduceOps;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The gradient rule of every differentiable op against central finite differences. Each case makes
 * every f32 operand a param and takes the loss {@code sum(op(...) * r)} with a random r, so that the
 * incoming gradient differs per element (a wrong transpose or a missing broadcast reduction shows).
 * Inputs stay away from kinks (relu, abs at 0; ties of max) and outside the domain's edges (log, sqrt).
 */
class OpGradientTest {
    private static final double TOLERANCE = 1e-6;
    private static final Map<String, Double> REPORT = new LinkedHashMap<>();

    /** How an operand's values are drawn. */
    @FunctionalInterface
    private interface Draw {
        double next(Random r);
    }

    private record Operand(TensorType type, Draw draw) {}

    private record Case(String name, OpKind op, Attrs attrs, List<Operand> operands) {}

    private static final Draw NORMAL = Random::nextGaussian;
    private static final Draw POSITIVE = r -> 0.5 + 1.5 * r.nextDouble();
    private static final Draw AWAY_FROM_ZERO = r -> (r.nextBoolean() ? 1 : -1) * (0.2 + r.nextDouble());

    private static Operand f(int... dims) {
        return new Operand(TensorType.f32(dims), NORMAL);
    }

    private static Operand positive(int... dims) {
        return new Operand(TensorType.f32(dims), POSITIVE);
    }

    private static Operand awayFromZero(int... dims) {
        return new Operand(TensorType.f32(dims), AWAY_FROM_ZERO);
    }

    /** i32 values in {@code [0, high)}. */
    private static Operand below(int high, int... dims) {
        return new Operand(TensorType.i32(dims), r -> r.nextInt(high));
    }

    private static Case c(String name, Attrs attrs, Operand... operands) {
        String op = name.contains(" ") ? name.substring(0, name.indexOf(' ')) : name;
        return new Case(name, Ops.byName(op), attrs, List.of(operands));
    }

    private static Case c(String name, Operand... operands) {
        return c(name, Attrs.EMPTY, operands);
    }

    private static List<Integer> pair(int a, int b) {
        return List.of(a, b);
    }

    private static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (String op : List.of("neg", "exp", "tanh", "sigmoid", "gelu")) cases.add(c(op, f(3, 4)));
        for (String op : List.of("log", "sqrt", "rsqrt")) cases.add(c(op, positive(3, 4)));
        for (String op : List.of("relu", "abs")) cases.add(c(op, awayFromZero(3, 4)));
        for (String op : List.of("add", "sub", "mul", "max", "min")) {
            cases.add(c(op, f(3, 4), f(3, 4)));
            cases.add(c(op + " broadcast [2,3,4] [3,1]", f(2, 3, 4), f(3, 1)));
            cases.add(c(op + " broadcast [4] [2,1,4]", f(4), f(2, 1, 4)));
        }
        cases.add(c("mul by scalar", f(3, 4), f()));
        cases.add(c("div", f(3, 4), awayFromZero(3, 4)));
        cases.add(c("div broadcast [2,3,4] [3,1]", f(2, 3, 4), awayFromZero(3, 1)));
        cases.add(c("div broadcast [] [3]", f(), awayFromZero(3)));
        cases.add(c("pow", positive(3, 4), f(3, 4)));
        cases.add(c("pow broadcast [2,3] []", positive(2, 3), f()));
        cases.add(c("cast", Attrs.of("dtype", "f32"), f(3, 4)));
        cases.add(c("matmul", f(3, 4), f(4, 5)));
        cases.add(c("matmul batched [2,3,4] [2,4,5]", f(2, 3, 4), f(2, 4, 5)));
        cases.add(c("matmul broadcast [2,3,4] [4,5]", f(2, 3, 4), f(4, 5)));
        cases.add(c("matmul broadcast [3,4] [2,4,5]", f(3, 4), f(2, 4, 5)));
        cases.add(c("matmul broadcast [2,1,3,4] [3,4,2]", f(2, 1, 3, 4), f(3, 4, 2)));
        cases.add(c("matmul transpose_a", Attrs.of("transpose_a", true), f(4, 3), f(4, 5)));
        cases.add(c("matmul transpose_b", Attrs.of("transpose_b", true), f(3, 4), f(5, 4)));
        cases.add(c("matmul transposed both", Attrs.of("transpose_a", true, "transpose_b", true), f(4, 3), f(5, 4)));
        cases.add(c("matmul transpose_a broadcast [2,4,3] [4,5]", Attrs.of("transpose_a", true), f(2, 4, 3), f(4, 5)));
        cases.add(c("matmul transpose_b broadcast [3,4] [2,5,4]", Attrs.of("transpose_b", true), f(3, 4), f(2, 5, 4)));
        cases.add(c("conv2d", f(1, 3, 5, 5), f(2, 3, 3, 3)));
        cases.add(c("conv2d stride 2 padding 1 groups 2", Attrs.of("stride", pair(2, 2), "padding", pair(1, 1), "groups", 2),
                f(2, 4, 7, 7), f(6, 2, 3, 3)));
        cases.add(c("conv2d dilation [2,1] padding [1,0] stride [1,2]",
                Attrs.of("dilation", pair(2, 1), "padding", pair(1, 0), "stride", pair(1, 2)), f(1, 2, 7, 6), f(3, 2, 2, 3)));
        cases.add(c("conv2d depthwise", Attrs.of("groups", 3, "padding", pair(1, 1)), f(1, 3, 4, 4), f(3, 1, 3, 3)));
        for (String op : List.of("max_pool2d", "avg_pool2d")) {
            cases.add(c(op + " 2x2", Attrs.of("kernel", pair(2, 2), "stride", pair(2, 2)), f(2, 2, 6, 6)));
            cases.add(c(op + " 3x3 stride 2 padding 1", Attrs.of("kernel", pair(3, 3), "stride", pair(2, 2), "padding", pair(1, 1)),
                    f(1, 2, 7, 7)));
            cases.add(c(op + " 3x2 overlapping", Attrs.of("kernel", pair(3, 2), "stride", pair(1, 1), "padding", pair(1, 1)),
                    f(1, 1, 5, 4)));
        }
        cases.add(c("global_avg_pool", f(2, 3, 4, 5)));
        cases.add(c("batch_norm", f(4, 3, 2, 2), f(3), f(3)));
        cases.add(c("batch_norm 2d", f(5, 3), f(3), f(3)));
        cases.add(c("layer_norm", f(2, 3, 5), f(5), f(5)));
        cases.add(c("layer_norm 1d", f(6), f(6), f(6)));
        cases.add(c("softmax", Attrs.of("axis", 1), f(3, 5)));
        cases.add(c("softmax axis 0", Attrs.of("axis", 0), f(4, 3, 2)));
        cases.add(c("log_softmax", Attrs.of("axis", 1), f(3, 5)));
        cases.add(c("log_softmax axis 1 of 3", Attrs.of("axis", 1), f(2, 4, 3)));
        cases.add(c("cross_entropy", f(4, 5), below(5, 4)));
        cases.add(c("mse", f(3, 4), f(3, 4)));
        cases.add(c("reduce_sum", Attrs.of("axes", List.of(0, 2)), f(2, 3, 4)));
        cases.add(c("reduce_sum keepdims", Attrs.of("axes", List.of(1), "keepdims", true), f(2, 3, 4)));
        cases.add(c("reduce_mean", Attrs.of("axes", List.of(1)), f(2, 3, 4)));
        cases.add(c("reduce_mean all keepdims", Attrs.of("axes", List.of(0, 1, 2), "keepdims", true), f(2, 3, 4)));
        cases.add(c("reduce_max", Attrs.of("axes", List.of(1)), f(3, 5)));
        cases.add(c("reduce_max keepdims", Attrs.of("axes", List.of(0, 2), "keepdims", true), f(2, 3, 4)));
        cases.add(c("reshape", Attrs.of("shape", List.of(4, 6)), f(2, 3, 4)));
        cases.add(c("transpose", Attrs.of("perm", List.of(2, 0, 1)), f(2, 3, 4)));
        cases.add(c("concat", Attrs.of("axis", 1), f(2, 3), f(2, 1), f(2, 4)));
        cases.add(c("concat axis 0", Attrs.of("axis", 0), f(1, 3), f(2, 3)));
        cases.add(c("slice", Attrs.of("axis", 1, "start", 1, "end", 3), f(2, 4, 3)));
        cases.add(c("pad", Attrs.of("axis", 0, "before", 1, "after", 2), f(2, 3)));
        cases.add(c("broadcast_to", Attrs.of("shape", List.of(2, 3, 4)), f(3, 1)));
        cases.add(c("embedding", f(5, 3), below(5, 2, 3)));
        return cases;
    }

    @TestFactory
    Stream<DynamicTest> gradientsMatchFiniteDifferences() {
        return cases().stream().map(k -> DynamicTest.dynamicTest(k.name(), () -> check(k)));
    }

    private static void check(Case k) {
        Random random = new Random(k.name().hashCode());
        Graph g = new Graph("check");
        Map<String, Tensor> values = new LinkedHashMap<>();
        List<Value> operands = new ArrayList<>();
        for (int i = 0; i < k.operands().size(); i++) {
            Operand o = k.operands().get(i);
            boolean real = o.type().dtype() == DType.F32;
            Arg a = g.addArg("x" + i, real ? Arg.Role.PARAM : Arg.Role.INPUT, o.type(), Attrs.EMPTY, SourceLoc.NONE);
            operands.add(a);
            values.put(a.name(), draw(o, random));
        }
        Node y = g.add(k.op(), operands, k.attrs());
        Arg r = g.addArg("r", Arg.Role.INPUT, y.type(), Attrs.EMPTY, SourceLoc.NONE);
        values.put(r.name(), draw(new Operand(y.type(), NORMAL), random));
        Value loss = g.add(BinaryOps.MUL, List.of(y, r), Attrs.EMPTY);
        if (y.type().rank() > 0) {
            List<Integer> all = new ArrayList<>();
            for (int i = 0; i < y.type().rank(); i++) all.add(i);
            loss = g.add(ReduceOps.REDUCE_SUM, List.of(loss), Attrs.of("axes", all));
        }
        g.setOutput("loss", loss);

        Map<String, Double> errors = GradientCheck.maxErrors(g, "loss", values);
        double worst = errors.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        REPORT.put(k.name(), worst);
        assertTrue(worst < TOLERANCE, () -> k.name() + ": relative errors " + errors + " exceed " + TOLERANCE);
    }

    private static Tensor draw(Operand o, Random random) {
        double[] v = new double[Math.toIntExact(o.type().numel())];
        for (int i = 0; i < v.length; i++) v[i] = o.draw().next(random);
        return Tensor.of(o.type(), v);
    }

    /** The table of largest errors, for reading in the test log. */
    @AfterAll
    static void printReport() {
        System.out.println("gradient check, largest relative error per case (tolerance " + TOLERANCE + "):");
        REPORT.forEach((name, err) -> System.out.printf("  %-50s %.1e%n", name, err));
    }
}
