package nnc.passes.schedule;

import java.util.List;
import nnc.ir.Graph;
import nnc.ir.Node;
import nnc.passes.Pass;
import nnc.passes.PassContext;

/** {@code schedule}: reorders the nodes as {@link Scheduler} chooses; the printed order is the schedule. */
public final class SchedulePass implements Pass {
    @Override
    public String name() {
        return "schedule";
    }

    @Override
    public boolean run(Graph g, PassContext ctx) {
        List<Node> order = Scheduler.order(g);
        if (order.equals(g.topoOrder())) return false;
        g.reorder(order);
        return true;
    }
}
