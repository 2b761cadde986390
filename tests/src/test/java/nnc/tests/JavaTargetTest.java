package nnc.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import nnc.backend.Session;
import nnc.backend.java.JavaSession;
import nnc.backend.java.JavaTarget;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import nnc.ir.Arg;
import nnc.ir.Attrs;
import nnc.ir.SourceLoc;
import nnc.ir.TensorType;
import nnc.ir.Node;
import nnc.ir.Value;
import nnc.ir.ops.BinaryOps;
import nnc.ir.ops.ConstantOps;
import nnc.ir.ops.ConvOps;
import nnc.ir.ops.GatherOps;
import nnc.ir.ops.LossOps;
import nnc.ir.ops.MatmulOps;
import nnc.ir.ops.NormOps;
import nnc.ir.ops.PoolOps;
import nnc.ir.ops.ReduceOps;
import nnc.ir.ops.ShapeOps;
import nnc.ir.ops.SoftmaxOps;
import nnc.ir.ops.UnaryOps;
import nnc.ir.DType;
import nnc.ir.Graph;
import nnc.ir.Initializers;
import nnc.ir.Interpreter;
import nnc.ir.OpKind;
import nnc.ir.Tensor;
import nnc.ir.ops.Ops;
import nnc.passes.PassManager;
import nnc.passes.PassRegistry;
import nnc.passes.Pipeline;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The Java target against the reference interpreter: every zoo network at its small sizes, for
 * inference and for training steps, with the full pass pipeline and with every optional pass off,
 * gives the interpreter's outputs, loss and updated params and optimizer state (float tolerance).
 * Also: every op has a template or a clear rejection, and the class allocates exactly the plan.
 */
class JavaTargetTest {
    private static final long SEED = 42;
    private static final int TRAINING_STEPS = 2;
    /**
     * The Java target computes in float, the interpreter in double. Beyond this tolerance, each tensor is
     * allowed {@link #NOISE_SLACK} times the largest change the interpreter itself shows when its inputs
     * carry float32 rounding noise ({@link #FLOAT_NOISE}): a deep, ill-conditioned net (resnet50 with batch statistics over two
     * images) amplifies rounding that much, and no float implementation can do better.
     */
    private static final double RTOL = 2e-3;
    private static final double ATOL = 2e-4;
    private static final double NOISE_SLACK = 8;
    /** Runs with noisy inputs whose largest deviation is the floor: chaotic nets scatter widely from one to the next. */
    private static final int NOISY_RUNS = 5;
    /** 16 float32 roundings: about what a float network accumulates over the tens of layers of the zoo. */
    private static final double FLOAT_NOISE = 0x1p-20;

    /** Every registered pass in registry order, for training; the same without autodiff for inference. */
    static String fullPipeline(boolean training) {
        List<String> names = new ArrayList<>(PassRegistry.standard().names());
        if (!training) names.remove("autodiff");
        return String.join(",", names);
    }

    static Graph compile(String net, boolean training, String pipeline) {
        Graph g = ZooTest.compile(net, ZooTest.ZOO.get(net).small());
        String passes = pipeline.isEmpty() && training ? "autodiff" : pipeline;
        new PassManager().verifyEach(true).run(Pipeline.parse(passes, PassRegistry.standard()), g);
        return g;
    }

    @TestFactory
    Stream<DynamicTest> inferenceMatchesTheInterpreter() {
        return cases(false);
    }

    @TestFactory
    Stream<DynamicTest> trainingMatchesTheInterpreter() {
        return cases(true);
    }

    private static Stream<DynamicTest> cases(boolean training) {
        List<DynamicTest> tests = new ArrayList<>();
        for (String net : ZooTest.ZOO.keySet()) {
            for (String pipeline : List.of(fullPipeline(training), "")) {
                String label = net + (pipeline.isEmpty() ? " (passes off)" : " (full pipeline)");
                tests.add(DynamicTest.dynamicTest(label, () -> compare(net, training, pipeline)));
            }
        }
        return tests.stream();
    }

    /** Starts a target's session for a graph, its arguments set. */
    @FunctionalInterface
    interface Starter {
        Session start(Graph g, Map<String, Tensor> args);
    }

