package nnc.backend.java;

import java.lang.reflect.InvocationTargetException;
import java.util.LinkedHashMap;
import java.util.Map;
import nnc.backend.Session;
import nnc.ir.Arg;
import nnc.ir.DType;
import nnc.ir.Graph;
import nnc.ir.Interpreter;
import nnc.ir.Tensor;
import nnc.ir.TensorType;
import nnc.runtime.CompiledNet;

/**
 * A network's generated class, compiled in memory and loaded into this JVM, fed and read as
 * {@link Tensor}s: what {@code nnc run --target java} and the cross-target tests drive. Params and
 * optimizer state stay inside the instance from one step to the next.
 */
public final class JavaSession implements Session {
    private final JavaSource source;
    private final CompiledNet net;
    private final Graph graph;

    private JavaSession(JavaSource source, CompiledNet net, Graph graph) {
        this.source = source;
        this.net = net;
        this.graph = graph;
    }

    /** Generates, compiles and instantiates the class of {@code g} (planned first if it has no plan). */
    public static JavaSession compile(Graph g) {
        JavaSource source = JavaTarget.generate(g, JavaTarget.DEFAULT_PACKAGE);
        Class<?> cls = InMemoryCompiler.compile(source);
        try {
            return new JavaSession(source, (CompiledNet) cls.getDeclaredConstructor().newInstance(), g);
        } catch (InstantiationException | IllegalAccessException | NoSuchMethodException | InvocationTargetException e) {
            throw new IllegalStateException("cannot instantiate " + source.qualifiedName(), e);
        }
    }

    public JavaSource source() {
        return source;
    }

    public CompiledNet net() {
        return net;
    }

    /** Sets every argument named in {@code args}. */
    public void set(Map<String, Tensor> args) {
        args.forEach((name, t) -> net.set(name, toFloats(t)));
    }

    @Override
    public Interpreter.Result step() {
        net.run();
        Map<String, Tensor> outputs = new LinkedHashMap<>();
        for (String name : graph.outputs().keySet()) outputs.put(name, read(name, graph.outputs().get(name).type()));
        Map<String, Tensor> updated = new LinkedHashMap<>();
        for (Arg a : graph.updates().keySet()) updated.put(a.name(), read(a.name(), a.type()));
        return new Interpreter.Result(outputs, updated);
    }

    @Override
    public Map<String, Tensor> persistent() {
        Map<String, Tensor> values = new LinkedHashMap<>();
        for (Arg a : graph.args()) {
            if (a.persistent()) values.put(a.name(), read(a.name(), a.type()));
        }
        return values;
    }

    private Tensor read(String name, TensorType type) {
        float[] raw = net.get(name);
        double[] values = new double[raw.length];
        for (int i = 0; i < raw.length; i++) values[i] = type.dtype() == DType.I32 ? Float.floatToRawIntBits(raw[i]) : raw[i];
        return Tensor.of(type, values);
    }

    private static float[] toFloats(Tensor t) {
        float[] raw = new float[t.size()];
        for (int i = 0; i < raw.length; i++) raw[i] = t.type().dtype() == DType.I32 ? Float.intBitsToFloat((int) t.get(i)) : (float) t.get(i);
        return raw;
    }
}
