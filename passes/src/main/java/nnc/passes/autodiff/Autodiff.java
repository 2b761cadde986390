package nnc.passes.autodiff;

import java.util.List;
import java.util.Map;
import nnc.ir.Arg;
import nnc.ir.DType;
import nnc.ir.Graph;
import nnc.ir.Phase;
import nnc.ir.TensorType;
import nnc.ir.Value;
import nnc.passes.Pass;
import nnc.passes.PassContext;

/**
 * Turns a forward graph with a training clause (graph attributes {@code loss}, {@code optimizer} and its
 * options, as the frontend writes them for {@code train loss with ...}) into a training step: the
 * backward pass ({@link Gradients}) and the optimizer's update ({@link Optimizer}) of every f32 param
 * that reaches the loss. Params that do not reach it get no gradient and no update: they keep their
 * values. The loss stays an output. A graph without a training clause, or one already differentiated,
 * is left alone.
 */
public final class Autodiff implements Pass {
    @Override
    public String name() {
        return "autodiff";
    }

    @Override
    public boolean run(Graph g, PassContext ctx) {
        if (!g.attrs().has("loss") || g.nodes().stream().anyMatch(n -> n.phase() != Phase.FORWARD)) return false;
        String lossName = g.attrs().get("loss").toString();
        Value loss = g.outputs().get(lossName);
        if (loss == null) {
            ctx.error("the loss '" + lossName + "' is not an output of graph @" + g.name());
            return false;
        }
        if (!loss.type().equals(TensorType.f32())) {
            ctx.error("the loss '" + lossName + "' must be an f32 scalar, but it is " + loss.type());
            return false;
        }
        Optimizer optimizer;
        try {
            optimizer = Optimizer.fromAttrs(g.attrs());
        } catch (IllegalArgumentException e) {
            ctx.error(e.getMessage());
            return false;
        }
        List<Arg> params = g.args().stream().filter(a -> a.role() == Arg.Role.PARAM && a.type().dtype() == DType.F32).toList();
        Map<Arg, Value> grads;
        try {
            grads = Gradients.build(g, loss, params);
        } catch (Gradients.NoRuleException e) {
            ctx.error(e.getMessage());
            return false;
        }
        if (grads.isEmpty()) {
            ctx.error("the loss '" + lossName + "' does not depend on any param, so there is nothing to train");
            return false;
        }
        optimizer.apply(g, grads);
        return true;
    }
}
