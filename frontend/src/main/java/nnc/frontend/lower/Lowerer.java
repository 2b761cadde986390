package nnc.frontend.lower;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import nnc.frontend.Diagnostics;
import nnc.frontend.ast.Expr;
import nnc.frontend.ast.Ident;
import nnc.frontend.ast.Stmt;
import nnc.ir.Arg;
import nnc.ir.Attrs;
import nnc.ir.Graph;
import nnc.ir.SourceLoc;
import nnc.ir.TensorType;
import nnc.ir.Value;

/**
 * Checks a program and lowers it to a graph by running it at compile time: declarations become
 * graph arguments, loops are unrolled, branches taken or skipped, and every call of a user function
 * is inlined. Every independent mistake is reported; the graph is only returned when there is none.
 */
public final class Lowerer {
    static final long LOOP_LIMIT = 1_000_000;

    private final Diagnostics diagnostics;
    private final Map<String, Integer> dimOverrides;
    private final GraphBuilder graph;
    private final Declarations declarations = new Declarations();
    private final Functions functions;
    private final Evaluator evaluator;
    private final Declarer declarer;
    private long loopIterations;
    private SourceLoc trainLoc;

    private Lowerer(String graphName, Map<String, Integer> dimOverrides, Diagnostics diagnostics, int nodeLimit) {
        this.diagnostics = diagnostics;
        this.dimOverrides = dimOverrides;
        this.graph = new GraphBuilder(new Graph(graphName), nodeLimit);
        this.functions = new Functions(diagnostics, declarations, graph, (body, frame) -> execBlock(body, frame, false));
        this.evaluator = new Evaluator(graph, diagnostics, functions);
        this.declarer = new Declarer(declarations, evaluator, graph, dimOverrides);
    }

    /** The graph of {@code program}, or null when it has mistakes (reported to {@code diagnostics}). */
    public static Graph lower(List<Stmt> program, String graphName, Map<String, Integer> dimOverrides, Diagnostics diagnostics) {
        return lower(program, graphName, dimOverrides, diagnostics, GraphBuilder.NODE_LIMIT);
    }

    /** As above, stopping after {@code nodeLimit} nodes. */
    static Graph lower(List<Stmt> program, String graphName, Map<String, Integer> dimOverrides, Diagnostics diagnostics, int nodeLimit) {
        Lowerer lowerer = new Lowerer(graphName, dimOverrides, diagnostics, nodeLimit);
        lowerer.run(program);
        return diagnostics.any() ? null : lowerer.graph.graph();
    }

    private void run(List<Stmt> program) {
        checkOverrides(program);
        functions.register(program);
        try {
            execBlock(program, Frame.topLevel(declarations), true);
            functions.checkUncalled(evaluator);
        } catch (LimitExceeded e) {
            diagnostics.error(e.loc(), e.getMessage());
        }
    }

    /** Runs {@code block} until it ends or returns; {@code outermost} is the program itself, where declarations go. */
    private void execBlock(List<Stmt> block, Frame frame, boolean outermost) {
        for (Stmt s : block) {
            if (frame.returned() != null) return;
            try {
                exec(s, frame, outermost);
            } catch (CompileError e) {
                evaluator.report(e, frame);
            }
        }
    }

    private void exec(Stmt s, Frame frame, boolean outermost) {
        if (s instanceof Stmt.Assign a) assign(a, frame);
        else if (s instanceof Stmt.For f) loop(f, frame);
        else if (s instanceof Stmt.If i) branch(i, frame);
        else if (s instanceof Stmt.Return r) ret(r, frame);
        else if (!outermost) throw new CompileError(s.loc(), "'" + keyword(s) + "' is only allowed at the top level of the program");
        else if (s instanceof Stmt.Dim d) declarer.dims(d, frame);
        else if (s instanceof Stmt.Input i) declarer.input(i, frame);
        else if (s instanceof Stmt.Param p) declarer.param(p, frame);
        else if (s instanceof Stmt.Output o) output(o, frame);
        else if (s instanceof Stmt.Train t) train(t, frame);
        // A top-level fn was registered before the program ran.
    }

