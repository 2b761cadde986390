package nnc.passes.plan;

import nnc.ir.Graph;
import nnc.ir.MemoryPlan;
import nnc.passes.Pass;
import nnc.passes.PassContext;

/** {@code plan-buffers}: attaches a {@link BufferPlanner} plan for the graph's current order. */
public final class PlanBuffersPass implements Pass {
    @Override
    public String name() {
        return "plan-buffers";
    }

    @Override
    public boolean run(Graph g, PassContext ctx) {
        MemoryPlan plan = BufferPlanner.plan(g);
        if (plan.sameAs(g.plan())) return false;
        g.setPlan(plan);
        return true;
    }
}
