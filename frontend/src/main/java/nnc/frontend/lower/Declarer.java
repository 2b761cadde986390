package nnc.frontend.lower;

import java.util.Map;
import nnc.frontend.ast.Expr;
import nnc.frontend.ast.Ident;
import nnc.frontend.ast.Stmt;
import nnc.frontend.ast.TypeExpr;
import nnc.ir.Arg;
import nnc.ir.Attrs;
import nnc.ir.DType;
import nnc.ir.Shape;
import nnc.ir.TensorType;

/**
 * The top-level declarations: {@code dim}s (with {@code --set} overrides) become compile-time
 * integers, {@code input}s and {@code param}s graph arguments. A declaration that fails is still
 * declared, as an error value, so that its uses stay quiet.
 */
final class Declarer {
    private final Declarations declarations;
    private final Evaluator evaluator;
    private final GraphBuilder graph;
    private final Map<String, Integer> dimOverrides;

    Declarer(Declarations declarations, Evaluator evaluator, GraphBuilder graph, Map<String, Integer> dimOverrides) {
        this.declarations = declarations;
        this.evaluator = evaluator;
        this.graph = graph;
        this.dimOverrides = dimOverrides;
    }

    void dims(Stmt.Dim d, Frame frame) {
        for (Stmt.DimBinding b : d.bindings()) {
            Val v = evaluator.eval(b.value(), frame);
            Integer override = dimOverrides.get(b.name().name());
            if (override != null) {
                v = new Val.IntVal(override);
            } else if (!v.isError() && !(v instanceof Val.IntVal)) {
                evaluator.report(new CompileError(b.value().loc(), "dim '" + b.name().name() + "' must be an integer, got " + v.describe()), frame);
                v = Val.ERROR;
            }
            if (declarable(b.name(), frame)) declarations.add(b.name().name(), new Declarations.Declaration("dim", v, b.name().loc()));
        }
    }

    void input(Stmt.Input s, Frame frame) {
        if (!declarable(s.name(), frame)) return;
        Val v = Val.ERROR;
        try {
            TensorType type = tensorType(s.type(), frame);
            Attrs attrs = valueRange(s, type, frame);
            v = new Val.TensorVal(graph.arg(s.name().name(), Arg.Role.INPUT, type, attrs, s.name().loc()));
        } catch (CompileError e) {
            evaluator.report(e, frame);
        }
        declarations.add(s.name().name(), new Declarations.Declaration("input", v, s.name().loc()));
    }

    /** {@code {low, high}} for an i32 input, which must state its range; nothing for an f32 one, which may not. */
    private Attrs valueRange(Stmt.Input s, TensorType type, Frame frame) {
        if (type.dtype() == DType.F32) {
            if (s.range() != null) throw new CompileError(s.range().loc(), "only i32 inputs take a value range");
            return Attrs.EMPTY;
        }
        if (s.range() == null) {
            throw new CompileError(s.name().loc(), "i32 input '" + s.name().name() + "' needs a value range, e.g. 'in 0..10'");
        }
        int low = Expect.smallInt(evaluator.eval(s.range().lo(), frame), s.range().lo().loc(), "the low end of the range");
        int high = Expect.smallInt(evaluator.eval(s.range().hi(), frame), s.range().hi().loc(), "the high end of the range");
        if (low >= high) throw new CompileError(s.range().loc(), "value range " + low + ".." + high + " is empty");
        return Attrs.of("low", low, "high", high);
    }

    void param(Stmt.Param s, Frame frame) {
        if (!declarable(s.name(), frame)) return;
        Val v = Val.ERROR;
        try {
            TensorType type = tensorType(s.type(), frame);
            if (type.dtype() != DType.F32) {
                throw new CompileError(s.type().dtype().loc(), "params are trained, so they must be f32, not " + type.dtype());
            }
            Attrs attrs = Initializers.attrs(s.init(), type, evaluator, frame);
            v = new Val.TensorVal(graph.arg(s.name().name(), Arg.Role.PARAM, type, attrs, s.name().loc()));
        } catch (CompileError e) {
            evaluator.report(e, frame);
        }
        declarations.add(s.name().name(), new Declarations.Declaration("param", v, s.name().loc()));
    }

    /** Reports every bad dimension before giving up. */
    private TensorType tensorType(TypeExpr t, Frame frame) {
        String dtypeName = t.dtype().name();
        DType dtype = dtypeName.equals("f32") ? DType.F32 : dtypeName.equals("i32") ? DType.I32 : null;
        boolean failed = false;
        if (dtype == null) {
            evaluator.report(new CompileError(t.dtype().loc(), "unknown element type '" + dtypeName + "' (expected f32 or i32)"), frame);
            failed = true;
        }
        int[] dims = new int[t.dims().size()];
        for (int i = 0; i < dims.length; i++) {
            Expr e = t.dims().get(i);
            try {
                dims[i] = Expect.dimension(evaluator.eval(e, frame), e.loc(), "a dimension");
            } catch (CompileError err) {
                evaluator.report(err, frame);
                failed = true;
            }
        }
        if (failed) throw CompileError.alreadyReported();
        TensorType type = new TensorType(dtype, Shape.of(dims));
        Sizes.check(type, t.loc());
        return type;
    }

    private boolean declarable(Ident name, Frame frame) {
        Declarations.Declaration d = declarations.get(name.name());
        if (d != null) {
            evaluator.report(new CompileError(name.loc(), "'" + name.name() + "' is already declared (" + d.kind() + " at " + d.loc() + ")"), frame);
            return false;
        }
        if (frame.hasLocal(name.name())) {
            evaluator.report(new CompileError(name.loc(), "'" + name.name() + "' is already a variable"), frame);
            return false;
        }
        return true;
    }
}
