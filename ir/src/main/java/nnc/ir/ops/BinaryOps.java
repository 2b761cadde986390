package nnc.ir.ops;

import java.util.List;
import java.util.function.DoubleBinaryOperator;
import nnc.ir.Attrs;
import nnc.ir.FusionPattern;
import nnc.ir.OpKind;
import nnc.ir.ShapeException;
import nnc.ir.Tensor;
import nnc.ir.TensorType;

/** Elementwise binary ops with NumPy broadcasting. Both operands share a dtype. */
public final class BinaryOps {
    /** A broadcasting binary op defined by its scalar function. */
    public static final class Binary extends OpKind {
        private final DoubleBinaryOperator fn;

        Binary(String name, DoubleBinaryOperator fn) {
            super(name, FusionPattern.BROADCAST);
            this.fn = fn;
        }

        public double apply(double a, double b) {
            return fn.applyAsDouble(a, b);
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
            for (int i = 0; i < out.size(); i++) out.put(i, fn.applyAsDouble(a.get(ia[i]), b.get(ib[i])));
        }
    }

    public static final Binary ADD = new Binary("add", Double::sum);
    public static final Binary SUB = new Binary("sub", (a, b) -> a - b);
    public static final Binary MUL = new Binary("mul", (a, b) -> a * b);
    public static final Binary DIV = new Binary("div", (a, b) -> a / b);
    public static final Binary MAX = new Binary("max", Math::max);
    public static final Binary MIN = new Binary("min", Math::min);
    public static final Binary POW = new Binary("pow", Math::pow);

    public static final List<OpKind> ALL = List.of(ADD, SUB, MUL, DIV, MAX, MIN, POW);

    private BinaryOps() {}
}
