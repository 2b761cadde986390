package nnc.frontend.lower;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nnc.frontend.Diagnostics;
import nnc.frontend.ast.Stmt;
import nnc.ir.Graph;
import nnc.ir.SourceLoc;

/**
 * The user's functions: declared once at the top level, inlined at every call (so recursion is an
 * error), and checked even when nothing calls them.
 */
final class Functions {
    /** Runs a function body in its frame: the lowerer's statement execution. */
    interface BodyRunner {
        void run(List<Stmt> body, Frame frame);
    }

    private final Diagnostics diagnostics;
    private final Declarations declarations;
    private final GraphBuilder graph;
    private final BodyRunner runner;
    private final Map<String, Stmt.Fn> byName = new LinkedHashMap<>();
    private final Map<String, Signature> signatures = new LinkedHashMap<>();
    /** Functions whose body has run at least once. */
    private final Set<String> inlined = new HashSet<>();
    /** Functions being inlined, outermost first; a call of one of them is recursion. */
    private final List<String> callStack = new ArrayList<>();

    Functions(Diagnostics diagnostics, Declarations declarations, GraphBuilder graph, BodyRunner runner) {
        this.diagnostics = diagnostics;
        this.declarations = declarations;
        this.graph = graph;
        this.runner = runner;
    }

    /** The function named {@code name}, or null. */
    Stmt.Fn get(String name) {
        return byName.get(name);
    }

    Set<String> names() {
        return byName.keySet();
    }

    /** Takes in the program's top-level functions, so that calls may come before declarations. */
    void register(List<Stmt> program) {
        for (Stmt s : program) {
            if (!(s instanceof Stmt.Fn fn)) continue;
            String name = fn.name().name();
            Stmt.Fn previous = byName.get(name);
            if (previous != null) {
                diagnostics.error(fn.name().loc(), "fn '" + name + "' is already declared at " + previous.name().loc());
                continue;
            }
            byName.put(name, fn);
            signatures.put(name, signature(fn));
            if (!containsReturn(fn.body())) diagnostics.error(fn.name().loc(), "fn '" + name + "' never returns a value");
        }
    }

    /** Checks the parameter list: no name twice, no parameter without a default after one with. */
    private Signature signature(Stmt.Fn fn) {
        Set<String> seen = new HashSet<>();
        boolean sawDefault = false;
        List<Signature.Param> params = new ArrayList<>();
        for (Stmt.Parameter p : fn.params()) {
            String name = p.name().name();
            if (!seen.add(name)) diagnostics.error(p.name().loc(), "parameter '" + name + "' appears twice");
            if (p.dflt() == null && sawDefault) {
                diagnostics.error(p.name().loc(), "parameter '" + name + "' needs a default, as the parameters before it have one");
            }
            sawDefault |= p.dflt() != null;
            params.add(new Signature.Param(name, p.dflt() == null));
        }
        return new Signature(fn.name().name(), params, false);
    }

    private static boolean containsReturn(List<Stmt> block) {
        for (Stmt s : block) {
            if (s instanceof Stmt.Return) return true;
            if (s instanceof Stmt.For f && containsReturn(f.body())) return true;
            if (s instanceof Stmt.If i && (containsReturn(i.then()) || containsReturn(i.orElse()))) return true;
        }
        return false;
    }

    /** Inlines a call: the body runs in a fresh frame, building its nodes into the graph. */
    Val inline(Stmt.Fn fn, List<ArgValue> args, SourceLoc callLoc, Evaluator evaluator) {
        String name = fn.name().name();
        int active = callStack.indexOf(name);
        if (active >= 0) {
            String cycle = String.join(" -> ", callStack.subList(active, callStack.size())) + " -> " + name;
            throw new CompileError(callLoc, "recursive call of '" + name + "' (" + cycle + "); functions are inlined, so they cannot recurse");
        }
        BoundArgs bound = signatures.get(name).bind(args, callLoc);
        if (bound.anyError()) return Val.ERROR;
        inlined.add(name);
        Val result = run(fn, Frame.call(declarations, name, callLoc), bound, evaluator);
        if (result != null) return result;
        // A function with no return at all was reported where it is declared.
        if (!containsReturn(fn.body())) return Val.ERROR;
        throw new CompileError(callLoc, "'" + name + "' reached its end without returning a value");
    }

    /** Binds the parameters ({@code bound} null: all unknown) and runs the body; returns what it returned, or null. */
    private Val run(Stmt.Fn fn, Frame frame, BoundArgs bound, Evaluator evaluator) {
        for (Stmt.Parameter p : fn.params()) {
            String name = p.name().name();
            Val v;
            if (bound != null && bound.has(name)) v = bound.get(name);
            else if (p.dflt() != null) v = evaluator.eval(p.dflt(), frame);
            else v = Val.ERROR;
            frame.set(name, v);
        }
        callStack.add(fn.name().name());
        try {
            runner.run(fn.body(), frame);
        } finally {
            callStack.remove(callStack.size() - 1);
        }
        return frame.returned();
    }

    /**
     * Checks the functions no call reached, with unknown parameters, into a scratch graph: mistakes
     * that do not depend on the arguments (unknown names, bad calls, recursion) still get reported.
     */
    void checkUncalled(Evaluator evaluator) {
        for (Stmt.Fn fn : byName.values()) {
            if (inlined.contains(fn.name().name())) continue;
            inlined.add(fn.name().name());
            Graph previous = graph.switchTo(new Graph(fn.name().name()));
            try {
                run(fn, Frame.call(declarations, fn.name().name(), null), null, evaluator);
            } finally {
                graph.switchTo(previous);
            }
        }
    }
}
