package nnc.passes.recompute;

import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nnc.ir.Graph;
import nnc.ir.Node;
import nnc.ir.Phase;
import nnc.passes.Pass;
import nnc.passes.PassContext;
import nnc.passes.PassFailedException;
import nnc.passes.PassOption;
import nnc.passes.plan.BufferPlanner;
import nnc.passes.report.MemoryFigures;
import nnc.passes.report.Units;
import nnc.passes.schedule.Scheduler;

/**
 * {@code recompute}: trades compute for memory in a training graph, rebuilding stashed forward values
 * in the backward pass instead of keeping them alive. First, in every mode, max pooling's gradients
 * route by stashed indices instead of reading the pooling input, where the default mode then plans a
 * lower peak ({@link PoolIndexStash}). By default only cheap values, never a matmul or conv, and
 * only when that lowers the peak ({@link EchoRecompute}). With {@code budget=SIZE}, the least extra compute
 * that brings the planned peak (persistent bytes plus arena) under SIZE, heavy ops included
 * ({@link BudgetFit} over the choices of {@code method}, {@code greedy} or {@code chen}, walked from
 * the scheduled order without lookahead and then, if no choice fits, from the one with it); a budget
 * nothing fits is an error that names the smallest peak nnc reaches. With {@code extra-flops=P%}, the
 * lowest planned peak whose recompute FLOPs are at most P% of the step's other FLOPs, heavy ops
 * included ({@link FlopsCap} over the same choices, from both orders). Graphs without a backward pass
 * are left alone.
 */
public final class RecomputePass implements Pass {
    private static final String SMALLEST = "the smallest peak nnc can reach is ";
    private static final Pattern SMALLEST_BYTES = Pattern.compile(SMALLEST + ".* \\(([\\d,]+) bytes\\)");

    @Override
    public String name() {
        return "recompute";
    }

    @Override
    public List<PassOption> options() {
        return List.of(PassOption.bytes("budget"), PassOption.percent("extra-flops"), PassOption.string("method"));
    }

    @Override
    public boolean run(Graph g, PassContext ctx) {
        Method method = Method.byText(ctx.string("method", Method.GREEDY.text()));
        if (method == null) {
            ctx.error("unknown method '" + ctx.string("method", "") + "' (expected greedy or chen)");
            return false;
        }
        if (ctx.has("budget") && ctx.has("extra-flops")) {
            ctx.error("give a memory budget or a cap on extra FLOPs, not both");
            return false;
        }
        boolean indices = stashPoolIndices(g);
        if (ctx.has("extra-flops")) return capFlops(g, method, ctx.share("extra-flops", 0)) || indices;
        if (!ctx.has("budget")) return echo(g) != null || indices;
        long budget = ctx.bytes("budget", 0);
        long smallest;
        RematModel first = RematModel.forBudget(g);
        try {
            return fit(g, first, method, budget) || indices;
        } catch (BudgetFit.Infeasible e) {
            smallest = e.smallestPeak;
        }
        // Only when nothing fits from that order is the scheduler's order with lookahead worth modelling.
        RematModel lookahead = RematModel.of(g);
        if (!lookahead.order.equals(first.order)) {
            try {
                return fit(g, lookahead, method, budget) || indices;
            } catch (BudgetFit.Infeasible e) {
                smallest = Math.min(smallest, e.smallestPeak);
            }
        }
        ctx.error("the memory budget " + Units.bytes(budget) + " (" + Units.count(budget) + (budget == 1 ? " byte" : " bytes") + ") is too small for @"
                + g.name() + ": " + SMALLEST + Units.bytes(smallest) + " (" + Units.count(smallest) + " bytes)");
        return false;
    }

    /** The smallest peak named when {@code e} is this pass refusing a budget, else empty. */
    public static OptionalLong smallestPeak(PassFailedException e) {
        if (!e.step().name().equals("recompute")) return OptionalLong.empty();
        for (String error : e.errors()) {
            Matcher m = SMALLEST_BYTES.matcher(error);
            if (m.find()) return OptionalLong.of(Long.parseLong(m.group(1).replace(",", "")));
        }
        return OptionalLong.empty();
    }

    /**
     * Applies the choice of {@code method} with the lowest planned peak among those whose recompute
     * FLOPs are at most {@code share} of the step's other FLOPs, walked from both orders the budget
     * mode uses; whether the graph changed.
     */
    private static boolean capFlops(Graph g, Method method, double share) {
        long stepFlops = 0;
        for (Node n : g.nodes()) {
            if (n.phase() != Phase.RECOMPUTE) stepFlops += n.op().flops(n.operandTypes(), n.attrs(), n.type());
        }
        long maxFlops = (long) Math.floor(share * stepFlops);
        RematModel first = RematModel.forBudget(g);
        FlopsCap.Pick best = FlopsCap.lowest(g, first, method.choices(first), maxFlops, null);
        RematModel lookahead = RematModel.of(g);
        if (!lookahead.order.equals(first.order)) best = FlopsCap.lowest(g, lookahead, method.choices(lookahead), maxFlops, best);
        List<Node> before = g.topoOrder();
        Rematerializer.apply(g, best.model(), best.choice());
        return !g.topoOrder().equals(before);
    }

    /** Applies the first of {@code method}'s choices in model {@code m} that fits {@code budget}; whether the graph changed. */
    private static boolean fit(Graph g, RematModel m, Method method, long budget) throws BudgetFit.Infeasible {
        Choice fit = BudgetFit.first(g, m, method.choices(m), budget);
        // Even without copies, the fit was measured in the model's order.
        List<Node> before = g.topoOrder();
        Rematerializer.apply(g, m, fit);
        return !g.topoOrder().equals(before);
    }

    /**
     * Applies {@link PoolIndexStash} when the default mode then plans a lower peak than without it: Echo
     * may rebuild a pooling input cheaply anyway (from a conv output that batch norm's gradient keeps),
     * and then the indices only add bytes. Judged the same way in every mode, so never by the budget.
     */
    private static boolean stashPoolIndices(Graph g) {
        if (!PoolIndexStash.hasSites(g)) return false;
        long without = defaultModePeak(g);
        PoolIndexStash.Undo stash = PoolIndexStash.apply(g);
        if (stash == null) return false;
        if (defaultModePeak(g) < without) return true;
        stash.apply();
        return false;
    }

    /** The planned peak (persistent bytes plus arena) of {@code g} after the default mode; leaves {@code g} as it was. */
    private static long defaultModePeak(Graph g) {
        List<Node> order = g.topoOrder();
        Rematerializer.Undo undo = echo(g);
        g.reorder(Scheduler.order(g));
        long peak = MemoryFigures.persistentBytes(g) + BufferPlanner.plan(g).arenaBytes();
        if (undo != null) undo.apply();
        g.reorder(order);
        return peak;
    }

    /** The default mode: applies Echo's choice when the scheduled peak really drops; gives its undo, or null. */
    private static Rematerializer.Undo echo(Graph g) {
        RematModel m = RematModel.of(g);
        Choice c = EchoRecompute.choose(m);
        if (c.recomputedCount() == 0) return null;
        long before = Scheduler.peak(g, m.order);
        Rematerializer.Undo undo = Rematerializer.apply(g, m, c);
        if (scheduledPeak(g) < before) return undo;
        undo.apply();
        return null;
    }

    /** The peak of live bytes once the schedule pass has ordered {@code g}: what the choice is judged by. */
    private static long scheduledPeak(Graph g) {
        return Scheduler.peak(g, Scheduler.order(g));
    }
}