    private static String keyword(Stmt s) {
        if (s instanceof Stmt.Dim) return "dim";
        if (s instanceof Stmt.Input) return "input";
        if (s instanceof Stmt.Param) return "param";
        if (s instanceof Stmt.Fn) return "fn";
        if (s instanceof Stmt.Output) return "output";
        return "train";
    }

    // ------------------------------------------------------------------------------ statements

    private void assign(Stmt.Assign a, Frame frame) {
        Val v = evaluator.eval(a.value(), frame);
        List<Ident> targets = a.targets();
        if (targets.size() == 1) {
            bind(targets.get(0), v, frame);
            return;
        }
        List<Val> parts = v.items();
        if (!v.isError() && (parts == null || parts.size() != targets.size())) {
            evaluator.report(new CompileError(a.value().loc(), "cannot unpack " + v.describe() + " into " + targets.size() + " names"), frame);
        }
        for (int i = 0; i < targets.size(); i++) {
            bind(targets.get(i), parts != null && parts.size() == targets.size() ? parts.get(i) : Val.ERROR, frame);
        }
    }

    /** Top-level code may not assign to a declaration; a function's variables may shadow one. */
    private void bind(Ident target, Val v, Frame frame) {
        Declarations.Declaration d = declarations.get(target.name());
        if (frame.isTopLevel() && d != null) {
            evaluator.report(new CompileError(target.loc(), "cannot assign to " + d.kind() + " '" + target.name() + "'"), frame);
        } else {
            frame.set(target.name(), v);
        }
    }

    private void loop(Stmt.For f, Frame frame) {
        Val lo = evaluator.eval(f.range().lo(), frame);
        Val hi = evaluator.eval(f.range().hi(), frame);
        if (lo.isError() || hi.isError()) {
            poison(f.body(), List.of(), frame);
            return;
        }
        long start;
        long end;
        try {
            start = Expect.integer(lo, f.range().lo().loc(), "a loop bound");
            end = Expect.integer(hi, f.range().hi().loc(), "a loop bound");
            long count = end <= start ? 0 : end - start < 0 ? Long.MAX_VALUE : end - start;
            if (count > LOOP_LIMIT - loopIterations) {
                throw new CompileError(f.loc(), "this loop would unroll the program past " + LOOP_LIMIT + " loop iterations");
            }
            loopIterations += count;
        } catch (CompileError e) {
            poison(f.body(), List.of(), frame);
            throw e;
        }
        for (long i = start; i < end && frame.returned() == null; i++) {
            bind(f.var(), new Val.IntVal(i), frame);
            execBlock(f.body(), frame, false);
        }
    }

    private void branch(Stmt.If s, Frame frame) {
        Val cond = evaluator.eval(s.cond(), frame);
        if (!(cond instanceof Val.BoolVal b)) {
            poison(s.then(), s.orElse(), frame);
            if (cond.isError()) return;
            throw new CompileError(s.cond().loc(), "'if' needs a compile-time boolean, got " + cond.describe());
        }
        execBlock(b.value() ? s.then() : s.orElse(), frame, false);
    }

    /** Makes what two blocks that could not run would have assigned into error values. */
    private void poison(List<Stmt> a, List<Stmt> b, Frame frame) {
        Set<String> names = AssignedNames.of(a);
        names.addAll(AssignedNames.of(b));
        for (String name : names) {
            if (!frame.isTopLevel() || declarations.get(name) == null) frame.set(name, Val.ERROR);
        }
    }

    private void ret(Stmt.Return r, Frame frame) {
        if (frame.isTopLevel()) throw new CompileError(r.loc(), "'return' outside a function");
        List<Val> values = new ArrayList<>();
        for (Expr e : r.values()) values.add(evaluator.eval(e, frame));
        if (values.stream().anyMatch(Val::isError)) frame.setReturned(Val.ERROR);
        else frame.setReturned(values.size() == 1 ? values.get(0) : new Val.TupleVal(List.copyOf(values)));
    }

