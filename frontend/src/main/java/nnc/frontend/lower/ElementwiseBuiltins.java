package nnc.frontend.lower;

import java.util.List;
import java.util.Map;
import nnc.frontend.ast.Expr.BinaryOp;
import nnc.ir.Attrs;
import nnc.ir.ops.Ops;
import nnc.ir.ops.UnaryOps;

/**
 * Elementwise functions and {@code matmul}. On compile-time numbers they fold with the IR op's own
 * scalar function, so {@code x / sqrt(hidden)} needs no tensor for the square root.
 */
final class ElementwiseBuiltins {
    private static final List<String> UNARY = List.of("neg", "exp", "log", "sqrt", "rsqrt", "tanh", "sigmoid", "relu", "gelu", "abs");

    private ElementwiseBuiltins() {}

    static void addTo(Map<String, Builtin> table) {
        for (String name : UNARY) table.put(name, new Builtin(Signature.of(name, 1, "x"), c -> unary(c, name)));
        table.put("maximum", new Builtin(Signature.of("maximum", 2, "a", "b"), c -> binary(c, "max")));
        table.put("minimum", new Builtin(Signature.of("minimum", 2, "a", "b"), c -> binary(c, "min")));
        table.put("pow", new Builtin(Signature.of("pow", 2, "a", "b"), c -> binary(c, "pow")));
        table.put("matmul", new Builtin(Signature.of("matmul", 2, "a", "b"),
                c -> c.node("matmul", List.of(c.tensor("a").value(), c.tensor("b").value()), Attrs.EMPTY)));
    }

    private static Val unary(BuiltinCall c, String name) {
        Val x = c.args().get("x");
        if (x instanceof Val.IntVal i && (name.equals("neg") || name.equals("abs") || name.equals("relu"))) {
            return foldInteger(c, name, i.value());
        }
        if (x.isNumber()) {
            double r = ((UnaryOps.Unary) Ops.byName(name)).apply(Val.toDouble(x));
            if (!Double.isFinite(r)) throw c.error(name + "(" + Val.toDouble(x) + ") is not a finite number");
            return new Val.FloatVal(r);
        }
        return c.node(name, List.of(c.tensor("x").value()), Attrs.EMPTY);
    }

    private static Val foldInteger(BuiltinCall c, String name, long x) {
        if (x == Long.MIN_VALUE && !name.equals("relu")) throw c.error("integer overflow");
        return new Val.IntVal(switch (name) {
            case "neg" -> -x;
            case "abs" -> Math.abs(x);
            default -> Math.max(0, x);
        });
    }

    /** {@code maximum}, {@code minimum} and {@code pow}: broadcasting, numbers allowed on either side. */
    private static Val binary(BuiltinCall c, String op) {
        Val a = c.args().get("a");
        Val b = c.args().get("b");
        if (a.isNumber() && b.isNumber()) {
            if (op.equals("pow")) return Numbers.binary(BinaryOp.POW, a, b, c.loc());
            boolean max = op.equals("max");
            if (a instanceof Val.IntVal x && b instanceof Val.IntVal y) {
                return new Val.IntVal(max ? Math.max(x.value(), y.value()) : Math.min(x.value(), y.value()));
            }
            double x = Val.toDouble(a);
            double y = Val.toDouble(b);
            return new Val.FloatVal(max ? Math.max(x, y) : Math.min(x, y));
        }
        String name = c.args().signatureName();
        return c.node(op, Operands.of(name, a, c.args().loc("a"), b, c.args().loc("b"), c.graph(), c.loc()), Attrs.EMPTY);
    }
}