    private static void compare(String net, boolean training, String pipeline) {
        compare(net, training, pipeline, (g, args) -> {
            JavaSession session = JavaSession.compile(g);
            session.set(args);
            return session;
        });
    }

    /** Runs the net's steps on a target and on the interpreter, and compares outputs and updates after each. */
    static void compare(String net, boolean training, String pipeline, Starter starter) {
        Graph g = compile(net, training, pipeline);
        Map<String, Tensor> args = Initializers.forGraph(g, SEED);
        Session session = starter.start(g, args);
        Map<String, Tensor> interpArgs = new HashMap<>(args);
        List<Map<String, Tensor>> noisyArgs = new ArrayList<>();
        for (int n = 0; n < NOISY_RUNS; n++) noisyArgs.add(withFloatNoise(args, SEED + n));
        int steps = training ? TRAINING_STEPS : 1;
        for (int step = 0; step < steps; step++) {
            Interpreter.Result expected = Interpreter.run(g, interpArgs);
            Map<String, Double> floors = new HashMap<>();
            for (Map<String, Tensor> noisy : noisyArgs) {
                Interpreter.Result r = Interpreter.run(g, noisy);
                expected.outputs().forEach((name, t) -> floors.merge("output " + name, maxDifference(t, r.outputs().get(name)), Math::max));
                expected.updated().forEach((name, t) -> floors.merge("updated " + name, maxDifference(t, r.updated().get(name)), Math::max));
                noisy.putAll(r.updated());
            }
            Interpreter.Result actual = session.step();
            String where = net + " step " + step + ": ";
            expected.outputs().forEach((name, t) -> assertClose(where + "output " + name, t, actual.outputs().get(name), floors.get("output " + name)));
            expected.updated().forEach((name, t) -> assertClose(where + "updated " + name, t, actual.updated().get(name), floors.get("updated " + name)));
            interpArgs.putAll(expected.updated());
        }
        if (training) assertTrue(!g.updates().isEmpty(), net + ": the training graph updates nothing");
    }

    /** f32 arguments with each element scaled by (1 + e), e normal with standard deviation {@link #FLOAT_NOISE}. */
    private static Map<String, Tensor> withFloatNoise(Map<String, Tensor> args, long seed) {
        Random random = new Random(seed);
        Map<String, Tensor> noisy = new HashMap<>();
        args.forEach((name, t) -> {
            Tensor c = t.copy();
            if (t.type().dtype() == DType.F32) {
                for (int i = 0; i < c.size(); i++) c.set(i, c.get(i) * (1 + FLOAT_NOISE * random.nextGaussian()));
            }
            noisy.put(name, c);
        });
        return noisy;
    }

    private static double maxDifference(Tensor a, Tensor b) {
        double m = 0;
        for (int i = 0; i < a.size(); i++) m = Math.max(m, Math.abs(a.get(i) - b.get(i)));
        return m;
    }

    /**
     * Elementwise agreement within the float tolerance plus {@link #NOISE_SLACK} times {@code noiseFloor}.
     * A tensor that rounding noise changes by more than its own size (resnet50's momentum after a
     * second step with batch statistics over two images) carries no information, and is not compared.
     */
    static void assertClose(String what, Tensor expected, Tensor actual, double noiseFloor) {
        assertEquals(expected.type(), actual.type(), what);
        double scale = 0;
        for (int i = 0; i < expected.size(); i++) scale = Math.max(scale, Math.abs(expected.get(i)));
        if (noiseFloor > scale) return;
        int worst = -1;
        double worstExcess = 0;
        for (int i = 0; i < expected.size(); i++) {
            double e = expected.get(i);
            double a = actual.get(i);
            double excess = Math.abs(e - a) / (ATOL + RTOL * Math.max(Math.abs(e), scale * 1e-2) + NOISE_SLACK * noiseFloor);
            if (!(excess <= 1) && (worst < 0 || excess > worstExcess)) {
                worst = i;
                worstExcess = Double.isNaN(excess) ? Double.POSITIVE_INFINITY : excess;
            }
        }
        if (worst >= 0) {
            fail(what + " differs most at element " + worst + " of " + expected.size() + ": interpreter " + expected.get(worst)
                    + ", target " + actual.get(worst) + " (" + worstExcess + " times the tolerance)");
        }
    }

