package nnc.backend.java;

import com.palantir.javapoet.CodeBlock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nnc.backend.kernel.Arith;
import nnc.backend.kernel.Expr;
import nnc.backend.kernel.TensorRef;
import nnc.ir.DType;

/**
 * Emits the statements that compute an {@link Expr} for one element, one local per distinct subtree
 * (so a value used twice in a fused group is computed once), and gives the Java expression holding the
 * result. f32 values are {@code float} locals; i32 values are {@code int} locals, stored in float
 * buffers as their raw bits. One instance serves one kernel method, so local names never repeat.
 */
final class ElementCode {
    private final JavaNames names;
    private final Helpers helpers;
    private final IndexCode index;
    private int next;

    ElementCode(JavaNames names, Helpers helpers) {
        this.names = names;
        this.helpers = helpers;
        this.index = new IndexCode(names, helpers);
    }

    IndexCode index() {
        return index;
    }

    /** A fresh local name with the given one-letter prefix ({@code v} values, {@code t} integers). */
    String local(String prefix) {
        return prefix + next++;
    }

    static String type(DType dtype) {
        return dtype == DType.I32 ? "int" : "float";
    }

    /** The field holding the tensor's buffer. */
    String field(TensorRef ref) {
        return names.field(ref.buffer());
    }

    /** {@code buf[index]} as a value of the tensor's dtype. */
    String load(TensorRef ref, String at) {
        String element = names.field(ref.buffer()) + "[" + at + "]";
        return ref.dtype() == DType.I32 ? "Float.floatToRawIntBits(" + element + ")" : element;
    }

    /** The statement storing {@code value} (of the tensor's dtype) at {@code at}. */
    void store(CodeBlock.Builder code, TensorRef ref, String at, String value) {
        String v = ref.dtype() == DType.I32 ? "Float.intBitsToFloat(" + value + ")" : value;
        code.addStatement("$N[$L] = $L", names.field(ref.buffer()), at, v);
    }

    /** Emits {@code e}'s statements into {@code code}; {@code accumulated} is the anchor's value, if any. */
    String emit(CodeBlock.Builder code, Expr e, String accumulated) {
        return emit(code, e, accumulated, new HashMap<>());
    }

    private String emit(CodeBlock.Builder code, Expr e, String accumulated, Map<Expr, String> done) {
        if (e instanceof Expr.Constant c) return ScalarOps.literal(c.value(), c.dtype());
        if (e instanceof Expr.Accumulated) return accumulated;
        String known = done.get(e);
        if (known != null) return known;
        String name;
        if (e instanceof Expr.Load l) {
            name = local("v");
            code.addStatement("$L $L = $L", type(l.dtype()), name, load(l.ref(), index.of(l.index())));
        } else if (e instanceof Expr.Apply a) {
            List<String> args = new ArrayList<>();
            List<DType> types = new ArrayList<>();
            for (Expr arg : a.args()) {
                args.add(emit(code, arg, accumulated, done));
                types.add(arg.dtype());
            }
            name = local("v");
            code.addStatement("$L $L = $L", type(a.dtype()), name, ScalarOps.code(a.op(), a.dtype(), args, types, helpers));
        } else if (e instanceof Expr.Select s) {
            name = local("v");
            select(code, s, name, accumulated, done);
        } else {
            name = local("v");
            pool(code, (Expr.Pool) e, name);
        }
        done.put(e, name);
        return name;
    }

    /** Each branch computes its own loads: the other branch's indices may be out of bounds here. */
    private void select(CodeBlock.Builder code, Expr.Select s, String name, String accumulated, Map<Expr, String> done) {
        String coord = local("t");
        code.addStatement("int $L = $L", coord, index.of(s.coord()));
        code.addStatement("$L $L", type(s.dtype()), name);
        code.beginControlFlow("if ($L >= $L && $L < $L)", coord, s.lo(), coord, s.hi());
        code.addStatement("$L = $L", name, emit(code, s.inside(), accumulated, new HashMap<>(done)));
        code.nextControlFlow("else");
        code.addStatement("$L = $L", name, emit(code, s.outside(), accumulated, new HashMap<>(done)));
        code.endControlFlow();
    }

    /** The window's in-bounds rows and columns; the average divides by the full window, as PyTorch's default. */
    private void pool(CodeBlock.Builder code, Expr.Pool p, String name) {
        if (p.kind() == Expr.Pool.Kind.AVERAGE_GRADIENT) {
            poolGradient(code, p, name);
            return;
        }
        Expr.PoolWindow w = p.window();
        String plane = local("t");
        String y0 = local("t");
        String x0 = local("t");
        String r = local("t");
        String c = local("t");
        code.addStatement("int $L = $L", plane, index.of(p.plane()));
        code.addStatement("int $L = $L", y0, Arith.minus(Arith.times(index.factor(p.oy()), w.strideH()), w.padH()));
        code.addStatement("int $L = $L", x0, Arith.minus(Arith.times(index.factor(p.ox()), w.strideW()), w.padW()));
        boolean max = p.kind() == Expr.Pool.Kind.MAX;
        String acc = max ? name : local("v");
        code.addStatement(max ? "float $L = Float.NEGATIVE_INFINITY" : "double $L = 0", acc);
        code.beginControlFlow("for (int $L = Math.max($L, 0); $L < Math.min($L + $L, $L); $L++)", r, y0, r, y0, w.kernelH(), w.height(), r);
        code.beginControlFlow("for (int $L = Math.max($L, 0); $L < Math.min($L + $L, $L); $L++)", c, x0, c, x0, w.kernelW(), w.width(), c);
        String element = load(p.x(), Arith.sum(plane, Arith.times(r, w.width()), c));
        if (max) code.addStatement("$L = Math.max($L, $L)", acc, acc, element);
        else code.addStatement("$L += $L", acc, element);
        code.endControlFlow();
        code.endControlFlow();
        if (!max) code.addStatement("float $L = (float) ($L / $L)", name, acc, w.kernelH() * w.kernelW());
    }

    /**
     * The windows covering input position (y, x): output rows {@code oy} with
     * {@code oy * stride - pad <= y < oy * stride - pad + kernel}, clipped to dy's plane; likewise columns.
     */
    private void poolGradient(CodeBlock.Builder code, Expr.Pool p, String name) {
        Expr.PoolWindow w = p.window();
        String plane = local("t");
        String y = local("t");
        String x = local("t");
        String r = local("t");
        String c = local("t");
        String acc = local("v");
        code.addStatement("int $L = $L", plane, index.of(p.plane()));
        code.addStatement("int $L = $L", y, Arith.sum(index.factor(p.oy()), w.padH()));
        code.addStatement("int $L = $L", x, Arith.sum(index.factor(p.ox()), w.padW()));
        code.addStatement("double $L = 0", acc);
        code.beginControlFlow("for (int $L = Math.max(Math.floorDiv($L - $L, $L) + 1, 0); $L <= Math.min($L / $L, $L); $L++)",
                r, y, w.kernelH(), w.strideH(), r, y, w.strideH(), w.height() - 1, r);
        code.beginControlFlow("for (int $L = Math.max(Math.floorDiv($L - $L, $L) + 1, 0); $L <= Math.min($L / $L, $L); $L++)",
                c, x, w.kernelW(), w.strideW(), c, x, w.strideW(), w.width() - 1, c);
        code.addStatement("$L += $L", acc, load(p.x(), Arith.sum(plane, Arith.times(r, w.width()), c)));
        code.endControlFlow();
        code.endControlFlow();
        code.addStatement("float $L = (float) ($L / $L)", name, acc, w.kernelH() * w.kernelW());
    }
}
