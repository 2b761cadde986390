package nnc.passes.recompute;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import nnc.ir.Graph;
import nnc.ir.Node;
import nnc.passes.plan.BufferPlanner;
import nnc.passes.report.MemoryFigures;
import nnc.passes.schedule.Scheduler;

/**
 * Picks, from a list of choices ordered from least to most extra compute, the first whose planned
 * peak (persistent bytes plus the arena that the schedule and plan-buffers passes would give) fits a
 * budget. Peaks are measured on the rebuilt graph, not estimated; a choice whose peak of live bytes
 * already exceeds the budget is not planned, since no arena is smaller. The list never depends on the
 * budget, so a smaller budget takes a choice at least as far along it, with a peak no higher: sweeping
 * the budget downwards never raises the peak.
 */
final class BudgetFit {
    /** No choice fits; {@code smallestPeak} is the least planned peak of all the choices. */
    static final class Infeasible extends Exception {
        final long smallestPeak;

        Infeasible(long smallestPeak) {
            super(null, null, false, false);
            this.smallestPeak = smallestPeak;
        }
    }

    private record Bounded(Choice choice, long bound) {}

    private BudgetFit() {}

    static Choice first(Graph g, RematModel m, Iterator<Choice> choices, long budget) throws Infeasible {
        List<Bounded> over = new ArrayList<>();
        long smallest = Long.MAX_VALUE;
        while (choices.hasNext()) {
            Choice c = choices.next();
            Rematerializer.Undo undo = Rematerializer.apply(g, m, c);
            long persistent = MemoryFigures.persistentBytes(g);
            List<Node> order = Scheduler.order(g);
            long bound = persistent + Scheduler.peak(g, order);
            long peak = Long.MAX_VALUE;
            if (bound <= budget) {
                g.reorder(order);
                peak = persistent + BufferPlanner.plan(g).arenaBytes();
            }
            undo.apply();
            if (peak <= budget) return c;
            if (peak < Long.MAX_VALUE) smallest = Math.min(smallest, peak);
            else over.add(new Bounded(c, bound));
        }
        // The least planned peak: plan the unplanned choices by rising bound while one could still beat it.
        over.sort(Comparator.comparingLong(Bounded::bound));
        for (Bounded b : over) {
            if (b.bound() >= smallest) break;
            smallest = Math.min(smallest, plannedPeak(g, m, b.choice()));
        }
        throw new Infeasible(smallest);
    }

    private static long plannedPeak(Graph g, RematModel m, Choice c) {
        Rematerializer.Undo undo = Rematerializer.apply(g, m, c);
        g.reorder(Scheduler.order(g));
        long peak = MemoryFigures.persistentBytes(g) + BufferPlanner.plan(g).arenaBytes();
        undo.apply();
        return peak;
    }
}
