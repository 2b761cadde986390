package nnc.backend.java;

import com.palantir.javapoet.CodeBlock;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import nnc.backend.kernel.Expr;
import nnc.backend.kernel.Index;
import nnc.ir.DType;

/**
 * An {@link Expr} for a vector of consecutive elements: the lanes are consecutive values of one loop
 * ({@code stepping}), the kernel's innermost. A load whose index moves by 1 with that loop reads a
 * vector, one whose index does not move is broadcast; loops in {@code derived} change with the lanes
 * but not by a constant stride (a convolution's row and column of a flat position), so a load that
 * reads them cannot be a vector. Only f32 ops with a {@link VectorOps} template qualify; anything else
 * stays in the scalar loop, which also runs the elements left over after the last whole vector.
 */
final class LaneCode {
    private final ElementCode el;
    private final Helpers helpers;
    private final int stepping;
    private final Set<Integer> derived;

    /** {@code stepping} is the loop the lanes run along, -1 when the lanes run along none of the expression's loops. */
    LaneCode(ElementCode el, Helpers helpers, int stepping, Set<Integer> derived) {
        this.el = el;
        this.helpers = helpers;
        this.stepping = stepping;
        this.derived = derived;
    }

    /** Whether the lanes of {@code e} can be computed as vectors. */
    boolean supports(Expr e) {
        if (e.dtype() != DType.F32) return false;
        if (e instanceof Expr.Constant || e instanceof Expr.Accumulated) return true;
        if (e instanceof Expr.Load l) return stride(l.index()) <= 1;
        if (e instanceof Expr.Apply a) return VectorOps.supports(a.op()) && a.args().stream().allMatch(this::supports);
        return false;
    }

    /** Whether an index moves by exactly 1 along the lanes: a store or load there can be a vector. */
    boolean contiguous(Index index) {
        return stride(index) == 1;
    }

    /** 0 or 1 for a load that is the same in all lanes or consecutive across them; 2 for anything else. */
    private long stride(Index index) {
        long stride = 0;
        for (Index.Term t : index.terms()) {
            if (t.atom() instanceof Index.Var v) {
                if (derived.contains(v.loop())) return 2;
                if (v.loop() == stepping) stride += t.coef();
            } else if (moves(t.atom())) {
                return 2;
            }
        }
        return stride == 0 || stride == 1 ? stride : 2;
    }

    private boolean moves(Index.Atom a) {
        if (a instanceof Index.Var v) return v.loop() == stepping || derived.contains(v.loop());
        Index of = a instanceof Index.Digit d ? d.of() : ((Index.Gather) a).at();
        return of.terms().stream().anyMatch(t -> moves(t.atom()));
    }

    /**
     * Emits {@code e}'s vector statements into {@code code}; gives the local holding the result.
     * Requires {@link #supports}.
     */
    String emit(CodeBlock.Builder code, Expr e) {
        return emit(code, e, null, new HashMap<>());
    }

    /** As {@link #emit(CodeBlock.Builder, Expr)}, the anchor's vector read into local {@code accumulated} by {@code read}. */
    String emit(CodeBlock.Builder code, Expr e, String accumulated, CodeBlock read) {
        code.addStatement("$T $L = $L", MatmulVectors.FLOAT_VECTOR, accumulated, read);
        return emit(code, e, accumulated, new HashMap<>());
    }

    private String emit(CodeBlock.Builder code, Expr e, String accumulated, Map<Expr, String> done) {
        if (e instanceof Expr.Accumulated) return accumulated;
        String known = done.get(e);
        if (known != null) return known;
        String name = el.local("v");
        String species = helpers.useVectors();
        if (e instanceof Expr.Constant c) {
            code.addStatement("$T $L = $T.broadcast($L, $L)", MatmulVectors.FLOAT_VECTOR, name, MatmulVectors.FLOAT_VECTOR, species,
                    ScalarOps.literal(c.value(), c.dtype()));
        } else if (e instanceof Expr.Load l) {
            String at = el.index().of(l.index());
            if (stride(l.index()) == 0) {
                code.addStatement("$T $L = $T.broadcast($L, $L)", MatmulVectors.FLOAT_VECTOR, name, MatmulVectors.FLOAT_VECTOR, species, el.load(l.ref(), at));
            } else {
                code.addStatement("$T $L = $L", MatmulVectors.FLOAT_VECTOR, name, load(el.field(l.ref()), at));
            }
        } else {
            Expr.Apply a = (Expr.Apply) e;
            String[] args = a.args().stream().map(arg -> emit(code, arg, accumulated, done)).toArray(String[]::new);
            code.addStatement("$T $L = $L", MatmulVectors.FLOAT_VECTOR, name, VectorOps.code(a.op(), args));
        }
        done.put(e, name);
        return name;
    }

    /** A vector read of {@code array} from element {@code at}. */
    CodeBlock load(String array, String at) {
        return load(helpers, array, at);
    }

    static CodeBlock load(Helpers helpers, String array, String at) {
        return CodeBlock.of("$T.fromArray($L, $L, $L)", MatmulVectors.FLOAT_VECTOR, helpers.useVectors(), array, at);
    }

    /**
     * Declares {@code var} at {@code lo} and opens the vector loop over it while a whole vector fits
     * below {@code hi}. Close it, then {@link #openScalarLoop} for the elements left over.
     */
    static void openVectorLoop(CodeBlock.Builder code, String var, String lo, String hi) {
        code.addStatement("int $L = $L", var, lo);
        code.beginControlFlow("for (; $L + $L <= $L; $L += $L)", var, Helpers.LANES, hi, var, Helpers.LANES);
    }

    /** The scalar loop over what the vector loop left of {@code [lo, hi)}. */
    static void openScalarLoop(CodeBlock.Builder code, String var, String hi) {
        code.beginControlFlow("for (; $L < $L; $L++)", var, hi, var);
    }
}
