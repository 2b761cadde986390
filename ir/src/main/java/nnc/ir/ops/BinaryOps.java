package nnc.ir.ops;

import java.util.List;
import java.util.function.DoubleBinaryOperator;
import java.util.function.IntBinaryOperator;
import nnc.ir.Attrs;
import nnc.ir.DType;
import nnc.ir.FusionPattern;
import nnc.ir.OpKind;
import nnc.ir.ShapeException;
import nnc.ir.Tensor;
import nnc.ir.TensorType;

/**
 * Elementwise binary ops with NumPy broadcasting. Both operands share a dtype. On i32 they follow Java's
 * {@code int} arithmetic, which targets reproduce: results wrap on overflow and {@code div} truncates
 * toward zero ({@code -7 / 2 == -3}), failing on a zero divisor; {@code pow} is computed in double and
 * truncated toward zero.
 */
public final class BinaryOps {
    /** A broadcasting binary op defined by its scalar function on each dtype. */
    public static final class Binary extends OpKind {
        private final DoubleBinaryOperator fn;
        private final IntBinaryOperator intFn;

        Binary(String name, DoubleBinaryOperator fn, IntBinaryOperator intFn) {
            super(name, FusionPattern.BROADCAST);
            this.fn = fn;
            this.intFn = intFn;
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
    }

    private static int truncatingDiv(int a, int b) {
        if (b == 0) throw new ArithmeticException("div: i32 division by zero (" + a + " / 0)");
        return a / b;
    }

    public static final Binary ADD = new Binary("add", Double::sum, Integer::sum);
    public static final Binary SUB = new Binary("sub", (a, b) -> a - b, (a, b) -> a - b);
    public static final Binary MUL = new Binary("mul", (a, b) -> a * b, (a, b) -> a * b);
    public static final Binary DIV = new Binary("div", (a, b) -> a / b, BinaryOps::truncatingDiv);
    public static final Binary MAX = new Binary("max", Math::max, Math::max);
    public static final Binary MIN = new Binary("min", Math::min, Math::min);
    public static final Binary POW = new Binary("pow", Math::pow, (a, b) -> (int) Math.pow(a, b));

    public static final List<OpKind> ALL = List.of(ADD, SUB, MUL, DIV, MAX, MIN, POW);

    private BinaryOps() {}
}
