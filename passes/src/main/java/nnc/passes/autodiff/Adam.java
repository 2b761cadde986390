package nnc.passes.autodiff;

import java.util.Map;
import nnc.ir.Arg;
import nnc.ir.GradBuilder;
import nnc.ir.Graph;
import nnc.ir.Phase;
import nnc.ir.SourceLoc;
import nnc.ir.TensorType;
import nnc.ir.Value;
import nnc.ir.ops.BinaryOps;
import nnc.ir.ops.UnaryOps;

/**
 * Adam (Kingma and Ba, as PyTorch computes it) with bias correction. State: the step count
 * {@code %adam.t} (an f32 scalar shared by all params) and per param the moments {@code %w.m} and
 * {@code %w.v}. Each step: {@code t += 1; m = b1*m + (1-b1)*g; v = b2*v + (1-b2)*g^2;
 * w -= lr / (1 - b1^t) * m / (sqrt(v / (1 - b2^t)) + eps)}.
 */
public record Adam(double lr, double beta1, double beta2, double eps) implements Optimizer {
    /** Name of the step counter; DSL names have no dot, so it cannot clash with a param's. */
    public static final String STEP = "adam.t";

    @Override
    public void apply(Graph g, Map<Arg, Value> grads) {
        GradBuilder shared = new GradBuilder(g, Phase.OPTIMIZER, SourceLoc.NONE);
        Arg t = Optimizer.addState(g, STEP, TensorType.f32(), SourceLoc.NONE);
        Value one = shared.scalar(1);
        Value tNext = shared.op(BinaryOps.ADD, t, one);
        g.setUpdate(t, tNext);
        Value b1 = shared.scalar(beta1);
        Value b2 = shared.scalar(beta2);
        Value oneMinusB1 = shared.scalar(1 - beta1);
        Value oneMinusB2 = shared.scalar(1 - beta2);
        Value epsValue = shared.scalar(eps);
        Value stepSize = shared.op(BinaryOps.DIV, shared.scalar(lr),
                shared.op(BinaryOps.SUB, one, shared.op(BinaryOps.POW, b1, tNext)));
        Value secondCorrection = shared.op(BinaryOps.SUB, one, shared.op(BinaryOps.POW, b2, tNext));
        grads.forEach((w, grad) -> {
            GradBuilder b = new GradBuilder(g, Phase.OPTIMIZER, w.loc());
            Arg m = Optimizer.addState(g, w.name() + ".m", w.type(), w.loc());
            Arg v = Optimizer.addState(g, w.name() + ".v", w.type(), w.loc());
            Value mNext = b.op(BinaryOps.ADD, b.op(BinaryOps.MUL, b1, m), b.op(BinaryOps.MUL, oneMinusB1, grad));
            Value gradSquared = b.op(BinaryOps.MUL, grad, grad);
            Value vNext = b.op(BinaryOps.ADD, b.op(BinaryOps.MUL, b2, v), b.op(BinaryOps.MUL, oneMinusB2, gradSquared));
            Value denom = b.op(BinaryOps.ADD, b.op(UnaryOps.SQRT, b.op(BinaryOps.DIV, vNext, secondCorrection)), epsValue);
            Value step = b.op(BinaryOps.MUL, stepSize, b.op(BinaryOps.DIV, mNext, denom));
            g.setUpdate(m, mNext);
            g.setUpdate(v, vNext);
            g.setUpdate(w, b.op(BinaryOps.SUB, w, step));
        });
    }
}
