package nnc.passes.recompute;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The default mode, after Echo: rebuild cheap stashed values (elementwise chains, reshapes,
 * normalizations, pooling, fused chains hanging off a heavy op) in the backward pass from values
 * that stay stashed anyway: a recomputation reading a heavy value that nobody stashes keeps it. A
 * matmul or conv counts as cheap only on a model built so ({@link RematModel#countingCheap}),
 * when it takes few flops per result element, and then only while the copies cost at most
 * {@link #MAX_FLOPS_SHARE} of the step's flops (the recompute pass runs that second search from the
 * first one's choice). Each recomputed value is rebuilt once, where it is first needed, so that
 * rebuilding a long recurrence (an LSTM's cell state) from its start costs linear, not quadratic,
 * compute.
 *
 * <p>The search tries groups, each costing one evaluation of the model, so that it stays near-linear
 * on long unrolled graphs: all cheap candidates together first, kept when the model's peak drops (or
 * stays with fewer bytes live over the step); when a group does not help, its halves are tried in
 * turn, down to single values. Then the largest candidates are reconsidered one by one, since which
 * links of a chain (a residual stream, say) to keep depends on the order they were tried in. Then
 * recomputations that free nothing at the final peak are undone, and values rebuilt in several places
 * away from the peak are rebuilt once, where that does not raise the peak. The result is kept only
 * when the peak is lower than without it.
 */
final class EchoRecompute {
    /** How many of the largest candidates are reconsidered one by one after the group search. */
    private static final int REFINED = 64;

    /**
     * Heavy ops doing at most this many flops per result element may count as cheap: a matmul over an
     * inner dimension of at most 150 (attention scores and their product with the values, over one
     * head's features), a convolution summing at most 150 inputs per output (depthwise, 1x1 over few
     * channels, a stem over 3 colour channels). Their results are large for the work they take, as
     * the attention layer's were in Echo's NMT models.
     */
    static final long CHEAP_FLOPS_PER_ELEMENT = 300;
    /** The most that recomputing such heavy ops may bring the step's extra flops to, as a share of its own. */
    static final double MAX_FLOPS_SHARE = 0.04;

    private final RematModel m;
    private final long maxFlops;
    private Choice current = Choice.NONE;
    private RematModel.Outcome now;

    private EchoRecompute(RematModel m, boolean capped) {
        this.m = m;
        this.maxFlops = capped ? (long) (MAX_FLOPS_SHARE * m.totalFlops()) : Long.MAX_VALUE;
        this.now = m.evaluate(Choice.NONE);
    }

    /** Echo's choice on {@code m}. */
    static Choice choose(RematModel m) {
        return choose(m, Choice.NONE, false);
    }

    /**
     * The default mode's two searches on {@code m}, judged by {@code m}'s peak: Echo's choice, and the
     * same extended with heavy ops of low intensity within the flops allowed; the lower, the first on a tie.
     */
    static Choice defaultChoice(RematModel m) {
        Choice first = choose(m);
        Choice second = choose(m.countingCheap(CHEAP_FLOPS_PER_ELEMENT), first, true);
        return m.evaluate(second).peak() < m.evaluate(first).peak() ? second : first;
    }

    /**
     * Echo's choice on {@code m}, starting from {@code start} and adding to it; with {@code capped},
     * what it adds keeps the copies' cost at most {@link #MAX_FLOPS_SHARE} of the step's flops.
     */
    static Choice choose(RematModel m, Choice start, boolean capped) {
        EchoRecompute e = new EchoRecompute(m, capped);
        long base = e.now.peak();
        RematModel.Outcome started = m.evaluate(start);
        if (started.peak() < base) {
            e.current = start;
            e.now = started;
        }
        List<Integer> candidates = worthTrying(m, capped);
        candidates.removeIf(i -> e.current.recomputed().get(i));
        candidates.sort(Comparator.comparingLong((Integer i) -> -m.bytes[i]).thenComparingInt(i -> i));
        e.tryGroups(candidates, e::cheaply, e::lower);
        for (int i : candidates.subList(0, Math.min(REFINED, candidates.size()))) {
            boolean on = e.current.recomputed().get(i);
            Choice flipped = on ? e.current.withoutRecomputing(i) : e.cheaply(List.of(i));
            RematModel.Outcome o = m.evaluate(flipped);
            if (e.lower(o)) {
                e.current = flipped;
                e.now = o;
            }
        }
        int peak = e.now.position(e.now.peakStep());
        List<Integer> idle = new ArrayList<>();
        for (int i = e.current.recomputed().nextSetBit(0); i >= 0; i = e.current.recomputed().nextSetBit(i + 1)) {
            if (!m.freesAt(i, peak)) idle.add(i);
        }
        e.tryGroups(idle, g -> e.withAll(g, Choice::withoutRecomputing), e::noHigher);
        // A value rebuilt in several places, none of them around the peak, can be rebuilt once.
        int[][] copies = e.now.layout().copyAt();
        List<Integer> repeated = new ArrayList<>();
        for (int i = 0; i < m.n; i++) {
            int[] at = copies[i];
            if (at != null && at.length > 1 && (peak < at[0] || peak > at[at.length - 1])) repeated.add(i);
        }
        e.tryGroups(repeated, g -> e.withAll(g, Choice::share), e::noHigher);
        return e.now.peak() < base ? e.current : Choice.NONE;
    }

    /**
     * The cheap stashed values worth trying: not those whose rebuild would keep heavy values that no
     * one stashes and that take at least as many bytes as all the candidates reading them (an LSTM's
     * gate activations, rebuilt from the pre-activation they are slices of, say). The rebuild is
     * traced through cheap unstashed values, stopping at stashed ones. With {@code touchingHeavy}, only
     * those whose rebuild runs a heavy op counted cheap: a search extending Echo's choice has tried
     * the others already, on a model where they rebuild the same way.
     */
    private static List<Integer> worthTrying(RematModel m, boolean touchingHeavy) {
        List<List<Integer>> heavyRead = new ArrayList<>();
        long[] readersBytes = new long[m.n];
        BitSet seen = new BitSet(m.n);
        BitSet touches = new BitSet(m.n);
        for (int r = 0; r < m.n; r++) {
            List<Integer> heavy = new ArrayList<>();
            heavyRead.add(heavy);
            if (!m.candidate(r) || !m.cheap[r]) continue;
            if (m.heavyCountedCheap(r)) touches.set(r);
            Deque<Integer> todo = new ArrayDeque<>(List.of(r));
            seen.clear();
            while (!todo.isEmpty()) {
                for (int p : m.operands[todo.pop()]) {
                    if (p < 0 || seen.get(p) || m.readAfterStep[p] || m.stashed[p]) continue;
                    seen.set(p);
                    if (m.heavyCountedCheap(p)) touches.set(r);
                    if (m.cheap[p]) {
                        todo.push(p);
                    } else {
                        heavy.add(p);
                        readersBytes[p] += m.bytes[r];
                    }
                }
            }
        }
        List<Integer> worth = new ArrayList<>();
        for (int r = 0; r < m.n; r++) {
            if (m.candidate(r) && m.cheap[r] && heavyRead.get(r).stream().allMatch(h -> readersBytes[h] > m.bytes[h])
                    && (!touchingHeavy || touches.get(r))) {
                worth.add(r);
            }
        }
        return worth;
    }

    /** Whether {@code o} beats the current outcome within the flops allowed: a lower peak, or the same peak over fewer bytes. */
    private boolean lower(RematModel.Outcome o) {
        return o.flops() <= maxFlops && (o.peak() < now.peak() || o.peak() == now.peak() && o.area() < now.area());
    }

    private boolean noHigher(RematModel.Outcome o) {
        return o.flops() <= maxFlops && o.peak() <= now.peak();
    }

    /** Applies {@code group} if {@code good} holds after; if not, tries each half in turn, down to single items. */
    private void tryGroups(List<Integer> group, Function<List<Integer>, Choice> apply, Predicate<RematModel.Outcome> good) {
        if (group.isEmpty()) return;
        Choice next = apply.apply(group);
        RematModel.Outcome o = m.evaluate(next);
        if (good.test(o)) {
            current = next;
            now = o;
        } else if (group.size() > 1) {
            int half = group.size() / 2;
            tryGroups(group.subList(0, half), apply, good);
            tryGroups(group.subList(half, group.size()), apply, good);
        }
    }

    private Choice withAll(List<Integer> nodes, BiFunction<Choice, Integer, Choice> change) {
        Choice c = current;
        for (int i : nodes) c = change.apply(c, i);
        return c;
    }

    /** The current choice with {@code rs} recomputed, each rebuilt once, keeping the heavy values they read. */
    private Choice cheaply(List<Integer> rs) {
        Choice next = current;
        for (int r : rs) next = next.recompute(r).share(r);
        return m.keepingHeavy(current, next);
    }
}
