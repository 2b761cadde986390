package nnc.frontend.lower;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import nnc.frontend.Diagnostics;
import nnc.frontend.ast.Expr;
import nnc.frontend.ast.Expr.BinaryOp;
import nnc.frontend.ast.Stmt;
import nnc.ir.Attrs;
import nnc.ir.Value;

/**
 * Evaluates expressions: folds compile-time arithmetic, builds IR nodes for tensor operations and
 * inlines calls. A failing expression is reported once, where it fails, and evaluates to
 * {@link Val#ERROR}; expressions built on an error value stay quiet.
 */
final class Evaluator {
    private final GraphBuilder graph;
    private final Diagnostics diagnostics;
    private final Functions functions;

    Evaluator(GraphBuilder graph, Diagnostics diagnostics, Functions functions) {
        this.graph = graph;
        this.diagnostics = diagnostics;
        this.functions = functions;
    }

    Val eval(Expr e, Frame frame) {
        try {
            return evalOrThrow(e, frame);
        } catch (CompileError err) {
            report(err, frame);
            return Val.ERROR;
        }
    }

    void report(CompileError err, Frame frame) {
        if (!err.reported()) diagnostics.error(err.loc(), err.getMessage() + frame.context());
    }

    private Val evalOrThrow(Expr e, Frame frame) {
        if (e instanceof Expr.Name n) return name(n, frame);
        if (e instanceof Expr.IntLit i) return intLiteral(i);
        if (e instanceof Expr.FloatLit x) return floatLiteral(x);
        if (e instanceof Expr.BoolLit b) return new Val.BoolVal(b.value());
        if (e instanceof Expr.ListLit l) return list(l, frame);
        if (e instanceof Expr.Unary u) return unary(u, frame);
        if (e instanceof Expr.Binary b) return binary(b, frame);
        if (e instanceof Expr.Index ix) return index(ix, frame);
        return call((Expr.Call) e, frame);
    }

    private Val name(Expr.Name n, Frame frame) {
        Val v = frame.lookup(n.name());
        if (v != null) return v;
        if (isFunction(n.name())) {
            throw new CompileError(n.loc(), "'" + n.name() + "' is a function; call it as " + n.name() + "(...)");
        }
        throw new CompileError(n.loc(), "unknown name '" + n.name() + "'" + Suggestions.didYouMean(n.name(), frame.visibleNames()));
    }

    private boolean isFunction(String name) {
        return functions.get(name) != null || Builtins.get(name) != null;
    }

    private static Val intLiteral(Expr.IntLit i) {
        try {
            return new Val.IntVal(Long.parseLong(i.text()));
        } catch (NumberFormatException e) {
            throw new CompileError(i.loc(), "integer " + i.text() + " is too large");
        }
    }

    private static Val floatLiteral(Expr.FloatLit x) {
        double v = Double.parseDouble(x.text());
        if (Double.isInfinite(v)) throw new CompileError(x.loc(), "number " + x.text() + " is too large");
        return new Val.FloatVal(v);
    }

    private Val list(Expr.ListLit l, Frame frame) {
        List<Val> items = new ArrayList<>();
        for (Expr item : l.items()) items.add(eval(item, frame));
        return items.stream().anyMatch(Val::isError) ? Val.ERROR : new Val.ListVal(List.copyOf(items));
    }

    private Val unary(Expr.Unary u, Frame frame) {
        Val v = eval(u.operand(), frame);
        if (v.isError()) return v;
        if (u.op() == Expr.UnaryOp.NOT) {
            if (v instanceof Val.BoolVal b) return new Val.BoolVal(!b.value());
            throw new CompileError(u.loc(), "'not' needs a boolean, got " + v.describe());
        }
        if (v.isNumber()) return Numbers.negate(v, u.loc());
        if (v instanceof Val.TensorVal t) return new Val.TensorVal(graph.node("neg", List.of(t.value()), Attrs.EMPTY, u.loc()));
        throw new CompileError(u.loc(), "'-' needs a number or a tensor, got " + v.describe());
    }