    @Test
    void everyOpHasATemplateOrARejectionNamingIt() {
        List<String> rejected = new ArrayList<>();
        for (OpKind op : Ops.all()) {
            JavaTarget.rejection(op).ifPresent(why -> {
                assertTrue(why.contains("'" + op.name() + "'"), "the rejection of " + op.name() + " must name it: " + why);
                rejected.add(op.name());
            });
        }
        assertEquals(List.of(), rejected, "ops the Java target rejects");
    }

    /** One use of every op, each node reading arguments of its own and giving an output; f32 inputs are positive. */
    static Graph everyOp() {
        TensorType x = TensorType.f32(2, 3);
        TensorType image = TensorType.f32(2, 4, 6, 6);
        Attrs window = Attrs.of("kernel", List.of(2, 2), "stride", List.of(2, 2));
        Graph g = new Graph("every_op");
        List<Object[]> uses = new ArrayList<>();
        for (OpKind op : UnaryOps.ALL) uses.add(new Object[] {op, Attrs.EMPTY, x});
        for (OpKind op : UnaryOps.GRADS) uses.add(new Object[] {op, Attrs.EMPTY, x, x});
        for (OpKind op : BinaryOps.ALL) uses.add(new Object[] {op, Attrs.EMPTY, x, TensorType.f32(3)});
        uses.add(new Object[] {BinaryOps.MUL, Attrs.EMPTY, TensorType.i32(2, 3), TensorType.i32(3)});
        uses.add(new Object[] {BinaryOps.DIV, Attrs.EMPTY, TensorType.i32(2, 3), TensorType.i32(3)});
        uses.add(new Object[] {ConstantOps.FILL, Attrs.of("dtype", "f32", "shape", List.of(2, 3), "value", 0.5)});
        uses.add(new Object[] {ConstantOps.CAST, Attrs.of("dtype", "i32"), x});
        uses.add(new Object[] {MatmulOps.MATMUL, Attrs.EMPTY, TensorType.f32(2, 5, 3), TensorType.f32(3, 4)});
        uses.add(new Object[] {MatmulOps.MATMUL, Attrs.of("transpose_a", true), TensorType.f32(2, 3, 5), TensorType.f32(3, 4)});
        uses.add(new Object[] {MatmulOps.MATMUL, Attrs.of("transpose_b", true), TensorType.f32(5, 3), TensorType.f32(2, 4, 3)});
        uses.add(new Object[] {MatmulOps.MATMUL, Attrs.of("transpose_a", true, "transpose_b", true), TensorType.f32(3, 5), TensorType.f32(4, 3)});
        uses.add(new Object[] {ConvOps.CONV2D, Attrs.of("groups", 2, "padding", List.of(1, 1)), image, TensorType.f32(6, 2, 3, 3)});
        uses.add(new Object[] {ConvOps.CONV2D, Attrs.of("stride", List.of(2, 2), "dilation", List.of(2, 1)), image, TensorType.f32(3, 4, 3, 2)});
        uses.add(new Object[] {PoolOps.MAX_POOL2D, window, image});
        uses.add(new Object[] {PoolOps.AVG_POOL2D, Attrs.of("kernel", List.of(3, 3), "stride", List.of(2, 2), "padding", List.of(1, 1)), image});
        uses.add(new Object[] {PoolOps.GLOBAL_AVG_POOL, Attrs.EMPTY, image});
        uses.add(new Object[] {NormOps.BATCH_NORM, Attrs.EMPTY, image, TensorType.f32(4), TensorType.f32(4)});
        uses.add(new Object[] {NormOps.LAYER_NORM, Attrs.EMPTY, x, TensorType.f32(3), TensorType.f32(3)});
        uses.add(new Object[] {SoftmaxOps.SOFTMAX, Attrs.of("axis", 1), x});
        uses.add(new Object[] {SoftmaxOps.LOG_SOFTMAX, Attrs.of("axis", 0), x});
        uses.add(new Object[] {LossOps.CROSS_ENTROPY, Attrs.EMPTY, x, TensorType.i32(2)});
        uses.add(new Object[] {LossOps.MSE, Attrs.EMPTY, x, x});
        uses.add(new Object[] {ReduceOps.REDUCE_SUM, Attrs.of("axes", List.of(1)), x});
        uses.add(new Object[] {ReduceOps.REDUCE_SUM, Attrs.of("axes", List.of(0)), TensorType.i32(2, 3)});
        uses.add(new Object[] {ReduceOps.REDUCE_MEAN, Attrs.of("axes", List.of(0, 1)), x});
        uses.add(new Object[] {ReduceOps.REDUCE_MAX, Attrs.of("axes", List.of(0), "keepdims", true), x});
        uses.add(new Object[] {ShapeOps.RESHAPE, Attrs.of("shape", List.of(3, 2)), x});
        uses.add(new Object[] {ShapeOps.TRANSPOSE, Attrs.of("perm", List.of(1, 0)), x});
        uses.add(new Object[] {ShapeOps.CONCAT, Attrs.of("axis", 1), x, TensorType.f32(2, 1), x});
        uses.add(new Object[] {ShapeOps.SLICE, Attrs.of("axis", 1, "start", 1, "end", 3), x});
        uses.add(new Object[] {GatherOps.EMBEDDING, Attrs.EMPTY, TensorType.f32(5, 3), TensorType.i32(2, 2)});
        uses.add(new Object[] {ShapeOps.PAD, Attrs.of("axis", 1, "before", 1, "after", 2), x});
        uses.add(new Object[] {ShapeOps.BROADCAST_TO, Attrs.of("shape", List.of(4, 2, 3)), x});
        uses.add(new Object[] {ConvOps.CONV2D_GRAD_INPUT, Attrs.of("groups", 2, "padding", List.of(1, 1), "shape", List.of(2, 4, 6, 6)),
                TensorType.f32(2, 6, 6, 6), TensorType.f32(6, 2, 3, 3)});
        uses.add(new Object[] {ConvOps.CONV2D_GRAD_INPUT, Attrs.of("stride", List.of(2, 2), "shape", List.of(2, 4, 6, 6)),
                TensorType.f32(2, 3, 2, 2), TensorType.f32(3, 4, 3, 3)});
        uses.add(new Object[] {ConvOps.CONV2D_GRAD_WEIGHT, Attrs.of("groups", 2, "padding", List.of(1, 1), "kernel", List.of(3, 3)),
                image, TensorType.f32(2, 6, 6, 6)});
        uses.add(new Object[] {PoolOps.MAX_POOL2D_GRAD, window, TensorType.f32(2, 4, 3, 3), image});
        uses.add(new Object[] {PoolOps.AVG_POOL2D_GRAD, window.with("shape", List.of(2, 4, 6, 6)), TensorType.f32(2, 4, 3, 3)});
        Attrs overlapping = Attrs.of("kernel", List.of(3, 3), "stride", List.of(1, 1), "padding", List.of(1, 1));
        uses.add(new Object[] {PoolOps.MAX_POOL2D_INDICES, overlapping, image});
        // Indices 1 and 2 (the i32 range below) lie in some windows of the first row and outside the others.
        uses.add(new Object[] {PoolOps.MAX_POOL2D_GRAD_INDICES, overlapping.with("shape", List.of(2, 4, 6, 6)), image,
            TensorType.i32(2, 4, 6, 6)});
        uses.add(new Object[] {NormOps.BATCH_NORM_GRAD_INPUT, Attrs.EMPTY, image, image, TensorType.f32(4)});
        uses.add(new Object[] {NormOps.BATCH_NORM_GRAD_GAMMA, Attrs.EMPTY, image, image});
        uses.add(new Object[] {NormOps.LAYER_NORM_GRAD_INPUT, Attrs.EMPTY, x, x, TensorType.f32(3)});
        uses.add(new Object[] {NormOps.LAYER_NORM_GRAD_GAMMA, Attrs.EMPTY, x, x});
        uses.add(new Object[] {SoftmaxOps.SOFTMAX_GRAD, Attrs.of("axis", 1), x, x});
        uses.add(new Object[] {SoftmaxOps.LOG_SOFTMAX_GRAD, Attrs.of("axis", 0), x, x});
        uses.add(new Object[] {LossOps.CROSS_ENTROPY_GRAD, Attrs.EMPTY, TensorType.f32(), x, TensorType.i32(2)});
        uses.add(new Object[] {GatherOps.EMBEDDING_GRAD, Attrs.of("rows", 5), TensorType.f32(2, 2, 3), TensorType.i32(2, 2)});
        uses.add(new Object[] {GatherOps.EMBEDDING_GRAD_ADD, Attrs.EMPTY, TensorType.f32(5, 3), TensorType.f32(2, 2, 3), TensorType.i32(2, 2)});
        // Ids and labels index tables of 5 rows and 3 classes; i32 operands of arithmetic are 1 or 2.
        addUses(g, uses, Attrs.of("low", 1, "high", 3));
        return g;
    }

