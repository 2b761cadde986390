package nnc.passes.autodiff;

import java.util.Map;
import nnc.ir.Arg;
import nnc.ir.GradBuilder;
import nnc.ir.Graph;
import nnc.ir.Phase;
import nnc.ir.SourceLoc;
import nnc.ir.Value;
import nnc.ir.ops.BinaryOps;

/**
 * Stochastic gradient descent, with PyTorch's momentum: {@code v = momentum * v + g; w -= lr * v}
 * (state {@code %w.momentum}), or plain {@code w -= lr * g} when momentum is 0.
 */
public record Sgd(double lr, double momentum) implements Optimizer {
    @Override
    public void apply(Graph g, Map<Arg, Value> grads) {
        GradBuilder shared = new GradBuilder(g, Phase.OPTIMIZER, SourceLoc.NONE);
        Value lrValue = shared.scalar(lr);
        Value momentumValue = momentum == 0 ? null : shared.scalar(momentum);
        grads.forEach((w, grad) -> {
            GradBuilder b = new GradBuilder(g, Phase.OPTIMIZER, w.loc());
            Value step = grad;
            if (momentumValue != null) {
                Arg velocity = Optimizer.addState(g, w.name() + ".momentum", w.type(), w.loc());
                step = b.op(BinaryOps.ADD, b.op(BinaryOps.MUL, momentumValue, velocity), grad);
                g.setUpdate(velocity, step);
            }
            g.setUpdate(w, b.op(BinaryOps.SUB, w, b.op(BinaryOps.MUL, lrValue, step)));
        });
    }
}