    private Val binary(Expr.Binary b, Frame frame) {
        if (b.op() == BinaryOp.AND || b.op() == BinaryOp.OR) return logical(b, frame);
        Val left = eval(b.left(), frame);
        Val right = eval(b.right(), frame);
        if (left.isError() || right.isError()) return Val.ERROR;
        Val folded = Numbers.binary(b.op(), left, right, b.opLoc());
        if (folded != null) return folded;
        if (left instanceof Val.TensorVal || right instanceof Val.TensorVal) return tensorBinary(b, left, right);
        throw new CompileError(b.opLoc(), "'" + b.op().symbol() + "' cannot combine " + left.describe() + " and " + right.describe());
    }

    /** {@code and}/{@code or} on compile-time booleans; the right side is only evaluated when it decides. */
    private Val logical(Expr.Binary b, Frame frame) {
        String what = "'" + b.op().symbol() + "'";
        Val left = eval(b.left(), frame);
        if (left.isError()) return left;
        boolean l = Expect.bool(left, b.left().loc(), what);
        if (l == (b.op() == BinaryOp.OR)) return left;
        Val right = eval(b.right(), frame);
        if (right.isError()) return right;
        return new Val.BoolVal(Expect.bool(right, b.right().loc(), what));
    }

    private Val tensorBinary(Expr.Binary b, Val left, Val right) {
        String op = switch (b.op()) {
            case ADD -> "add";
            case SUB -> "sub";
            case MUL -> "mul";
            case DIV -> "div";
            case POW -> "pow";
            case MATMUL -> "matmul";
            case FLOOR_DIV -> throw new CompileError(b.opLoc(), "'//' works on compile-time numbers; use '/' on tensors");
            default -> throw new CompileError(b.opLoc(), "'" + b.op().symbol() + "' compares compile-time numbers, not tensors");
        };
        if (b.op() == BinaryOp.MATMUL && !(left instanceof Val.TensorVal && right instanceof Val.TensorVal)) {
            throw new CompileError(b.opLoc(), "'@' needs two tensors, got " + left.describe() + " and " + right.describe());
        }
        List<Value> operands = Operands.of(b.op().symbol(), left, b.left().loc(), right, b.right().loc(), graph, b.opLoc());
        return new Val.TensorVal(graph.node(op, operands, Attrs.EMPTY, b.loc(), b.opLoc()));
    }

    private Val index(Expr.Index ix, Frame frame) {
        Val target = eval(ix.target(), frame);
        List<Indexing.Item> items = new ArrayList<>();
        boolean failed = target.isError();
        for (Expr.IndexItem item : ix.items()) {
            Indexing.Item evaluated;
            if (item instanceof Expr.At at) {
                evaluated = new Indexing.Item(item.loc(), eval(at.index(), frame), null, null, false);
            } else {
                Expr.Slice s = (Expr.Slice) item;
                Val lo = s.lo() == null ? null : eval(s.lo(), frame);
                Val hi = s.hi() == null ? null : eval(s.hi(), frame);
                evaluated = new Indexing.Item(item.loc(), null, lo, hi, true);
            }
            failed |= evaluated.failed();
            items.add(evaluated);
        }
        if (failed) return Val.ERROR;
        return new Indexing(graph, ix.loc()).apply(target, items);
    }

    private Val call(Expr.Call c, Frame frame) {
        List<ArgValue> args = new ArrayList<>();
        for (Expr.Argument a : c.args()) args.add(new ArgValue(a.keyword(), eval(a.value(), frame), a.loc()));
        Stmt.Fn fn = functions.get(c.callee());
        if (fn != null) return functions.inline(fn, args, c.loc(), this);
        Builtin builtin = Builtins.get(c.callee());
        if (builtin == null) {
            if (frame.lookup(c.callee()) != null) throw new CompileError(c.loc(), "'" + c.callee() + "' is not a function");
            Set<String> known = new TreeSet<>(functions.names());
            known.addAll(Builtins.names());
            throw new CompileError(c.loc(), "unknown function '" + c.callee() + "'" + Suggestions.didYouMean(c.callee(), known));
        }
        BoundArgs bound = builtin.signature().bind(args, c.loc());
        if (bound.anyError()) return Val.ERROR;
        return builtin.lowering().lower(new BuiltinCall(bound, graph, c.loc()));
    }
}
