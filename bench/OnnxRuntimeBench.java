import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nnc.backend.java.JavaSession;
import nnc.frontend.Compilation;
import nnc.frontend.Frontend;
import nnc.frontend.SourceFile;
import nnc.ir.Arg;
import nnc.ir.Attrs;
import nnc.ir.DType;
import nnc.ir.Graph;
import nnc.ir.Initializers;
import nnc.ir.Interpreter;
import nnc.ir.Node;
import nnc.ir.Shape;
import nnc.ir.Tensor;
import nnc.ir.TensorType;
import nnc.ir.Value;
import nnc.passes.PassManager;
import nnc.passes.PassRegistry;
import nnc.passes.Pipeline;

/**
 * nnc's Java target against ONNX Runtime (CPU) on the same network and weights: the yardstick of the
 * Java target's inference speed. Each net's inference graph, as the frontend lowers it, is written as an
 * ONNX model (a small protobuf encoder below; no ONNX library needed) with the params as initializers;
 * the outputs of ONNX Runtime, the Java target and the reference interpreter must agree before anything
 * is timed. A benchmark that prints a table, not a test. Run it with bench/onnx-runtime.sh.
 *
 * Arguments: [NET...] to run only some nets (mlp, lenet, resnet18).
 */
public final class OnnxRuntimeBench {
    /** The sizes of bench/JavaTargetBench.java, so the two tables can be read side by side. */
    private static final Map<String, Map<String, Integer>> SIZES = new LinkedHashMap<>();

    static {
        SIZES.put("mlp", Map.of("batch", 64));
        SIZES.put("lenet", Map.of("batch", 64));
        SIZES.put("resnet18", Map.of("batch", 4, "image", 64, "width", 16, "classes", 100));
    }

    private static final long SEED = 1;
    /** Largest accepted |x - ref| / (|ref| + 1): relative for large values, absolute near zero. */
    private static final double TOLERANCE = 1e-3;

    /** An expected failure (bad argument, unmapped op, outputs that disagree): a message, no stack trace. */
    static final class BenchException extends RuntimeException {
        private static final long serialVersionUID = 1;

        BenchException(String message) {
            super(message);
        }
    }

