package nnc.passes.recompute;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import nnc.ir.Graph;

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
            MeasuredChoice measured = MeasuredChoice.of(g, m, c, budget);
            if (measured.peak() <= budget) return c;
            if (measured.planned()) smallest = Math.min(smallest, measured.peak());
            else over.add(new Bounded(c, measured.bound()));
        }
        // The least planned peak: plan the unplanned choices by rising bound while one could still beat it.
        over.sort(Comparator.comparingLong(Bounded::bound));
        for (Bounded b : over) {
            if (b.bound() >= smallest) break;
            smallest = Math.min(smallest, MeasuredChoice.of(g, m, b.choice(), Long.MAX_VALUE).peak());
        }
        throw new Infeasible(smallest);
    }
}
