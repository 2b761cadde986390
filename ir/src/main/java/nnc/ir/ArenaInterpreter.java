package nnc.ir;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a planned graph the way nnc's runtimes will: every node's result lives at its planned offset
 * inside one arena of {@link MemoryPlan#arenaBytes()} bytes, and the nodes run in the plan's schedule,
 * so a result computed in place overwrites its operand, and an update written into its target
 * overwrites the param (a copy of the caller's). Agreeing with {@link Interpreter#run} shows
 * that no offset is wrong and no reuse unsafe. Elements are 4 bytes in both dtypes ({@link DType}),
 * so byte offset {@code o} is element {@code o / 4}.
 */
public final class ArenaInterpreter {
    /** What the step produced (outputs and updates are copied out of the arena), and the arena's size. */
    public record Run(Interpreter.Result result, long arenaBytes) {}

    private static final int ELEMENT_BYTES = 4;

    private ArenaInterpreter() {}

    /** Throws {@link IllegalArgumentException} when {@code g} has no plan. */
    public static Run run(Graph g, Map<String, Tensor> args) {
        MemoryPlan plan = g.plan();
        if (plan == null) throw new IllegalArgumentException("graph @" + g.name() + " has no buffer plan");
        Map<Value, Tensor> env = Interpreter.bindArgs(g, copies(args));
        double[] arena = new double[Math.toIntExact(plan.arenaBytes() / ELEMENT_BYTES)];
        // Reading an element that no node wrote yields NaN, which the comparison with the oracle catches.
        Arrays.fill(arena, Double.NaN);
        for (Node n : plan.schedule()) {
            Arg into = plan.updateTarget(n);
            Tensor out = into != null ? env.get(into) : new Tensor(n.type(), arena, Math.toIntExact(plan.offset(n) / ELEMENT_BYTES));
            List<Tensor> operands = n.operands().stream().map(env::get).toList();
            n.op().eval(operands, n.attrs(), out);
            env.put(n, out);
        }
        Interpreter.Result r = Interpreter.result(g, env);
        return new Run(new Interpreter.Result(copies(r.outputs()), copies(r.updated())), (long) arena.length * ELEMENT_BYTES);
    }

    private static Map<String, Tensor> copies(Map<String, Tensor> tensors) {
        Map<String, Tensor> copied = new LinkedHashMap<>();
        tensors.forEach((name, t) -> copied.put(name, t.copy()));
        return copied;
    }
}
