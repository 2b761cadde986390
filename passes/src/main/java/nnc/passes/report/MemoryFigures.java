package nnc.passes.report;

import nnc.ir.Arg;
import nnc.ir.Graph;
import nnc.ir.Liveness;
import nnc.ir.MemoryPlan;
import nnc.ir.Node;

/**
 * The figures of DESIGN.md's memory model for a planned graph, exact for nnc's runtimes: the arena
 * is what {@link nnc.ir.ArenaInterpreter} and the backends allocate. Persistent values are the
 * arguments (params, optimizer state and inputs), each in a buffer of its own for the whole step.
 *
 * @param persistentBytes every argument's bytes
 * @param naiveBytes every node result in a buffer of its own, with no reuse
 * @param lowerBoundBytes the most transient bytes live at one step of the schedule (an in-place
 *     result sharing its operand's buffer): no arena for this schedule is smaller
 * @param arenaBytes the arena the plan assigns
 * @param flops the floating point operations of one step ({@link nnc.ir.OpKind#flops})
 */
public record MemoryFigures(long persistentBytes, long naiveBytes, long lowerBoundBytes, long arenaBytes, long flops) {
    /** {@code g} must have a plan. */
    public static MemoryFigures of(Graph g) {
        MemoryPlan plan = g.plan();
        if (plan == null) throw new IllegalArgumentException("graph @" + g.name() + " has no buffer plan");
        long naive = 0;
        long flops = 0;
        for (Node n : plan.schedule()) {
            naive += n.type().bytes();
            flops += n.op().flops(n.operandTypes(), n.attrs(), n.type());
        }
        long lowerBound = Liveness.max(Liveness.of(g, plan.schedule()).liveBufferBytes());
        return new MemoryFigures(persistentBytes(g), naive, lowerBound, plan.arenaBytes(), flops);
    }

    /** What one step holds at most: the persistent values and the arena. */
    public long peakBytes() {
        return persistentBytes + arenaBytes;
    }

    public static long persistentBytes(Graph g) {
        long bytes = 0;
        for (Arg a : g.args()) bytes += a.type().bytes();
        return bytes;
    }
}
