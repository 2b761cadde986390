package nnc.ir.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import nnc.ir.Attrs;
import nnc.ir.Interpreter;
import nnc.ir.OpKind;
import nnc.ir.ShapeException;
import nnc.ir.Tensor;
import nnc.ir.TensorType;

/** Helpers shared by the op tests. */
final class OpTesting {
    private OpTesting() {}

    /** Infers as the graph builder does: arity, completed attributes, then the op's own inference. */
    static TensorType infer(OpKind op, Attrs attrs, TensorType... in) {
        op.checkArity(in.length);
        return op.infer(List.of(in), op.completeAttrs(attrs));
    }

    /** Asserts that inference fails and that the message contains every fragment; returns the message. */
    static String assertShapeError(OpKind op, Attrs attrs, List<String> fragments, TensorType... in) {
        String message = assertThrows(ShapeException.class, () -> infer(op, attrs, in)).getMessage();
        for (String f : fragments) {
            assertTrue(message.contains(f), () -> "'" + message + "' lacks '" + f + "'");
        }
        return message;
    }

    static Tensor eval(OpKind op, Attrs attrs, Tensor... in) {
        return Interpreter.eval(op, List.of(in), attrs);
    }

    /** Standard normal values from a fixed seed. */
    static Tensor random(TensorType t, long seed) {
        Random r = new Random(seed);
        double[] v = new double[Math.toIntExact(t.numel())];
        for (int i = 0; i < v.length; i++) v[i] = r.nextGaussian();
        return Tensor.of(t, v);
    }

    /** 0, 1, 2, ... in row-major order. */
    static Tensor iota(TensorType t) {
        double[] v = new double[Math.toIntExact(t.numel())];
        for (int i = 0; i < v.length; i++) v[i] = i;
        return Tensor.of(t, v);
    }

    /** The {@code index}-th contiguous block of {@code t} that has {@code type}'s element count, as a tensor of that type. */
    static Tensor block(Tensor t, TensorType type, int index) {
        int n = Math.toIntExact(type.numel());
        return Tensor.of(type, Arrays.copyOfRange(t.toArray(), index * n, index * n + n));
    }

    /**
     * The vector-Jacobian product {@code dy . d forward(operands) / d operands[k]} by central differences:
     * what a gradient op of {@code forward} must compute.
     */
    static Tensor finiteDifferenceVjp(OpKind forward, Attrs attrs, List<Tensor> operands, int k, Tensor dy) {
        double h = 1e-6;
        List<Tensor> in = new ArrayList<>(operands);
        Tensor x = operands.get(k).copy();
        in.set(k, x);
        double[] vjp = new double[x.size()];
        for (int i = 0; i < x.size(); i++) {
            double saved = x.get(i);
            x.set(i, saved + h);
            double up = dot(dy, Interpreter.eval(forward, in, attrs));
            x.set(i, saved - h);
            double down = dot(dy, Interpreter.eval(forward, in, attrs));
            x.set(i, saved);
            vjp[i] = (up - down) / (2 * h);
        }
        return Tensor.of(x.type(), vjp);
    }

    static double dot(Tensor a, Tensor b) {
        assertEquals(a.type(), b.type());
        double s = 0;
        for (int i = 0; i < a.size(); i++) s += a.get(i) * b.get(i);
        return s;
    }

    static void assertValues(TensorType type, double[] expected, Tensor actual, double tolerance) {
        assertEquals(type, actual.type());
        assertArrayEquals(expected, actual.toArray(), tolerance);
    }

    static void assertSame(Tensor expected, Tensor actual, double tolerance) {
        assertValues(expected.type(), expected.toArray(), actual, tolerance);
    }
}
