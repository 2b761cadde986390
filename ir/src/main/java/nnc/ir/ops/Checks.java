package nnc.ir.ops;

import java.util.List;
import nnc.ir.Attrs;
import nnc.ir.DType;
import nnc.ir.OpKind;
import nnc.ir.Shape;
import nnc.ir.ShapeException;
import nnc.ir.TensorType;

/** Operand and attribute checks shared by the op families; every message starts with the op's name. */
final class Checks {
    private Checks() {}

    static ShapeException fail(OpKind op, String message) {
        return new ShapeException(op.name() + ": " + message);
    }

    static void requireF32(OpKind op, String what, TensorType t) {
        if (t.dtype() != DType.F32) throw fail(op, what + " must be f32, got " + t);
    }

    static void requireRank(OpKind op, String what, TensorType t, int rank) {
        if (t.rank() != rank) throw fail(op, what + " must have rank " + rank + ", got " + t);
    }

    /** The dtype named by attribute {@code key}: "f32" or "i32". */
    static DType dtype(OpKind op, Attrs attrs, String key) {
        String s = attrs.getString(key);
        for (DType d : DType.values()) {
            if (d.text().equals(s)) return d;
        }
        throw fail(op, key + " must be \"f32\" or \"i32\", got \"" + s + "\"");
    }

    /** Attribute {@code key}, an axis of {@code t}; the IR holds axes already normalized (non-negative). */
    static int axis(OpKind op, Attrs attrs, String key, TensorType t) {
        int a = attrs.getInt(key);
        if (a < 0 || a >= t.rank()) {
            throw fail(op, key + " " + a + " is out of range for " + t + " (rank " + t.rank() + ")");
        }
        return a;
    }

    /** Attribute {@code key}, an [h, w] pair whose entries are at least {@code min}. */
    static int[] pair(OpKind op, Attrs attrs, String key, int min) {
        List<Integer> l = attrs.getInts(key);
        if (l.size() != 2) throw fail(op, key + " must be a pair [h, w], got " + l);
        if (l.get(0) < min || l.get(1) < min) throw fail(op, key + " entries must be at least " + min + ", got " + l);
        return new int[] {l.get(0), l.get(1)};
    }

    /** Attribute {@code key}, a float that must not be negative. */
    static double nonNegative(OpKind op, Attrs attrs, String key) {
        double v = attrs.getFloat(key);
        if (!(v >= 0)) throw fail(op, key + " must not be negative, got " + v);
        return v;
    }

    /**
     * Throws unless {@code forward} maps {@code operands} (under {@code attrs}) to a result of type
     * {@code dy}: a gradient op's operands and attributes must describe one use of its forward op.
     */
    static void requireForwardResult(OpKind grad, OpKind forward, List<TensorType> operands, Attrs attrs, TensorType dy) {
        TensorType y;
        try {
            y = forward.infer(operands, attrs);
        } catch (ShapeException e) {
            throw fail(grad, "describes no valid " + forward.name() + " (" + e.getMessage() + ")");
        }
        if (!y.equals(dy)) {
            throw fail(grad, "gradient " + dy + " does not match " + forward.name() + " of " + operands + ", which gives " + y);
        }
    }

    /** Attribute {@code key}, a list of {@code rank} non-negative dimensions. */
    static Shape shape(OpKind op, Attrs attrs, String key, int rank) {
        List<Integer> l = attrs.getInts(key);
        if (l.size() != rank || l.stream().anyMatch(d -> d < 0)) {
            throw fail(op, key + " must hold " + rank + " non-negative dimensions, got " + l);
        }
        return Shape.of(l);
    }

    /** Product of {@code dims[from..to)}. */
    static int product(int[] dims, int from, int to) {
        int p = 1;
        for (int i = from; i < to; i++) p *= dims[i];
        return p;
    }
}
