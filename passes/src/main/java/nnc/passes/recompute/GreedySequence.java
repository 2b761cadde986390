package nnc.passes.recompute;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Greedy by bytes freed per FLOP: changes to the choice one at a time, each the one that removes the
 * most bytes near the peak per flop it adds. A change either rebuilds a value the backward pass holds
 * (a stashed value, or one kept for other recomputations) through every forward value it needs,
 * heavy ops included (checkpointing); or rebuilds a cheap stashed value keeping the heavy values it
 * reads (as the default mode does); or keeps a value that is being rebuilt, which splits a long
 * rebuilt segment whose copies would all be alive at once, and saves its flops.
 *
 * <p>A change's gain is the bytes it removes above a band just under the current peak, summed over
 * the steps: a value freed across the whole peak region counts in full, one rebuilt in the middle of
 * it in part. Changes that raise the peak are not taken, so the peak never rises along the sequence,
 * and (peak, bytes above the band) falls at every step, so it ends. The sequence depends on the
 * graph alone, never on a budget: a smaller budget only goes further along it. Scores are refreshed
 * lazily: the best cached one is re-scored and taken if it stays best.
 */
final class GreedySequence {
    /** The band is this fraction of the current peak deep. */
    private static final double BAND = 1.0 / 32;

    private enum Kind { REBUILD, CHEAPLY, KEEP }

    private record Action(int node, Kind kind) {}

    private record Scored(Action action, double score, int stamp) {}

    private final RematModel m;
    private Choice current = Choice.NONE;
    private RematModel.Outcome now;
    private boolean[] copied;
    private final PriorityQueue<Scored> queue = new PriorityQueue<>((a, b) -> Double.compare(b.score, a.score));
    private final Set<Action> queued = new HashSet<>();
    private int steps;

    GreedySequence(RematModel m) {
        this.m = m;
        this.now = m.evaluate(Choice.NONE);
        this.copied = new boolean[m.n];
        for (int i = 0; i < m.n; i++) {
            if (m.candidate(i)) enqueueRebuild(i);
        }
    }

    RematModel.Outcome outcome() {
        return now;
    }

    Choice choice() {
        return current;
    }

    /** Takes the next change; false when none lowers the bytes near the peak any more. */
    boolean advance() {
        boolean refreshedAll = false;
        while (!queue.isEmpty()) {
            Scored best = queue.poll();
            if (best.stamp != steps) {
                Scored fresh = score(best.action);
                if (fresh.score > 0 && (queue.isEmpty() || fresh.score >= queue.peek().score)) return take(fresh.action);
                queue.add(fresh);
                continue;
            }
            if (best.score > 0) return take(best.action);
            // The best fresh score is not positive; stale ones might be, once re-scored.
            queue.add(best);
            if (refreshedAll) return false;
            List<Scored> all = new ArrayList<>(queue);
            queue.clear();
            for (Scored s : all) queue.add(score(s.action));
            refreshedAll = true;
        }
        return false;
    }

    private boolean take(Action a) {
        Choice before = current;
        boolean[] copiedBefore = copied;
        current = apply(a);
        now = m.evaluate(current);
        copied = m.layout(current).copiedNodes();
        steps++;
        for (int i = 0; i < m.n; i++) {
            if (copied[i] && !copiedBefore[i]) enqueue(new Action(i, Kind.KEEP));
            if (heldForBackward(current, i) && !heldForBackward(before, i)) enqueueRebuild(i);
        }
        return true;
    }

    private void enqueueRebuild(int i) {
        enqueue(new Action(i, Kind.REBUILD));
        if (m.candidate(i) && m.cheap[i]) enqueue(new Action(i, Kind.CHEAPLY));
    }

    /** New actions are scored when first polled. */
    private void enqueue(Action a) {
        if (queued.add(a)) queue.add(new Scored(a, Double.POSITIVE_INFINITY, -1));
    }

    /** Whether node {@code i}'s original is kept alive for the backward pass or for recomputations. */
    private boolean heldForBackward(Choice c, int i) {
        return m.candidate(i) && !c.recomputed().get(i) || c.kept().get(i);
    }

    private boolean applicable(Action a) {
        return switch (a.kind) {
            case REBUILD -> heldForBackward(current, a.node);
            case CHEAPLY -> m.candidate(a.node) && !current.recomputed().get(a.node);
            case KEEP -> copied[a.node];
        };
    }

    private Choice apply(Action a) {
        return switch (a.kind) {
            case REBUILD -> current.rebuild(a.node);
            case CHEAPLY -> m.keepingHeavy(current, current.recompute(a.node));
            case KEEP -> m.candidate(a.node) ? current.withoutRecomputing(a.node) : current.keep(single(a.node));
        };
    }

    private static BitSet single(int i) {
        BitSet b = new BitSet();
        b.set(i);
        return b;
    }

    /** Gain per flop of {@code a} now; 0 when it does not apply, gains nothing or raises the peak. */
    private Scored score(Action a) {
        if (!applicable(a)) return new Scored(a, 0, steps);
        RematModel.Outcome o = m.evaluate(apply(a));
        if (o.peak() > now.peak()) return new Scored(a, 0, steps);
        long band = now.peak() - (long) (now.peak() * BAND);
        double gain = excess(now.live(), band) - excess(o.live(), band);
        long cost = Math.max(1, o.flops() - now.flops());
        return new Scored(a, gain / cost, steps);
    }

    private static double excess(long[] live, long band) {
        double sum = 0;
        for (long b : live) sum += Math.max(0, b - band);
        return sum;
    }
}
