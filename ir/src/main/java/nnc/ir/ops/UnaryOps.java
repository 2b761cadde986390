package nnc.ir.ops;

import java.util.List;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import nnc.ir.Attrs;
import nnc.ir.DType;
import nnc.ir.FusionPattern;
import nnc.ir.GradBuilder;
import nnc.ir.Node;
import nnc.ir.OpKind;
import nnc.ir.ShapeException;
import nnc.ir.Tensor;
import nnc.ir.TensorType;
import nnc.ir.Value;

/**
 * Elementwise unary ops on f32, {@code y[i] = f(x[i])}, and their gradient ops
 * {@code dx[i] = g(dy[i], saved[i])}, where the saved value is the op's output when that suffices (as
 * PyTorch's {@code tanh_backward} does) so that the input need not be stashed.
 */
public final class UnaryOps {
    /** Builds {@code dx} from node {@code n} (whose operand is x and whose result is y) and {@code dy}. */
    @FunctionalInterface
    interface Rule {
        Value dx(GradBuilder b, Node n, Value dy);
    }

    /** An elementwise op defined by its scalar function and its gradient rule. */
    public static final class Unary extends OpKind {
        private final DoubleUnaryOperator fn;
        private final int flopsPerElement;
        private final Rule rule;

        Unary(String name, int flopsPerElement, DoubleUnaryOperator fn, Rule rule) {
            super(name, FusionPattern.ELEMWISE);
            this.fn = fn;
            this.flopsPerElement = flopsPerElement;
            this.rule = rule;
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

        @Override
        public List<Value> gradient(GradBuilder b, Node n, Value dOut) {
            return List.of(rule.dx(b, n, dOut));
        }
    }

    /**
     * {@code name(dy, saved) -> dx}: the gradient of one unary op, elementwise on two f32 tensors of one
     * type. Which value {@code saved} is (the forward op's input or output) is part of each op's contract.
     */
    public static final class UnaryGrad extends OpKind {
        private final DoubleBinaryOperator fn;
        private final int flopsPerElement;

        UnaryGrad(String name, int flopsPerElement, DoubleBinaryOperator fn) {
            super(name, FusionPattern.ELEMWISE);
            this.fn = fn;
            this.flopsPerElement = flopsPerElement;
        }

        /** {@code dx} for one element. */
        public double apply(double dy, double saved) {
            return fn.applyAsDouble(dy, saved);
        }

        @Override
        public int arity() {
            return 2;
        }

        @Override
        public TensorType infer(List<TensorType> in, Attrs attrs) {
            Checks.requireF32(this, "gradient", in.get(0));
            if (!in.get(0).equals(in.get(1))) {
                throw Checks.fail(this, "gradient " + in.get(0) + " and saved value " + in.get(1) + " must have one type");
            }
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
            Tensor dy = in.get(0);
            Tensor saved = in.get(1);
            for (int i = 0; i < out.size(); i++) out.set(i, fn.applyAsDouble(dy.get(i), saved.get(i)));
        }
    }

    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
    private static final double GELU_CUBIC = 0.044715;

    /** d/dx of the tanh approximation of GELU. */
    private static double geluDerivative(double x) {
        double t = Math.tanh(SQRT_2_OVER_PI * (x + GELU_CUBIC * x * x * x));
        return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * SQRT_2_OVER_PI * (1 + 3 * GELU_CUBIC * x * x);
    }

    /** {@code relu_grad(dy, y)}: dy where the output is positive. Reads only the output's sign (Echo's 1-bit mask). */
    public static final UnaryGrad RELU_GRAD = new UnaryGrad("relu_grad", 1, (dy, y) -> y > 0 ? dy : 0);
    /** {@code sigmoid_grad(dy, y) = dy * y * (1 - y)}, from the output. */
    public static final UnaryGrad SIGMOID_GRAD = new UnaryGrad("sigmoid_grad", 3, (dy, y) -> dy * y * (1 - y));
    /** {@code tanh_grad(dy, y) = dy * (1 - y^2)}, from the output. */
    public static final UnaryGrad TANH_GRAD = new UnaryGrad("tanh_grad", 3, (dy, y) -> dy * (1 - y * y));
    /** {@code sqrt_grad(dy, y) = dy / (2 y)}, from the output. */
    public static final UnaryGrad SQRT_GRAD = new UnaryGrad("sqrt_grad", 2, (dy, y) -> dy * 0.5 / y);
    /** {@code rsqrt_grad(dy, y) = -dy * y^3 / 2}, from the output. */
    public static final UnaryGrad RSQRT_GRAD = new UnaryGrad("rsqrt_grad", 4, (dy, y) -> -0.5 * dy * y * y * y);
    /** {@code gelu_grad(dy, x)}, from the input: the output does not determine the slope. */
    public static final UnaryGrad GELU_GRAD = new UnaryGrad("gelu_grad", 14, (dy, x) -> dy * geluDerivative(x));
    /** {@code abs_grad(dy, x) = dy * sign(x)}, from the input (0 at 0, as PyTorch). */
    public static final UnaryGrad ABS_GRAD = new UnaryGrad("abs_grad", 1, (dy, x) -> dy * Math.signum(x));

    public static final Unary NEG = new Unary("neg", 1, x -> -x, (b, n, dy) -> b.op(UnaryOps.NEG, dy));
    /** Reads y: {@code dx = dy * y}. */
    public static final Unary EXP = new Unary("exp", 1, Math::exp, (b, n, dy) -> b.op(BinaryOps.MUL, dy, n));
    /** Reads x: {@code dx = dy / x}. */
    public static final Unary LOG = new Unary("log", 1, Math::log, (b, n, dy) -> b.op(BinaryOps.DIV, dy, n.operand(0)));
    public static final Unary SQRT = new Unary("sqrt", 1, Math::sqrt, (b, n, dy) -> b.op(SQRT_GRAD, dy, n));
    public static final Unary RSQRT = new Unary("rsqrt", 2, x -> 1 / Math.sqrt(x), (b, n, dy) -> b.op(RSQRT_GRAD, dy, n));
    public static final Unary TANH = new Unary("tanh", 1, Math::tanh, (b, n, dy) -> b.op(TANH_GRAD, dy, n));
    public static final Unary SIGMOID = new Unary("sigmoid", 3, x -> 1 / (1 + Math.exp(-x)), (b, n, dy) -> b.op(SIGMOID_GRAD, dy, n));
    public static final Unary RELU = new Unary("relu", 1, x -> x > 0 ? x : 0, (b, n, dy) -> b.op(RELU_GRAD, dy, n));
    /** GELU, tanh approximation (as in GPT-2 / PyTorch's approximate="tanh"). */
    public static final Unary GELU = new Unary("gelu", 8,
            x -> 0.5 * x * (1 + Math.tanh(SQRT_2_OVER_PI * (x + GELU_CUBIC * x * x * x))),
            (b, n, dy) -> b.op(GELU_GRAD, dy, n.operand(0)));
    public static final Unary ABS = new Unary("abs", 1, Math::abs, (b, n, dy) -> b.op(ABS_GRAD, dy, n.operand(0)));

    public static final List<OpKind> ALL = List.of(NEG, EXP, LOG, SQRT, RSQRT, TANH, SIGMOID, RELU, GELU, ABS);

    /** The gradient ops, listed apart because they take two operands. */
    public static final List<OpKind> GRADS = List.of(RELU_GRAD, SIGMOID_GRAD, TANH_GRAD, SQRT_GRAD, RSQRT_GRAD, GELU_GRAD, ABS_GRAD);

    private UnaryOps() {}
}