    /**
     * Adds each use ({op, attrs, operand types...}) to {@code g} as a node on arguments of its own, whose
     * value is an output; i32 arguments take values in {@code i32Range}.
     */
    private static void addUses(Graph g, List<Object[]> uses, Attrs i32Range) {
        for (int i = 0; i < uses.size(); i++) {
            Object[] use = uses.get(i);
            List<Value> operands = new ArrayList<>();
            for (int j = 2; j < use.length; j++) {
                TensorType t = (TensorType) use[j];
                operands.add(g.addArg("a" + i + "_" + j, Arg.Role.INPUT, t, t.dtype() == DType.I32 ? i32Range : Attrs.EMPTY, SourceLoc.NONE));
            }
            OpKind op = (OpKind) use[0];
            g.setOutput(i + "_" + op.name(), g.add(op, operands, (Attrs) use[1]));
        }
    }

    @Test
    void everyOpMatchesTheInterpreterOnItsOwn() {
        everyOpMatches((g, args) -> {
            JavaSession session = JavaSession.compile(g);
            session.set(args);
            return session;
        });
    }

    /**
     * Products large enough for the vector kernels, in every layout: 14 rows (blocks of 6, then 2), 45
     * columns (vectors, then single columns), a depth of 300 (a tile of 256 and a rest; vectors of the dot
     * form, then single depths), batched and not.
     */
    @Test
    void matmulsOfEveryLayoutMatchTheInterpreterAtVectorSizes() {
        Graph g = new Graph("matmuls");
        Object[][] uses = {
            {Attrs.EMPTY, TensorType.f32(14, 300), TensorType.f32(300, 45)},
            {Attrs.of("transpose_a", true), TensorType.f32(300, 14), TensorType.f32(300, 45)},
            {Attrs.of("transpose_b", true), TensorType.f32(14, 300), TensorType.f32(45, 300)},
            {Attrs.of("transpose_a", true, "transpose_b", true), TensorType.f32(300, 14), TensorType.f32(45, 300)},
            {Attrs.EMPTY, TensorType.f32(3, 14, 300), TensorType.f32(300, 45)},
            {Attrs.of("transpose_b", true), TensorType.f32(3, 14, 300), TensorType.f32(3, 45, 300)},
        };
        for (int i = 0; i < uses.length; i++) {
            Value a = g.addArg("a" + i, Arg.Role.INPUT, (TensorType) uses[i][1], Attrs.EMPTY, SourceLoc.NONE);
            Value b = g.addArg("b" + i, Arg.Role.INPUT, (TensorType) uses[i][2], Attrs.EMPTY, SourceLoc.NONE);
            g.setOutput("y" + i, g.add(MatmulOps.MATMUL, List.of(a, b), (Attrs) uses[i][0]));
        }
        matchesTheInterpreter(g);
    }

