package nnc.ir.ops;

import java.util.List;
import java.util.function.DoubleUnaryOperator;
import nnc.ir.Attrs;
import nnc.ir.DType;
import nnc.ir.FusionPattern;
import nnc.ir.OpKind;
import nnc.ir.ShapeException;
import nnc.ir.Tensor;
import nnc.ir.TensorType;

/** Elementwise unary ops on f32: {@code y[i] = f(x[i])}. */
public final class UnaryOps {
    /** An elementwise op defined by its scalar function. */
    public static final class Unary extends OpKind {
        private final DoubleUnaryOperator fn;
        private final int flopsPerElement;

        Unary(String name, int flopsPerElement, DoubleUnaryOperator fn) {
            super(name, FusionPattern.ELEMWISE);
            this.fn = fn;
            this.flopsPerElement = flopsPerElement;
        }

        public double apply(double x) {
            return fn.applyAsDouble(x);
        }

        @Override
        public int arity() {
            return 1;
        }

        @Override
        public TensorType infer(List<TensorType> in, Attrs attrs) {
            if (in.get(0).dtype() != DType.F32) throw new ShapeException(name() + " needs f32, got " + in.get(0));
            return in.get(0);
        }

        @Override
        public long flops(List<TensorType> in, Attrs attrs, TensorType out) {
            return out.numel() * flopsPerElement;
        }

        @Override
        public int inPlaceOperand() {
            return 0;
        }

        @Override
        public void eval(List<Tensor> in, Attrs attrs, Tensor out) {
            Tensor x = in.get(0);
            for (int i = 0; i < out.size(); i++) out.set(i, fn.applyAsDouble(x.get(i)));
        }
    }

    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

    public static final Unary NEG = new Unary("neg", 1, x -> -x);
    public static final Unary EXP = new Unary("exp", 1, Math::exp);
    public static final Unary LOG = new Unary("log", 1, Math::log);
    public static final Unary SQRT = new Unary("sqrt", 1, Math::sqrt);
    public static final Unary RSQRT = new Unary("rsqrt", 2, x -> 1 / Math.sqrt(x));
    public static final Unary TANH = new Unary("tanh", 1, Math::tanh);
    public static final Unary SIGMOID = new Unary("sigmoid", 3, x -> 1 / (1 + Math.exp(-x)));
    public static final Unary RELU = new Unary("relu", 1, x -> x > 0 ? x : 0);
    /** GELU, tanh approximation (as in GPT-2 / PyTorch's approximate="tanh"). */
    public static final Unary GELU = new Unary("gelu", 8,
            x -> 0.5 * x * (1 + Math.tanh(SQRT_2_OVER_PI * (x + 0.044715 * x * x * x))));
    public static final Unary ABS = new Unary("abs", 1, Math::abs);

    public static final List<OpKind> ALL = List.of(NEG, EXP, LOG, SQRT, RSQRT, TANH, SIGMOID, RELU, GELU, ABS);

    private UnaryOps() {}
}
