package nnc.frontend.lower;

import java.util.List;
import nnc.frontend.ast.Expr;
import nnc.ir.Attrs;
import nnc.ir.TensorType;

/** A param's initializer, {@code zeros}, {@code ones}, {@code normal(std)}, {@code xavier} or {@code he}, as Arg attributes. */
final class Initializers {
    private static final List<String> NAMES = List.of("zeros", "ones", "normal", "xavier", "he");
    private static final String EXPECTED = "expected zeros, ones, normal(std), xavier or he";

    private Initializers() {}

    /** {@code {init = "xavier"}} or {@code {init = "normal", std = 0.1}}; evaluates the arguments of normal with {@code eval}. */
    static Attrs attrs(Expr init, TensorType type, Evaluator eval, Frame frame) {
        if (init instanceof Expr.Name n) {
            String name = n.name();
            if (name.equals("normal")) throw new CompileError(n.loc(), "normal needs a standard deviation, e.g. normal(0.1)");
            if (!NAMES.contains(name)) throw unknown(init, name);
            if ((name.equals("xavier") || name.equals("he")) && type.rank() < 2) {
                throw new CompileError(n.loc(), name + " needs a param with at least two axes to find its fan-in, got " + type);
            }
            return Attrs.of("init", name);
        }
        if (init instanceof Expr.Call c) {
            if (!c.callee().equals("normal")) {
                if (NAMES.contains(c.callee())) throw new CompileError(c.loc(), "initializer " + c.callee() + " takes no arguments");
                throw unknown(init, c.callee());
            }
            List<ArgValue> args = c.args().stream().map(a -> new ArgValue(a.keyword(), eval.eval(a.value(), frame), a.loc())).toList();
            BoundArgs bound = Signature.of("normal", 1, "std").bind(args, c.loc());
            if (bound.anyError()) throw CompileError.alreadyReported();
            double std = bound.number("std", 0);
            if (!(std > 0)) throw new CompileError(bound.loc("std"), "normal: 'std' must be positive, got " + std);
            return Attrs.of("init", "normal", "std", std);
        }
        throw new CompileError(init.loc(), "a param's initializer must be zeros, ones, normal(std), xavier or he");
    }

    private static CompileError unknown(Expr init, String name) {
        String hint = Suggestions.didYouMean(name, NAMES);
        return new CompileError(init.loc(), "unknown initializer '" + name + "'" + (hint.isEmpty() ? " (" + EXPECTED + ")" : hint));
    }
}