    // ------------------------------------------------------------------------ outputs and training

    /** Outputs a variable's current value; naming the same value again changes nothing. */
    private void output(Stmt.Output s, Frame frame) {
        for (Ident name : s.names()) {
            try {
                Val.TensorVal t = tensorVariable(name, frame, "output");
                if (t == null) continue;
                Value previous = graph.graph().outputs().get(name.name());
                if (previous != null && previous != t.value()) {
                    throw new CompileError(name.loc(), "'" + name.name() + "' is already an output, with an earlier value");
                }
                graph.graph().setOutput(name.name(), t.value());
            } catch (CompileError e) {
                evaluator.report(e, frame);
            }
        }
    }

    /** The tensor a name holds, null when it holds an error value; fails on unknown names and non-tensors. */
    private static Val.TensorVal tensorVariable(Ident name, Frame frame, String role) {
        Val v = frame.lookup(name.name());
        if (v == null) {
            throw new CompileError(name.loc(), "unknown name '" + name.name() + "'" + Suggestions.didYouMean(name.name(), frame.visibleNames()));
        }
        if (v.isError()) return null;
        if (!(v instanceof Val.TensorVal t)) throw new CompileError(name.loc(), role + " '" + name.name() + "' must be a tensor, got " + v.describe());
        return t;
    }

    /** Records the optimizer as graph attributes and makes the loss an output. */
    private void train(Stmt.Train s, Frame frame) {
        if (trainLoc != null) throw new CompileError(s.loc(), "a program has one train clause; the first is at " + trainLoc);
        trainLoc = s.loc();
        Attrs attrs = optimizer(s, frame);
        Val.TensorVal loss = loss(s, frame);
        if (attrs == null || loss == null) return;
        if (graph.graph().args().stream().noneMatch(Arg::persistent)) {
            throw new CompileError(s.loc(), "nothing to train: the program declares no param");
        }
        String name = s.loss().name();
        Value output = graph.graph().outputs().get(name);
        if (output != null && output != loss.value()) {
            throw new CompileError(s.loss().loc(), "output '" + name + "' holds an earlier value of '" + name
                    + "'; write 'output " + name + "' after its last assignment");
        }
        graph.graph().setAttrs(attrs);
        if (output == null) graph.graph().setOutput(name, loss.value());
    }

    /** The graph attributes of the train clause, or null after reporting what is wrong with them. */
    private Attrs optimizer(Stmt.Train s, Frame frame) {
        Expr.Call opt = s.optimizer();
        List<ArgValue> args = new ArrayList<>();
        for (Expr.Argument a : opt.args()) args.add(new ArgValue(a.keyword(), evaluator.eval(a.value(), frame), a.loc()));
        try {
            return Optimizers.attrs(s.loss().name(), opt.callee(), args, opt.loc(), e -> evaluator.report(e, frame));
        } catch (CompileError e) {
            evaluator.report(e, frame);
            return null;
        }
    }

    /** The loss, a scalar f32 tensor, or null after reporting that it is not one. */
    private Val.TensorVal loss(Stmt.Train s, Frame frame) {
        try {
            Val.TensorVal loss = tensorVariable(s.loss(), frame, "the loss");
            if (loss != null && !loss.type().equals(TensorType.f32())) {
                throw new CompileError(s.loss().loc(), "the loss must be a scalar f32 tensor, got " + loss.describe());
            }
            return loss;
        } catch (CompileError e) {
            evaluator.report(e, frame);
            return null;
        }
    }

    /** {@code --set} may only name dims the program declares. */
    private void checkOverrides(List<Stmt> program) {
        Set<String> dims = new TreeSet<>();
        for (Stmt s : program) {
            if (s instanceof Stmt.Dim d) d.bindings().forEach(b -> dims.add(b.name().name()));
        }
        for (String name : new TreeSet<>(dimOverrides.keySet())) {
            if (!dims.contains(name)) {
                diagnostics.error(0, 0, "--set " + name + ": the program declares no dim '" + name + "'" + Suggestions.didYouMean(name, dims));
            }
        }
    }
}