    /**
     * Convolutions the vector kernels compute: 1x1, forward, input and weight gradients, on planes of 5 x 7
     * (vectors of positions, then single ones); and forward, rows of 37 columns (vectors across the
     * interior, scalars at the edges) with padding, dilation, row stride and a kernel wider than the
     * padding; in blocks of planes and a rest, grouped and not.
     */
    @Test
    void convolutionsMatchTheInterpreterAtVectorSizes() {
        Graph g = new Graph("convolutions");
        TensorType rows = TensorType.f32(2, 4, 9, 37);
        Object[][] uses = {
            {ConvOps.CONV2D, Attrs.of("padding", List.of(1, 1)), rows, TensorType.f32(5, 4, 3, 3)},
            {ConvOps.CONV2D, Attrs.of("groups", 2, "padding", List.of(2, 2), "dilation", List.of(1, 2)), rows, TensorType.f32(6, 2, 3, 3)},
            {ConvOps.CONV2D, Attrs.of("stride", List.of(2, 1), "padding", List.of(0, 1)), rows, TensorType.f32(3, 4, 5, 5)},
            // Patch products: planes in several chunks (64 channels x 9 taps), strided and dilated taps, narrow planes.
            {ConvOps.CONV2D, Attrs.of("padding", List.of(1, 1)), TensorType.f32(2, 64, 9, 37), TensorType.f32(13, 64, 3, 3)},
            {ConvOps.CONV2D, Attrs.of("stride", List.of(2, 2), "padding", List.of(3, 2), "dilation", List.of(2, 1)), rows,
                TensorType.f32(8, 4, 3, 5)},
            {ConvOps.CONV2D, Attrs.of("padding", List.of(1, 1)), TensorType.f32(2, 4, 4, 4), TensorType.f32(6, 4, 3, 3)},
            {ConvOps.CONV2D, Attrs.of("padding", List.of(1, 1)), TensorType.f32(1, 256, 6, 6), TensorType.f32(8, 256, 3, 3)},
            // Dot products on planes too small for vectors of positions: 2x2, 1x1, strided.
            {ConvOps.CONV2D, Attrs.of("padding", List.of(1, 1)), TensorType.f32(2, 16, 2, 2), TensorType.f32(37, 16, 3, 3)},
            {ConvOps.CONV2D, Attrs.EMPTY, TensorType.f32(2, 16, 5, 5), TensorType.f32(9, 16, 5, 5)},
            {ConvOps.CONV2D, Attrs.of("stride", List.of(2, 2), "padding", List.of(1, 1)), TensorType.f32(3, 5, 5, 3), TensorType.f32(8, 5, 3, 3)},
            {ConvOps.CONV2D, Attrs.EMPTY, TensorType.f32(2, 6, 14, 14), TensorType.f32(16, 6, 5, 5)},
            {ConvOps.CONV2D_GRAD_WEIGHT, Attrs.of("kernel", List.of(3, 3), "padding", List.of(1, 1)), rows, TensorType.f32(2, 13, 9, 37)},
            {ConvOps.CONV2D_GRAD_WEIGHT, Attrs.of("kernel", List.of(3, 5), "stride", List.of(2, 2), "padding", List.of(3, 2), "dilation", List.of(2, 1)),
                rows, TensorType.f32(2, 8, 6, 19)},
            {ConvOps.CONV2D_GRAD_WEIGHT, Attrs.of("kernel", List.of(5, 5)), TensorType.f32(2, 6, 14, 14), TensorType.f32(2, 16, 10, 10)},
            {ConvOps.CONV2D_GRAD_INPUT, Attrs.of("shape", List.of(2, 4, 9, 37), "padding", List.of(1, 1)), TensorType.f32(2, 13, 9, 37),
                TensorType.f32(13, 4, 3, 3)},
            {ConvOps.CONV2D_GRAD_INPUT, Attrs.of("shape", List.of(2, 4, 9, 37), "stride", List.of(2, 2), "padding", List.of(3, 2), "dilation", List.of(2, 1)),
                TensorType.f32(2, 8, 6, 19), TensorType.f32(8, 4, 3, 5)},
            {ConvOps.CONV2D_GRAD_INPUT, Attrs.of("shape", List.of(2, 6, 14, 14)), TensorType.f32(2, 16, 10, 10), TensorType.f32(16, 6, 5, 5)},
            {ConvOps.CONV2D, Attrs.EMPTY, TensorType.f32(2, 6, 5, 7), TensorType.f32(7, 6, 1, 1)},
            {ConvOps.CONV2D, Attrs.of("groups", 2), TensorType.f32(2, 6, 5, 7), TensorType.f32(10, 3, 1, 1)},
            {ConvOps.CONV2D_GRAD_INPUT, Attrs.of("shape", List.of(2, 6, 5, 7)), TensorType.f32(2, 7, 5, 7), TensorType.f32(7, 6, 1, 1)},
            {ConvOps.CONV2D_GRAD_WEIGHT, Attrs.of("kernel", List.of(1, 1)), TensorType.f32(2, 6, 5, 7), TensorType.f32(2, 7, 5, 7)},
            {ConvOps.CONV2D_GRAD_WEIGHT, Attrs.of("groups", 2, "kernel", List.of(1, 1)), TensorType.f32(2, 6, 5, 7), TensorType.f32(2, 10, 5, 7)},
            {ConvOps.CONV2D_GRAD_INPUT, Attrs.of("groups", 2, "shape", List.of(2, 10, 5, 7)), TensorType.f32(2, 6, 5, 7),
                TensorType.f32(6, 5, 1, 1)},
            // 1x1 on planes under 8 positions: dot products forward, input channels in vectors backward (runs of 20 and 35).
            {ConvOps.CONV2D, Attrs.EMPTY, TensorType.f32(2, 20, 2, 2), TensorType.f32(9, 20, 1, 1)},
            {ConvOps.CONV2D_GRAD_INPUT, Attrs.of("shape", List.of(2, 20, 2, 2)), TensorType.f32(2, 9, 2, 2), TensorType.f32(9, 20, 1, 1)},
            {ConvOps.CONV2D_GRAD_INPUT, Attrs.of("shape", List.of(3, 70, 1, 1)), TensorType.f32(3, 5, 1, 1), TensorType.f32(5, 70, 1, 1)},
        };
        for (int i = 0; i < uses.length; i++) {
            Value a = g.addArg("a" + i, Arg.Role.INPUT, (TensorType) uses[i][2], Attrs.EMPTY, SourceLoc.NONE);
            Value b = g.addArg("b" + i, Arg.Role.INPUT, (TensorType) uses[i][3], Attrs.EMPTY, SourceLoc.NONE);
            g.setOutput("y" + i, g.add((OpKind) uses[i][0], List.of(a, b), (Attrs) uses[i][1]));
        }
        matchesTheInterpreter(g);
    }

