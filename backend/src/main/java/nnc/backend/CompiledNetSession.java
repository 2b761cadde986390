package nnc.backend;

import java.util.LinkedHashMap;
import java.util.Map;
import nnc.ir.Arg;
import nnc.ir.DType;
import nnc.ir.Graph;
import nnc.ir.Interpreter;
import nnc.ir.Tensor;
import nnc.ir.TensorType;
import nnc.runtime.CompiledNet;

/**
 * A session over a generated {@link CompiledNet} (Java or OpenCL host), fed and read as {@link Tensor}s.
 * Generated code holds every value as floats, i32 values as their raw bits.
 */
public abstract class CompiledNetSession implements Session {
    private final CompiledNet net;
    private final Graph graph;

    protected CompiledNetSession(CompiledNet net, Graph graph) {
        this.net = net;
        this.graph = graph;
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
