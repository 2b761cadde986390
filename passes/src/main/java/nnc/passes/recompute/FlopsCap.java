package nnc.passes.recompute;

import java.util.Iterator;
import nnc.ir.Graph;

/**
 * Picks, from a list of choices, the one with the lowest planned peak (persistent bytes plus the arena
 * that the schedule and plan-buffers passes would give) among those whose recompute FLOPs stay within
 * a cap; among equal peaks, the one with the fewest FLOPs ({@link MeasuredChoice}). A choice whose peak
 * of live bytes is already above the best planned peak is not planned, since no arena is smaller. The
 * list never depends on the cap, so a larger cap picks from more choices and never gives a higher peak.
 */
final class FlopsCap {
    /** A choice in a model, with its planned peak and recompute FLOPs. */
    record Pick(RematModel model, Choice choice, long peak, long flops) {
        boolean beats(Pick other) {
            return other == null || peak < other.peak || (peak == other.peak && flops < other.flops);
        }
    }

    private FlopsCap() {}

    /** The best of {@code best} (may be null) and the choices in model {@code m} with at most {@code maxFlops} recompute FLOPs. */
    static Pick lowest(Graph g, RematModel m, Iterator<Choice> choices, long maxFlops, Pick best) {
        while (choices.hasNext()) {
            Choice c = choices.next();
            // The model counts exactly the copies' flops: a choice over the cap is not worth rebuilding.
            if (m.evaluate(c).flops() > maxFlops) continue;
            MeasuredChoice measured = MeasuredChoice.of(g, m, c, best == null ? Long.MAX_VALUE : best.peak());
            if (measured.flops() > maxFlops || !measured.planned()) continue;
            Pick p = new Pick(m, c, measured.peak(), measured.flops());
            if (p.beats(best)) best = p;
        }
        return best;
    }
}