    /**
     * Every elementwise op, and the ops whose rows run in vectors (softmax, cross-entropy, norms), on 3 x
     * 37 elements: whole vectors, then single elements; binary ops against a row (one lane each) and a
     * column (the same value in every lane); a fused chain.
     */
    @Test
    void elementwiseAndRowOpsMatchTheInterpreterAtVectorSizes() {
        Graph g = new Graph("lanes");
        TensorType x = TensorType.f32(3, 37);
        TensorType image = TensorType.f32(2, 4, 5, 7);
        List<Object[]> uses = new ArrayList<>();
        for (OpKind op : UnaryOps.ALL) uses.add(new Object[] {op, Attrs.EMPTY, x});
        for (OpKind op : UnaryOps.GRADS) uses.add(new Object[] {op, Attrs.EMPTY, x, x});
        for (OpKind op : BinaryOps.ALL) {
            uses.add(new Object[] {op, Attrs.EMPTY, x, TensorType.f32(37)});
            uses.add(new Object[] {op, Attrs.EMPTY, x, TensorType.f32(3, 1)});
        }
        uses.add(new Object[] {SoftmaxOps.SOFTMAX, Attrs.of("axis", 1), x});
        uses.add(new Object[] {SoftmaxOps.LOG_SOFTMAX, Attrs.of("axis", 1), x});
        uses.add(new Object[] {LossOps.CROSS_ENTROPY, Attrs.EMPTY, x, TensorType.i32(3)});
        uses.add(new Object[] {LossOps.CROSS_ENTROPY_GRAD, Attrs.EMPTY, TensorType.f32(), x, TensorType.i32(3)});
        uses.add(new Object[] {NormOps.LAYER_NORM, Attrs.EMPTY, x, TensorType.f32(37), TensorType.f32(37)});
        uses.add(new Object[] {NormOps.LAYER_NORM_GRAD_INPUT, Attrs.EMPTY, x, x, TensorType.f32(37)});
        uses.add(new Object[] {NormOps.LAYER_NORM_GRAD_GAMMA, Attrs.EMPTY, x, x});
        uses.add(new Object[] {NormOps.BATCH_NORM, Attrs.EMPTY, image, TensorType.f32(4), TensorType.f32(4)});
        uses.add(new Object[] {NormOps.BATCH_NORM_GRAD_INPUT, Attrs.EMPTY, image, image, TensorType.f32(4)});
        uses.add(new Object[] {NormOps.BATCH_NORM_GRAD_GAMMA, Attrs.EMPTY, image, image});
        addUses(g, uses, Attrs.of("low", 0, "high", 37));
        Value a = g.addArg("chain_a", Arg.Role.INPUT, x, Attrs.EMPTY, SourceLoc.NONE);
        Value b = g.addArg("chain_b", Arg.Role.INPUT, TensorType.f32(37), Attrs.EMPTY, SourceLoc.NONE);
        Node product = g.add(BinaryOps.MUL, List.of(a, b), Attrs.EMPTY);
        g.setOutput("chain", g.add(UnaryOps.SIGMOID, List.of(g.add(BinaryOps.ADD, List.of(g.add(UnaryOps.TANH, List.of(product), Attrs.EMPTY), a),
                Attrs.EMPTY)), Attrs.EMPTY));
        matchesTheInterpreter(g, true);
    }

