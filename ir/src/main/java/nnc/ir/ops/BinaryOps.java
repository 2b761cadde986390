package nnc.ir.ops;

import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import java.util.function.IntBinaryOperator;
import nnc.ir.Attrs;
import nnc.ir.DType;
import nnc.ir.FusionPattern;
import nnc.ir.GradBuilder;
import nnc.ir.Node;
import nnc.ir.OpKind;
import nnc.ir.Shape;
import nnc.ir.ShapeException;
import nnc.ir.Tensor;
import nnc.ir.TensorType;
import nnc.ir.Value;

/**
 * Elementwise binary ops with NumPy broadcasting. Both operands share a dtype. On i32 they follow Java's
 * {@code int} arithmetic, which targets reproduce: results wrap on overflow and {@code div} truncates
 * toward zero ({@code -7 / 2 == -3}), failing on a zero divisor; {@code pow} is computed in double and
 * truncated toward zero.
 *
 * <p>Gradients (f32 only) are taken at the broadcast shape and summed back to each operand's shape.
 */
public final class BinaryOps {
    /**
     * Builds the gradients of both operands from node {@code n} and {@code dy}, at the broadcast shape or
     * already summed down to the operand's shape (when something is cheaper to do after the reduction).
     */
    @FunctionalInterface
    interface Rule {
        List<Value> grads(GradBuilder b, Node n, Value dy);
    }

    /** A broadcasting binary op defined by its scalar function on each dtype and its gradient rule. */
    public static final class Binary extends OpKind {
        private final DoubleBinaryOperator fn;
        private final IntBinaryOperator intFn;
        private final Rule rule;

        Binary(String name, DoubleBinaryOperator fn, IntBinaryOperator intFn, Rule rule) {
            super(name, FusionPattern.BROADCAST);
            this.fn = fn;
            this.intFn = intFn;
            this.rule = rule;
        }

        /** The f32 function. */
        public double apply(double a, double b) {
            return fn.applyAsDouble(a, b);
        }

        /** The i32 function. */
        public int applyInt(int a, int b) {
            return intFn.applyAsInt(a, b);
        }

        @Override
        public int arity() {
            return 2;
        }

        @Override
        public TensorType infer(List<TensorType> in, Attrs attrs) {
            TensorType a = in.get(0);
            TensorType b = in.get(1);
            if (a.dtype() != b.dtype()) {
                throw new ShapeException(name() + " mixes " + a + " and " + b + "; cast one operand first");
            }
            return a.withShape(Broadcast.shape(a.shape(), b.shape()));
        }

        /** The result may take over operand 0's buffer when it has the result's shape. */
        @Override
        public int inPlaceOperand() {
            return 0;
        }

        /** Element {@code i} of each operand of the result's shape is read just before element {@code i} is written. */
        @Override
        public boolean mayOverwrite(int k) {
            return k == 0 || k == 1;
        }

        @Override
        public void eval(List<Tensor> in, Attrs attrs, Tensor out) {
            Tensor a = in.get(0);
            Tensor b = in.get(1);
            int[] ia = Broadcast.indexMap(a.shape(), out.shape());
            int[] ib = Broadcast.indexMap(b.shape(), out.shape());
            boolean ints = out.type().dtype() == DType.I32;
            for (int i = 0; i < out.size(); i++) {
                double x = a.get(ia[i]);
                double y = b.get(ib[i]);
                out.set(i, ints ? intFn.applyAsInt((int) x, (int) y) : fn.applyAsDouble(x, y));
            }
        }

        /** The rule's gradients, each summed over the axes its operand was broadcast along. */
        @Override
        public List<Value> gradient(GradBuilder b, Node n, Value dOut) {
            List<Value> full = rule.grads(b, n, dOut);
            Value da = full.get(0) == null ? null : b.sumTo(full.get(0), shape(n, 0));
            Value db = full.get(1) == null ? null : b.sumTo(full.get(1), shape(n, 1));
            return Arrays.asList(da, db);
        }
    }

    private static Shape shape(Node n, int operand) {
        return n.operand(operand).type().shape();
    }

    private static int truncatingDiv(int a, int b) {
        if (b == 0) throw new ArithmeticException("div: i32 division by zero (" + a + " / 0)");
        return a / b;
    }

    /** Of {@code max} (mask {@code ge(a, b)}) or {@code min} (mask {@code ge(b, a)}): reads a and b; a wins ties. */
    private static List<Value> select(GradBuilder b, Value mask, Value dy) {
        Value da = b.op(BinaryOps.MUL, dy, mask);
        return List.of(da, b.op(BinaryOps.SUB, dy, da));
    }

    /** Reads nothing. */
    public static final Binary ADD = new Binary("add", Double::sum, Integer::sum, (b, n, dy) -> List.of(dy, dy));
    /** Reads nothing; b's gradient is negated after the broadcast reduction, on the smaller tensor. */
    public static final Binary SUB = new Binary("sub", (a, b) -> a - b, (a, b) -> a - b,
            (b, n, dy) -> List.of(dy, b.op(UnaryOps.NEG, b.sumTo(dy, shape(n, 1)))));
    /** Reads a and b: {@code da = dy * b}, {@code db = dy * a}. */
    public static final Binary MUL = new Binary("mul", (a, b) -> a * b, (a, b) -> a * b,
            (b, n, dy) -> List.of(b.op(BinaryOps.MUL, dy, n.operand(1)), b.op(BinaryOps.MUL, dy, n.operand(0))));
    /** Reads b and y: {@code da = dy / b}, {@code db = -(dy / b) * y}. */
    public static final Binary DIV = new Binary("div", (a, b) -> a / b, BinaryOps::truncatingDiv, (b, n, dy) -> {
        Value da = b.op(BinaryOps.DIV, dy, n.operand(1));
        return List.of(da, b.op(UnaryOps.NEG, b.sumTo(b.op(BinaryOps.MUL, da, n), shape(n, 1))));
    });
    public static final Binary MAX = new Binary("max", Math::max, Math::max,
            (b, n, dy) -> select(b, b.op(BinaryOps.GE, n.operand(0), n.operand(1)), dy));
    public static final Binary MIN = new Binary("min", Math::min, Math::min,
            (b, n, dy) -> select(b, b.op(BinaryOps.GE, n.operand(1), n.operand(0)), dy));
    /** Reads a, b and y: {@code da = dy * b * a^(b-1)}, {@code db = dy * y * log(a)} (a > 0 where b needs a gradient). */
    public static final Binary POW = new Binary("pow", Math::pow, (a, b) -> (int) Math.pow(a, b), (b, n, dy) -> {
        Value a = n.operand(0);
        Value e = n.operand(1);
        Value slope = b.op(BinaryOps.MUL, e, b.op(BinaryOps.POW, a, b.op(BinaryOps.SUB, e, b.scalar(1))));
        return List.of(b.op(BinaryOps.MUL, dy, slope), b.op(BinaryOps.MUL, dy, b.op(BinaryOps.MUL, n, b.op(UnaryOps.LOG, a))));
    });
    /**
     * {@code ge(a, b)}: 1 where {@code a >= b}, else 0, in the operands' dtype. The mask that routes the
     * gradients of max, min and reduce_max; piecewise constant, so no gradient flows through it.
     */
    public static final Binary GE = new Binary("ge", (a, b) -> a >= b ? 1 : 0, (a, b) -> a >= b ? 1 : 0,
            (b, n, dy) -> Arrays.asList(null, null));

    public static final List<OpKind> ALL = List.of(ADD, SUB, MUL, DIV, MAX, MIN, POW, GE);

    private BinaryOps() {}
}
