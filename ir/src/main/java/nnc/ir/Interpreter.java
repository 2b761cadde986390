package nnc.ir;

import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference interpreter: runs a graph node by node in topological order with each op's
 * {@link OpKind#eval}. Simple on purpose; it is the oracle for every pass and backend.
 */
public final class Interpreter {
    /** What one step produced: named outputs and the new value of every updated persistent argument. */
    public record Result(Map<String, Tensor> outputs, Map<String, Tensor> updated) {}

    private Interpreter() {}

    /** {@code args} maps every argument name to a tensor of the argument's type. */
    public static Result run(Graph g, Map<String, Tensor> args) {
        Map<Value, Tensor> env = bindArgs(g, args);
        for (Node n : g.topoOrder()) {
            Tensor out = Tensor.zeros(n.type());
            n.op().eval(n.operands().stream().map(env::get).toList(), n.attrs(), out);
            env.put(n, out);
        }
        return result(g, env);
    }

    /** An environment holding every argument's tensor, checked against the argument's type. */
    static Map<Value, Tensor> bindArgs(Graph g, Map<String, Tensor> args) {
        Map<Value, Tensor> env = new IdentityHashMap<>();
        for (Arg a : g.args()) {
            Tensor t = args.get(a.name());
            if (t == null) throw new IllegalArgumentException("no value for argument %" + a.name());
            if (!t.type().equals(a.type())) {
                throw new IllegalArgumentException("argument %" + a.name() + " is " + a.type() + " but got " + t.type());
            }
            env.put(a, t);
        }
        return env;
    }

    /** The outputs and updates of a finished step, read from {@code env}. */
    static Result result(Graph g, Map<Value, Tensor> env) {
        Map<String, Tensor> outputs = new LinkedHashMap<>();
        g.outputs().forEach((name, v) -> outputs.put(name, env.get(v)));
        Map<String, Tensor> updated = new LinkedHashMap<>();
        g.updates().forEach((arg, v) -> updated.put(arg.name(), env.get(v)));
        return new Result(outputs, updated);
    }

    /** Runs one node on its own, e.g. from op tests. */
    public static Tensor eval(OpKind op, List<Tensor> operands, Attrs attrs) {
        Attrs full = op.completeAttrs(attrs);
        TensorType t = op.infer(operands.stream().map(Tensor::type).toList(), full);
        Tensor out = Tensor.zeros(t);
        op.eval(operands, full, out);
        return out;
    }
}
