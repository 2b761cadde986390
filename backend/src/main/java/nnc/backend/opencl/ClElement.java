package nnc.backend.opencl;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nnc.backend.kernel.Arith;
import nnc.backend.kernel.Buffer;
import nnc.backend.kernel.Expr;
import nnc.backend.kernel.Index;
import nnc.backend.kernel.IndexText;
import nnc.backend.kernel.TensorRef;
import nnc.ir.DType;

/**
 * Emits the statements that compute an {@link Expr} for one element into a kernel's {@link ClWriter},
 * one local per distinct subtree, and records every buffer the kernel touches (its parameters). Every
 * buffer is {@code __global float*}; i32 elements are kept as their raw bits ({@code as_int}). One
 * instance serves one kernel, so local names never repeat.
 */
final class ClElement {
    final ClWriter out = new ClWriter();
    private final ClNames names;
    private final Set<Buffer> used = new LinkedHashSet<>();
    private int next;

    /** Gathered ids index rows directly: the host checks i32 inputs against their declared ranges. */
    private final IndexText indices = new IndexText() {
        @Override
        protected String gather(Index.Gather g) {
            return load(g.ids(), of(g.at()));
        }
    };

    ClElement(ClNames names) {
        this.names = names;
    }

    /** A fresh local name with a one-letter prefix ({@code v} values, {@code t} integers). */
    String local(String prefix) {
        return prefix + next++;
    }

    /** Declares {@code int tN = value;} and gives its name. */
    String intLocal(String value) {
        String name = local("t");
        out.line("int " + name + " = " + value + ";");
        return name;
    }

    /** Declares {@code float vN = value;} and gives its name. */
    String floatLocal(String value) {
        String name = local("v");
        out.line("float " + name + " = " + value + ";");
        return name;
    }

    static String type(DType dtype) {
        return dtype == DType.I32 ? "int" : "float";
    }

    /** The buffers this kernel touched, in parameter order. */
    List<Buffer> params() {
        List<Buffer> params = new ArrayList<>(used);
        params.sort(Comparator.comparingInt(names::order));
        return params;
    }

    String param(Buffer b) {
        used.add(b);
        return names.param(b);
    }

    /** {@code buf[at]} as an lvalue of raw float bits. */
    String raw(TensorRef ref, String at) {
        return param(ref.buffer()) + "[" + at + "]";
    }

    /** Element {@code at} (absolute in the buffer) as a value of the tensor's dtype. */
    String load(TensorRef ref, String at) {
        String element = raw(ref, at);
        return ref.dtype() == DType.I32 ? "as_int(" + element + ")" : element;
    }

    /** Element {@code at} counted from the tensor's first element. */
    String loadRel(TensorRef ref, String at) {
        return load(ref, Arith.sum(ref.offset(), at));
    }

    /** Stores {@code value} (of the tensor's dtype) at absolute element {@code at}. */
    void store(TensorRef ref, String at, String value) {
        out.line(raw(ref, at) + " = " + (ref.dtype() == DType.I32 ? "as_float(" + value + ")" : value) + ";");
    }

    /** Stores at element {@code at} counted from the tensor's first element. */
    void storeRel(TensorRef ref, String at, String value) {
        store(ref, Arith.sum(ref.offset(), at), value);
    }

    // ----- indices -----

    static String var(int loop) {
        return IndexText.var(loop);
    }

    String index(Index idx) {
        return indices.of(idx);
    }

    /** {@code idx} as an operand of {@code *}, {@code /} or {@code %}. */
    String factor(Index idx) {
        return indices.factor(idx);
    }

    /**
     * Declares the loop variables {@code i0..} of a nest of {@code extents} from the flat number
     * {@code flat}, outermost first.
     */
    void unflatten(String flat, long[] extents) {
        long inner = 1;
        String[] lines = new String[extents.length];
        for (int i = extents.length - 1; i >= 0; i--) {
            String q = inner == 1 ? flat : flat + " / " + inner;
            lines[i] = "const int " + var(i) + " = " + (i == 0 ? q : q + " % " + extents[i]) + ";";
            inner *= extents[i];
        }
        for (String l : lines) out.line(l);
    }

    // ----- expressions -----

    /** Emits {@code e}'s statements; {@code accumulated} is the anchor's value, if any. Gives the value's C expression. */
    String emit(Expr e, String accumulated) {
        return emit(e, accumulated, new HashMap<>());
    }

