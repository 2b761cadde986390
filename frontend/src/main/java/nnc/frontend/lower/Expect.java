package nnc.frontend.lower;

import java.util.ArrayList;
import java.util.List;
import nnc.ir.SourceLoc;
import nnc.ir.TensorType;

/**
 * Reads a compile-time value of the kind a place needs, or fails with "WHAT must be ..., got ...".
 * An error value unwinds silently: it was reported where it arose.
 */
final class Expect {
    private Expect() {}

    static long integer(Val v, SourceLoc loc, String what) {
        if (v instanceof Val.IntVal i) return i.value();
        throw mismatch(v, loc, what, "an integer");
    }

    /** An integer that fits in an int (a dimension, an axis, an attribute). */
    static int smallInt(Val v, SourceLoc loc, String what) {
        long i = integer(v, loc, what);
        if (i < Integer.MIN_VALUE || i > Integer.MAX_VALUE) throw new CompileError(loc, what + " " + i + " is too large");
        return (int) i;
    }

    /** A dimension: a positive int. */
    static int dimension(Val v, SourceLoc loc, String what) {
        int d = smallInt(v, loc, what);
        if (d < 1) throw new CompileError(loc, what + " must be positive, got " + d);
        return d;
    }

    static double number(Val v, SourceLoc loc, String what) {
        if (v.isNumber()) return Val.toDouble(v);
        throw mismatch(v, loc, what, "a number");
    }

    static boolean bool(Val v, SourceLoc loc, String what) {
        if (v instanceof Val.BoolVal b) return b.value();
        throw mismatch(v, loc, what, "a boolean");
    }

    static Val.TensorVal tensor(Val v, SourceLoc loc, String what) {
        if (v instanceof Val.TensorVal t) return t;
        throw mismatch(v, loc, what, "a tensor");
    }

    /** A list or tuple of ints, e.g. {@code [1, -1]}. */
    static List<Integer> ints(Val v, SourceLoc loc, String what) {
        List<Val> items = v.items();
        if (items == null) throw mismatch(v, loc, what, "a list of integers");
        List<Integer> out = new ArrayList<>(items.size());
        for (Val item : items) out.add(smallInt(item, loc, what + " entry"));
        return out;
    }

    /** Axis {@code axis} of a tensor of type {@code t}, negative counting from the end. */
    static int axis(long axis, TensorType t, SourceLoc loc, String what) {
        int rank = t.rank();
        if (axis < -rank || axis >= rank) throw new CompileError(loc, what + " " + axis + " is out of range for " + t);
        return (int) (axis < 0 ? axis + rank : axis);
    }

    private static CompileError mismatch(Val v, SourceLoc loc, String what, String wanted) {
        if (v.isError()) return CompileError.alreadyReported();
        return new CompileError(loc, what + " must be " + wanted + ", got " + v.describe());
    }
}
