package nnc.backend;

import java.util.List;
import nnc.ir.Arg;
import nnc.ir.Graph;
import nnc.ir.Liveness;
import nnc.ir.MemoryPlan;
import nnc.ir.Node;

/**
 * {@code memory-plan.json}: where every value of a compiled network lives. Arguments have buffers of
 * their own; every node's result has an offset in the arena (or, for an update written in place, the
 * name of the param it is written {@code into}), a size, and a lifetime: the schedule
 * steps from the one computing it to the last one reading it ({@code steps} means "read after the
 * step": an output or an update). Keys come in a fixed order, one value per line, so that two plans
 * diff well.
 */
public final class PlanJson {
    private PlanJson() {}

    /** {@code g} must have a plan. */
    public static String render(Graph g) {
        MemoryPlan plan = g.plan();
        List<Node> schedule = plan.schedule();
        Liveness live = Liveness.of(g, schedule);
        StringBuilder sb = new StringBuilder("{\n");
        sb.append("  \"graph\": ").append(quote(g.name())).append(",\n");
        sb.append("  \"arena_bytes\": ").append(plan.arenaBytes()).append(",\n");
        sb.append("  \"alignment\": ").append(MemoryPlan.ALIGNMENT).append(",\n");
        sb.append("  \"steps\": ").append(schedule.size()).append(",\n");
        sb.append("  \"arguments\": [");
        List<Arg> args = g.args();
        for (int i = 0; i < args.size(); i++) {
            Arg a = args.get(i);
            sb.append(i == 0 ? "\n" : ",\n").append("    {\"name\": ").append(quote(a.name())).append(", \"role\": ").append(quote(a.role().text()))
                    .append(", \"type\": ").append(quote(a.type().toString())).append(", \"bytes\": ").append(a.type().bytes()).append('}');
        }
        sb.append(args.isEmpty() ? "],\n" : "\n  ],\n");
        sb.append("  \"values\": [");
        for (int i = 0; i < schedule.size(); i++) {
            Node n = schedule.get(i);
            sb.append(i == 0 ? "\n" : ",\n").append("    {\"value\": ").append(quote("%" + i)).append(", \"op\": ").append(quote(n.op().name()))
                    .append(", \"type\": ").append(quote(n.type().toString())).append(placement(plan, n))
                    .append(", \"bytes\": ").append(n.type().bytes()).append(", \"first_step\": ").append(i)
                    .append(", \"last_step\": ").append(live.lastUse(i)).append('}');
        }
        sb.append(schedule.isEmpty() ? "]\n" : "\n  ]\n");
        return sb.append("}\n").toString();
    }

    /** Where the value lives: {@code "offset": 64} in the arena, or {@code "into": "w"}, an update written into its param. */
    private static String placement(MemoryPlan plan, Node n) {
        Arg into = plan.updateTarget(n);
        return into != null ? ", \"into\": " + quote(into.name()) : ", \"offset\": " + plan.offset(n);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