    public static void main(String[] argv) throws Exception {
        List<String> nets = argv.length > 0 ? List.of(argv) : new ArrayList<>(SIZES.keySet());
        for (String net : nets) {
            if (!SIZES.containsKey(net)) {
                System.err.println("OnnxRuntimeBench: unknown net '" + net + "'; known: " + String.join(", ", SIZES.keySet()));
                System.exit(2);
            }
        }
        int threads = Runtime.getRuntime().availableProcessors();
        OrtEnvironment env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "nnc-bench");
        System.out.printf("ONNX Runtime %s on the CPU, %d intra-op threads (one per core)%n", env.getVersion(), threads);
        System.out.printf("%-10s %12s %12s %12s %10s %10s%n", "net", "interp ms", "java ms", "ORT ms", "java/ORT", "max err");
        int failures = 0;
        for (String net : nets) {
            try {
                Row r = bench(env, threads, net);
                System.out.printf("%-10s %12.1f %12.2f %12.2f %9.2fx %10.1e%n", net, r.interp * 1e3, r.java * 1e3, r.ort * 1e3,
                        r.java / r.ort, r.maxErr);
            } catch (BenchException | OrtException e) {
                System.out.printf("%-10s FAILED: %s%n", net, e.getMessage());
                failures++;
            }
        }
        System.exit(failures == 0 ? 0 : 1);
    }

    /** Seconds per inference step of each runner, and the largest disagreement with the interpreter. */
    record Row(double interp, double java, double ort, double maxErr) {}

    private static Row bench(OrtEnvironment env, int threads, String net) throws Exception {
        // The frontend's graph for the interpreter and the ONNX export; the same graph through the passes
        // for the Java target. Initializers are seeded by argument name, so both get identical values.
        Graph lowered = compile(net);
        Graph planned = compile(net);
        List<String> passes = new ArrayList<>(PassRegistry.standard().names());
        passes.remove("autodiff");
        new PassManager().run(Pipeline.parse(String.join(",", passes), PassRegistry.standard()), planned);
        Map<String, Tensor> args = Initializers.forGraph(lowered, SEED);
        OnnxExport model = new OnnxExport(lowered, args);

        Map<String, Tensor> expected = Interpreter.run(lowered, args).outputs();
        JavaSession java = JavaSession.compile(planned);
        java.set(args);
        Map<String, Tensor> javaOut = java.step().outputs();

        Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(threads);
            // ORT's workers spin for a while after each run; interleaved with the Java target in one
            // process, they would take the cores the Java target's step is timed on.
            opts.addConfigEntry("session.intra_op.allow_spinning", "0");
            opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            try (OrtSession ort = env.createSession(model.bytes(), opts)) {
                for (Arg a : lowered.args()) {
                    if (a.role() == Arg.Role.INPUT) feeds.put(a.name(), toOrt(env, args.get(a.name())));
                }
                Map<String, double[]> ortOut = new LinkedHashMap<>();
                try (OrtSession.Result res = ort.run(feeds)) {
                    for (String name : expected.keySet()) ortOut.put(name, fromOrt(res.get(model.outputName(name)).orElseThrow()));
                }
                double maxErr = 0;
                for (Map.Entry<String, Tensor> e : expected.entrySet()) {
                    double[] ref = e.getValue().toArray();
                    maxErr = Math.max(maxErr, check(net, "java target", e.getKey(), ref, javaOut.get(e.getKey()).toArray()));
                    maxErr = Math.max(maxErr, check(net, "ONNX Runtime", e.getKey(), ref, ortOut.get(e.getKey())));
                }

                double interp = timeInterpreter(lowered, args);
                double[] javaAndOrt = timeInterleaved(java.net()::run, ortStep(ort, feeds));
                return new Row(interp, javaAndOrt[0], javaAndOrt[1], maxErr);
            }
        } finally {
            for (OnnxTensor t : feeds.values()) t.close();
        }
    }

    private static Graph compile(String net) throws Exception {
        SourceFile src = SourceFile.read(Path.of("tests/nets", net + ".dsl"));
        Compilation c = Frontend.compile(src, SIZES.get(net));
        if (!c.ok()) throw new BenchException(c.renderDiagnostics());
        return c.graph();
    }

    /** The largest scaled error of {@code got} against {@code ref}; throws when it is over the tolerance. */
    private static double check(String net, String who, String output, double[] ref, double[] got) {
        if (got.length != ref.length) {
            throw new BenchException(who + " gives " + got.length + " values for output " + output + ", expected " + ref.length);
        }
        double worst = 0;
        int at = 0;
        for (int i = 0; i < ref.length; i++) {
            double err = Math.abs(got[i] - ref[i]) / (Math.abs(ref[i]) + 1);
            if (!(err <= worst)) { // NaN counts as the worst
                worst = Double.isNaN(err) ? Double.POSITIVE_INFINITY : err;
                at = i;
            }
        }
        if (worst > TOLERANCE) {
            throw new BenchException(String.format("%s disagrees with the interpreter on %s.%s[%d]: %s vs %s", who, net, output, at,
                    got[at], ref[at]));
        }
        return worst;
    }

    /** Seconds per step: the mean of a few steps after one to warm up (as JavaTargetBench). */
    private static double timeInterpreter(Graph g, Map<String, Tensor> args) {
        Interpreter.run(g, args);
        return mean(3, 2.0, () -> Interpreter.run(g, args));
    }

    /** Timed rounds after warm-up, and the seconds each runner gets per round. */
    private static final int ROUNDS = 7;
    private static final double ROUND_SECONDS = 0.5;

    /**
     * Seconds per step of each runner. Warm-up as JavaTargetBench's (each Java kernel is a method run
     * once per step, so the JIT needs some hundreds of steps to compile them all; ONNX Runtime gets the
     * same), then {@link #ROUNDS} rounds that time the runners in turn, and each runner's median round
     * mean: on a shared machine, interleaving exposes both to the same load and the median drops the
     * rounds a burst of it hit.
     */
    private static double[] timeInterleaved(Runnable... runners) {
        for (Runnable r : runners) mean(300, 30.0, r);
        double[][] rounds = new double[runners.length][ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            for (int k = 0; k < runners.length; k++) rounds[k][i] = mean(Integer.MAX_VALUE, ROUND_SECONDS, runners[k]);
        }
        double[] medians = new double[runners.length];
        for (int k = 0; k < runners.length; k++) {
            Arrays.sort(rounds[k]);
            medians[k] = rounds[k][ROUNDS / 2];
        }
        return medians;
    }

    /** One inference step of ONNX Runtime; the outputs are freed at once, the inputs reused. */
    private static Runnable ortStep(OrtSession session, Map<String, OnnxTensor> feeds) {
        return () -> {
            try {
                session.run(feeds).close(); // nothing to read: the check before timing read the outputs
            } catch (OrtException e) {
                throw new BenchException("ONNX Runtime failed: " + e.getMessage());
            }
        };
    }

    /** Mean seconds of up to {@code runs} runs, stopping once {@code budget} seconds have passed. */
    private static double mean(int runs, double budget, Runnable step) {
        long start = System.nanoTime();
        int done = 0;
        while (done < runs && (done == 0 || System.nanoTime() - start < budget * 1e9)) {
            step.run();
            done++;
        }
        return (System.nanoTime() - start) / 1e9 / done;
    }

    private static OnnxTensor toOrt(OrtEnvironment env, Tensor t) throws OrtException {
        long[] shape = Arrays.stream(t.shape().dims()).asLongStream().toArray();
        double[] v = t.toArray();
        if (t.type().dtype() == DType.I32) {
            int[] ints = new int[v.length];
            for (int i = 0; i < v.length; i++) ints[i] = (int) v[i];
            return OnnxTensor.createTensor(env, IntBuffer.wrap(ints), shape);
        }
        float[] floats = new float[v.length];
        for (int i = 0; i < v.length; i++) floats[i] = (float) v[i];
        return OnnxTensor.createTensor(env, FloatBuffer.wrap(floats), shape);
    }

    private static double[] fromOrt(OnnxValue value) {
        OnnxTensor t = (OnnxTensor) value;
        FloatBuffer f = t.getFloatBuffer();
        if (f != null) {
            double[] out = new double[f.remaining()];
            for (int i = 0; i < out.length; i++) out[i] = f.get(i);
            return out;
        }
        IntBuffer ints = t.getIntBuffer();
        if (ints == null) throw new BenchException("ONNX Runtime output of unexpected type " + t.getInfo());
        double[] out = new double[ints.remaining()];
        for (int i = 0; i < out.length; i++) out[i] = ints.get(i);
        return out;
    }

    /**
     * Protobuf wire format, just what ONNX needs: varints, fixed32 floats and length-delimited fields.
     * Repeated scalars are written unpacked, the proto2 default that onnx.proto declares.
     */
    static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        private void varint(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }

        private void tag(int field, int wireType) {
            varint((long) field << 3 | wireType);
        }

        /** int32, int64 and enums alike: negative values take ten bytes, as protobuf sign-extends them. */
        Proto integer(int field, long v) {
            tag(field, 0);
            varint(v);
            return this;
        }

        Proto float32(int field, float v) {
            tag(field, 5);
            int bits = Float.floatToRawIntBits(v);
            for (int i = 0; i < 4; i++) out.write(bits >>> (8 * i));
            return this;
        }

        Proto bytes(int field, byte[] b) {
            tag(field, 2);
            varint(b.length);
            out.writeBytes(b);
            return this;
        }

        Proto string(int field, String s) {
            return bytes(field, s.getBytes(StandardCharsets.UTF_8));
        }

        Proto message(int field, Proto m) {
            return bytes(field, m.toBytes());
        }

        byte[] toBytes() {
            return out.toByteArray();
        }
    }

    /**
     * An nnc graph as an ONNX model (IR version 8, default opset 17). Inputs stay graph inputs; params
     * and state become initializers holding {@code values}; every output is an Identity under its nnc
     * name. Ops without a direct ONNX counterpart are spelled out in ONNX ops with nnc's semantics.
     */
    static final class OnnxExport {
        // onnx.proto field numbers
        private static final int MODEL_IR_VERSION = 1, MODEL_PRODUCER = 2, MODEL_GRAPH = 7, MODEL_OPSET = 8;
        private static final int OPSET_DOMAIN = 1, OPSET_VERSION = 2;
        private static final int GRAPH_NODE = 1, GRAPH_NAME = 2, GRAPH_INITIALIZER = 5, GRAPH_INPUT = 11, GRAPH_OUTPUT = 12;
        private static final int NODE_INPUT = 1, NODE_OUTPUT = 2, NODE_OP_TYPE = 4, NODE_ATTRIBUTE = 5;
        private static final int ATTR_NAME = 1, ATTR_F = 2, ATTR_I = 3, ATTR_S = 4, ATTR_T = 5, ATTR_INTS = 8, ATTR_TYPE = 20;
        private static final int ATTR_FLOAT = 1, ATTR_INT = 2, ATTR_STRING = 3, ATTR_TENSOR = 4, ATTR_INTS_TYPE = 7;
        private static final int TENSOR_DIMS = 1, TENSOR_DATA_TYPE = 2, TENSOR_NAME = 8, TENSOR_RAW = 9;
        private static final int VALUE_NAME = 1, VALUE_TYPE = 2, TYPE_TENSOR = 1, TT_ELEM = 1, TT_SHAPE = 2, SHAPE_DIM = 1, DIM_VALUE = 1;
        private static final int FLOAT = 1, INT32 = 6, INT64 = 7;

        private final Proto graph = new Proto();
        private final Map<Value, String> names = new IdentityHashMap<>();
        private final Map<String, String> outputNames = new LinkedHashMap<>();
        private int temps;
        private final byte[] bytes;

        OnnxExport(Graph g, Map<String, Tensor> values) {
            graph.string(GRAPH_NAME, g.name());
            Set<String> argNames = new HashSet<>();
            for (Arg a : g.args()) {
                names.put(a, a.name());
                argNames.add(a.name());
                if (a.role() == Arg.Role.INPUT) {
                    graph.message(GRAPH_INPUT, valueInfo(a.name(), a.type()));
                } else {
                    graph.message(GRAPH_INITIALIZER, tensor(a.name(), a.type(), values.get(a.name())));
                }
            }
            // Nodes as %N (arg names never contain %), helper values as %tN.
            List<Node> order = g.topoOrder();
            for (int i = 0; i < order.size(); i++) names.put(order.get(i), "%" + i);
            for (Node n : order) lower(n);
            for (Map.Entry<String, Value> o : g.outputs().entrySet()) {
                String name = argNames.contains(o.getKey()) ? o.getKey() + ":out" : o.getKey();
                outputNames.put(o.getKey(), name);
                node("Identity", List.of(names.get(o.getValue())), name);
                graph.message(GRAPH_OUTPUT, valueInfo(name, o.getValue().type()));
            }
            Proto model = new Proto()
                    .integer(MODEL_IR_VERSION, 8)
                    .string(MODEL_PRODUCER, "nnc")
                    .message(MODEL_OPSET, new Proto().string(OPSET_DOMAIN, "").integer(OPSET_VERSION, 17))
                    .message(MODEL_GRAPH, graph);
            bytes = model.toBytes();
        }

        byte[] bytes() {
            return bytes;
        }

        /** The ONNX output that holds nnc output {@code name}. */
        String outputName(String name) {
            return outputNames.get(name);
        }

        /** Emits the ONNX nodes computing {@code n} into the name {@code names.get(n)}. */
        private void lower(Node n) {
            List<String> in = n.operands().stream().map(names::get).toList();
            String out = names.get(n);
            Attrs a = n.attrs();
            String x = in.isEmpty() ? null : in.get(0);
            switch (n.op().name()) {
                case "neg" -> node("Neg", in, out);
                case "exp" -> node("Exp", in, out);
                case "log" -> node("Log", in, out);
                case "sqrt" -> node("Sqrt", in, out);
                case "rsqrt" -> node("Reciprocal", List.of(node("Sqrt", in)), out);
                case "tanh" -> node("Tanh", in, out);
                case "sigmoid" -> node("Sigmoid", in, out);
                case "relu" -> node("Relu", in, out);
                case "abs" -> node("Abs", in, out);
                case "gelu" -> {
                    // Opset 17 has no Gelu: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))), nnc's tanh form.
                    String cube = node("Mul", List.of(x, node("Mul", List.of(x, x))));
                    String inner = node("Add", List.of(x, node("Mul", List.of(cube, scalar(0.044715f)))));
                    String t = node("Tanh", List.of(node("Mul", List.of(inner, scalar((float) Math.sqrt(2 / Math.PI))))));
                    String half = node("Mul", List.of(x, scalar(0.5f)));
                    node("Mul", List.of(half, node("Add", List.of(t, scalar(1f)))), out);
                }
                case "add" -> node("Add", in, out);
                case "sub" -> node("Sub", in, out);
                case "mul" -> node("Mul", in, out);
                case "div" -> node("Div", in, out);
                case "max" -> node("Max", in, out);
                case "min" -> node("Min", in, out);
                case "pow" -> node("Pow", in, out);
                case "ge" -> node("Cast", List.of(node("GreaterOrEqual", in)), out, intAttr("to", elemType(n.type().dtype())));
                case "cast" -> node("Cast", in, out, intAttr("to", elemType(n.type().dtype())));
                case "fill" -> {
                    TensorType one = new TensorType(n.type().dtype(), Shape.of(1));
                    Proto value = tensor(null, one, Tensor.of(one, a.getFloat("value")));
                    node("ConstantOfShape", List.of(int64s(n.type().shape().dims())), out, tensorAttr("value", value));
                }
                case "matmul" -> node("MatMul", in, out);
                case "conv2d" -> {
                    int[] w = n.operand(1).type().shape().dims();
                    int[] p = a.getIntArray("padding");
                    node("Conv", in, out, intsAttr("kernel_shape", w[2], w[3]), intsAttr("strides", a.getIntArray("stride")),
                            intsAttr("pads", p[0], p[1], p[0], p[1]), intsAttr("dilations", a.getIntArray("dilation")),
                            intAttr("group", a.getInt("groups")));
                }
                case "max_pool2d", "avg_pool2d" -> {
                    int[] p = a.getIntArray("padding");
                    boolean max = n.op().name().equals("max_pool2d");
                    List<Proto> attrs = new ArrayList<>(List.of(intsAttr("kernel_shape", a.getIntArray("kernel")),
                            intsAttr("strides", a.getIntArray("stride")), intsAttr("pads", p[0], p[1], p[0], p[1])));
                    if (!max) attrs.add(intAttr("count_include_pad", 1)); // nnc divides by the whole window
                    node(max ? "MaxPool" : "AveragePool", in, out, attrs.toArray(Proto[]::new));
                }
                case "global_avg_pool" -> node("Flatten", List.of(node("GlobalAveragePool", in)), out, intAttr("axis", 1));
                case "batch_norm" -> {
                    // Batch statistics (nnc has no running averages), which ONNX's BatchNormalization only
                    // computes in training mode: spelled out with the biased variance.
                    int rank = n.type().rank();
                    long[] axes = new long[rank - 1];
                    axes[0] = 0;
                    for (int i = 2; i < rank; i++) axes[i - 1] = i;
                    int[] paramShape = new int[rank];
                    Arrays.fill(paramShape, 1);
                    paramShape[1] = n.type().shape().dim(1);
                    String centered = node("Sub", List.of(x, node("ReduceMean", List.of(x), intsAttr("axes", axes))));
                    String var = node("ReduceMean", List.of(node("Mul", List.of(centered, centered))), intsAttr("axes", axes));
                    String std = node("Sqrt", List.of(node("Add", List.of(var, scalar((float) a.getFloat("eps"))))));
                    String gamma = node("Reshape", List.of(in.get(1), int64s(paramShape)));
                    String beta = node("Reshape", List.of(in.get(2), int64s(paramShape)));
                    String scale = node("Div", List.of(gamma, std));
                    node("Add", List.of(node("Mul", List.of(centered, scale)), beta), out);
                }
                case "layer_norm" -> node("LayerNormalization", in, out, intAttr("axis", -1), floatAttr("epsilon", a.getFloat("eps")));
                case "softmax" -> node("Softmax", in, out, intAttr("axis", a.getInt("axis")));
                case "log_softmax" -> node("LogSoftmax", in, out, intAttr("axis", a.getInt("axis")));
                case "cross_entropy" -> {
                    String labels = node("Cast", List.of(in.get(1)), intAttr("to", INT64));
                    node("SoftmaxCrossEntropyLoss", List.of(x, labels), out, stringAttr("reduction", "mean"));
                }
                case "mse" -> {
                    String d = node("Sub", in);
                    node("ReduceMean", List.of(node("Mul", List.of(d, d))), out, intAttr("keepdims", 0));
                }
                case "reduce_sum" -> node("ReduceSum", List.of(x, int64s(a.getIntArray("axes"))), out, keepdims(a));
                case "reduce_mean" -> node("ReduceMean", in, out, intsAttr("axes", a.getIntArray("axes")), keepdims(a));
                case "reduce_max" -> node("ReduceMax", in, out, intsAttr("axes", a.getIntArray("axes")), keepdims(a));
                // allowzero: a 0 in nnc's shape is an empty axis, not "copy the input's"
                case "reshape" -> node("Reshape", List.of(x, int64s(a.getIntArray("shape"))), out, intAttr("allowzero", 1));
                case "broadcast_to" -> node("Expand", List.of(x, int64s(a.getIntArray("shape"))), out);
                case "transpose" -> node("Transpose", in, out, intsAttr("perm", a.getIntArray("perm")));
                case "concat" -> node("Concat", in, out, intAttr("axis", a.getInt("axis")));
                case "slice" -> node("Slice", List.of(x, int64s(a.getInt("start")), int64s(a.getInt("end")), int64s(a.getInt("axis"))), out);
                case "pad" -> {
                    int rank = n.type().rank();
                    int[] pads = new int[2 * rank];
                    pads[a.getInt("axis")] = a.getInt("before");
                    pads[rank + a.getInt("axis")] = a.getInt("after");
                    node("Pad", List.of(x, int64s(pads)), out);
                }
                case "embedding" -> node("Gather", in, out, intAttr("axis", 0));
                default -> throw new BenchException("op '" + n.op().name() + "' (" + n + ") has no ONNX mapping in this benchmark");
            }
        }

        private static Proto keepdims(Attrs a) {
            return intAttr("keepdims", a.getBool("keepdims", false) ? 1 : 0);
        }

        /** A node with a fresh output name, which it returns. */
        private String node(String opType, List<String> inputs, Proto... attrs) {
            return node(opType, inputs, "%t" + temps++, attrs);
        }

        private String node(String opType, List<String> inputs, String output, Proto... attrs) {
            Proto p = new Proto();
            for (String i : inputs) p.string(NODE_INPUT, i);
            p.string(NODE_OUTPUT, output).string(NODE_OP_TYPE, opType);
            for (Proto a : attrs) p.message(NODE_ATTRIBUTE, a);
            graph.message(GRAPH_NODE, p);
            return output;
        }

        /** A 1-D int64 initializer (shapes, axes, pads), by its fresh name. */
        private String int64s(int... values) {
            return int64s(Arrays.stream(values).asLongStream().toArray());
        }

        private String int64s(long[] values) {
            String name = "%t" + temps++;
            ByteBuffer raw = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
            for (long v : values) raw.putLong(v);
            graph.message(GRAPH_INITIALIZER, new Proto().integer(TENSOR_DIMS, values.length).integer(TENSOR_DATA_TYPE, INT64)
                    .string(TENSOR_NAME, name).bytes(TENSOR_RAW, raw.array()));
            return name;
        }

        /** An f32 scalar initializer, by its fresh name. */
        private String scalar(float v) {
            String name = "%t" + temps++;
            graph.message(GRAPH_INITIALIZER, tensor(name, TensorType.f32(), Tensor.scalar(v)));
            return name;
        }

        /** A TensorProto of {@code t}'s values as little-endian raw data ({@code name} may be null). */
        private static Proto tensor(String name, TensorType type, Tensor t) {
            Proto p = new Proto();
            for (int d : type.shape().dims()) p.integer(TENSOR_DIMS, d);
            p.integer(TENSOR_DATA_TYPE, elemType(type.dtype()));
            if (name != null) p.string(TENSOR_NAME, name);
            ByteBuffer raw = ByteBuffer.allocate(4 * t.size()).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < t.size(); i++) {
                if (type.dtype() == DType.I32) raw.putInt((int) t.get(i));
                else raw.putFloat((float) t.get(i));
            }
            return p.bytes(TENSOR_RAW, raw.array());
        }

        private static Proto valueInfo(String name, TensorType type) {
            Proto shape = new Proto(); // present even when empty: a scalar, not an unknown rank
            for (int d : type.shape().dims()) shape.message(SHAPE_DIM, new Proto().integer(DIM_VALUE, d));
            Proto tensorType = new Proto().integer(TT_ELEM, elemType(type.dtype())).message(TT_SHAPE, shape);
            return new Proto().string(VALUE_NAME, name).message(VALUE_TYPE, new Proto().message(TYPE_TENSOR, tensorType));
        }

        private static int elemType(DType d) {
            return d == DType.I32 ? INT32 : FLOAT;
        }

        private static Proto intAttr(String name, long v) {
            return new Proto().string(ATTR_NAME, name).integer(ATTR_I, v).integer(ATTR_TYPE, ATTR_INT);
        }

        private static Proto intsAttr(String name, int... vs) {
            return intsAttr(name, Arrays.stream(vs).asLongStream().toArray());
        }

        private static Proto intsAttr(String name, long[] vs) {
            Proto p = new Proto().string(ATTR_NAME, name);
            for (long v : vs) p.integer(ATTR_INTS, v);
            return p.integer(ATTR_TYPE, ATTR_INTS_TYPE);
        }

        private static Proto floatAttr(String name, double v) {
            return new Proto().string(ATTR_NAME, name).float32(ATTR_F, (float) v).integer(ATTR_TYPE, ATTR_FLOAT);
        }

        private static Proto stringAttr(String name, String v) {
            return new Proto().string(ATTR_NAME, name).string(ATTR_S, v).integer(ATTR_TYPE, ATTR_STRING);
        }

        private static Proto tensorAttr(String name, Proto t) {
            return new Proto().string(ATTR_NAME, name).message(ATTR_T, t).integer(ATTR_TYPE, ATTR_TENSOR);
        }
    }
}