    private String emit(Expr e, String accumulated, Map<Expr, String> done) {
        if (e instanceof Expr.Constant c) return ClScalarOps.literal(c.value(), c.dtype());
        if (e instanceof Expr.Accumulated) return accumulated;
        String known = done.get(e);
        if (known != null) return known;
        String name = local("v");
        if (e instanceof Expr.Load l) {
            out.line(type(l.dtype()) + " " + name + " = " + load(l.ref(), index(l.index())) + ";");
        } else if (e instanceof Expr.Apply a) {
            List<String> args = new ArrayList<>();
            List<DType> types = new ArrayList<>();
            for (Expr arg : a.args()) {
                args.add(emit(arg, accumulated, done));
                types.add(arg.dtype());
            }
            out.line(type(a.dtype()) + " " + name + " = " + ClScalarOps.code(a.op(), a.dtype(), args, types) + ";");
        } else if (e instanceof Expr.Select s) {
            select(s, name, accumulated, done);
        } else {
            pool((Expr.Pool) e, name);
        }
        done.put(e, name);
        return name;
    }

    /** Each branch computes its own loads: the other branch's indices may be out of bounds here. */
    private void select(Expr.Select s, String name, String accumulated, Map<Expr, String> done) {
        String coord = intLocal(index(s.coord()));
        out.line(type(s.dtype()) + " " + name + ";");
        out.open("if (" + coord + " >= " + s.lo() + " && " + coord + " < " + s.hi() + ")");
        out.line(name + " = " + emit(s.inside(), accumulated, new HashMap<>(done)) + ";");
        out.reopen("else");
        out.line(name + " = " + emit(s.outside(), accumulated, new HashMap<>(done)) + ";");
        out.close();
    }

    /** The window's in-bounds rows and columns; the average divides by the full window, as PyTorch's default. */
    private void pool(Expr.Pool p, String name) {
        if (p.kind() == Expr.Pool.Kind.AVERAGE_GRADIENT) {
            poolGradient(p, name);
            return;
        }
        Expr.PoolWindow w = p.window();
        String plane = intLocal(index(p.plane()));
        String y0 = intLocal(Arith.minus(Arith.times(factor(p.oy()), w.strideH()), w.padH()));
        String x0 = intLocal(Arith.minus(Arith.times(factor(p.ox()), w.strideW()), w.padW()));
        boolean max = p.kind() == Expr.Pool.Kind.MAX;
        String acc = max ? name : local("v");
        out.line("float " + acc + " = " + (max ? "-INFINITY" : "0.0f") + ";");
        String r = local("t");
        String c = local("t");
        out.loop(r, "max(" + y0 + ", 0)", "min(" + y0 + " + " + w.kernelH() + ", " + w.height() + ")");
        out.loop(c, "max(" + x0 + ", 0)", "min(" + x0 + " + " + w.kernelW() + ", " + w.width() + ")");
        String element = load(p.x(), Arith.sum(plane, Arith.times(r, w.width()), c));
        out.line(max ? acc + " = fmax(" + acc + ", " + element + ");" : acc + " += " + element + ";");
        out.close().close();
        if (!max) out.line("float " + name + " = " + acc + " / " + (w.kernelH() * w.kernelW()) + ".0f;");
    }

    /**
     * The windows covering input position (y, x): output rows {@code oy} with
     * {@code oy * stride - pad <= y < oy * stride - pad + kernel}, clipped to dy's plane; likewise columns.
     */
    private void poolGradient(Expr.Pool p, String name) {
        Expr.PoolWindow w = p.window();
        String plane = intLocal(index(p.plane()));
        String y = intLocal(Arith.sum(factor(p.oy()), w.padH()));
        String x = intLocal(Arith.sum(factor(p.ox()), w.padW()));
        String acc = local("v");
        out.line("float " + acc + " = 0.0f;");
        String r = local("t");
        String c = local("t");
        String[] rows = windowsCovering(y, w.kernelH(), w.strideH(), w.height());
        String[] cols = windowsCovering(x, w.kernelW(), w.strideW(), w.width());
        out.loop(r, rows[0], rows[1]);
        out.loop(c, cols[0], cols[1]);
        out.line(acc + " += " + load(p.x(), Arith.sum(plane, Arith.times(r, w.width()), c)) + ";");
        out.close().close();
        out.line("float " + name + " = " + acc + " / " + (w.kernelH() * w.kernelW()) + ".0f;");
    }

    /**
     * The windows {@code [first, end)} of one axis that cover padded position {@code v} (windows
     * {@code o} with {@code o * stride <= v < o * stride + kernel}), clipped to {@code [0, count)}. The
     * first is {@code floor((v - kernel) / stride) + 1}; C division truncates toward zero, which for a
     * negative numerator still gives at most 0, and the clip makes that 0.
     */
    static String[] windowsCovering(String v, int kernel, int stride, int count) {
        return new String[] {"max((" + v + " - " + kernel + " + " + stride + ") / " + stride + ", 0)",
            "min(" + v + " / " + stride + " + 1, " + count + ")"};
    }
}