    /** Random arguments of {@code g}; with {@code positive}, f32 ones at least 0.5, which keeps log, sqrt and pow real. */
    private static Map<String, Tensor> arguments(Graph g, boolean positive) {
        Map<String, Tensor> args = new HashMap<>();
        for (Arg a : g.args()) {
            Tensor t = Initializers.forArg(a, SEED);
            if (positive && a.type().dtype() == DType.F32) for (int i = 0; i < t.size(); i++) t.set(i, (float) (Math.abs(t.get(i)) + 0.5));
            args.put(a.name(), t);
        }
        return args;
    }

    /** One step of {@code g} on the Java target gives the interpreter's outputs, on random arguments. */
    private static void matchesTheInterpreter(Graph g) {
        matchesTheInterpreter(g, false);
    }

    /** As above, f32 arguments made positive when {@code positive}. */
    private static void matchesTheInterpreter(Graph g, boolean positive) {
        Map<String, Tensor> args = arguments(g, positive);
        JavaSession session = JavaSession.compile(g);
        session.set(args);
        Interpreter.Result expected = Interpreter.run(g, args);
        Interpreter.Result actual = session.step();
        expected.outputs().forEach((name, t) -> assertClose("output " + name, t, actual.outputs().get(name), 0));
    }

    /** Every op in one graph, each on arguments of its own (positive f32 values), on a target and on the interpreter. */
    static void everyOpMatches(Starter starter) {
        Graph g = everyOp();
        Set<String> used = new HashSet<>();
        g.nodes().forEach(n -> used.add(n.op().name()));
        assertEquals(Ops.all().stream().map(OpKind::name).collect(Collectors.toSet()), used, "ops the test uses");
        Map<String, Tensor> args = arguments(g, true);
        Session session = starter.start(g, args);
        Interpreter.Result expected = Interpreter.run(g, args);
        Interpreter.Result actual = session.step();
        expected.outputs().forEach((name, t) -> assertClose("output " + name, t, actual.outputs().get(name), 0));
    }

    /** The generated class holds one float[] arena of exactly arena_bytes and one array per argument, nothing else. */
    @Test
    void allocatesExactlyThePlannedArena() throws IllegalAccessException {
        for (String net : List.of("mlp", "lenet", "lstm_lm")) {
            Graph g = compile(net, true, fullPipeline(true));
            JavaSession session = JavaSession.compile(g);
            long arena = g.plan().arenaBytes();
            assertEquals(arena, session.net().arenaBytes(), net + ": arena bytes");
            long arrays = 0;
            int fields = 0;
            for (Field f : session.net().getClass().getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) continue;
                f.setAccessible(true);
                arrays += 4L * ((float[]) f.get(session.net())).length;
                fields++;
            }
            long argBytes = g.args().stream().mapToLong(a -> a.type().bytes()).sum();
            assertEquals(arena + argBytes, arrays, net + ": bytes of all arrays = arena + arguments");
            assertEquals(g.args().size() + 1, fields, net + ": one array per argument plus the arena");
            assertTrue(g.args().stream().anyMatch(Arg::persistent));
        }
    }
}
