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
 * that stay stashed anyway, never a matmul or conv: a recomputation reading a heavy value that
 * nobody stashes keeps it. Each recomputed value is rebuilt once, where it is first needed, so that
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

    private final RematModel m;
    private Choice current = Choice.NONE;
    private RematModel.Outcome now;

    private EchoRecompute(RematModel m) {
        this.m = m;
        this.now = m.evaluate(Choice.NONE);
    }

    static Choice choose(RematModel m) {
        EchoRecompute e = new EchoRecompute(m);
        long base = e.now.peak();
        List<Integer> candidates = worthTrying(m);
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
     * traced through cheap unstashed values, stopping at stashed ones.
     */
    private static List<Integer> worthTrying(RematModel m) {
        List<List<Integer>> heavyRead = new ArrayList<>();
        long[] readersBytes = new long[m.n];
        BitSet seen = new BitSet(m.n);
        for (int r = 0; r < m.n; r++) {
            List<Integer> heavy = new ArrayList<>();
            heavyRead.add(heavy);
            if (!m.candidate(r) || !m.cheap[r]) continue;
            Deque<Integer> todo = new ArrayDeque<>(List.of(r));
            seen.clear();
            while (!todo.isEmpty()) {
                for (int p : m.operands[todo.pop()]) {
                    if (p < 0 || seen.get(p) || m.readAfterStep[p] || m.stashed[p]) continue;
                    seen.set(p);
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
            if (m.candidate(r) && m.cheap[r] && heavyRead.get(r).stream().allMatch(h -> readersBytes[h] > m.bytes[h])) worth.add(r);
        }
        return worth;
    }

    /** Whether {@code o} beats the current outcome: a lower peak, or the same peak over fewer bytes. */
    private boolean lower(RematModel.Outcome o) {
        return o.peak() < now.peak() || o.peak() == now.peak() && o.area() < now.area();
    }

    private boolean noHigher(RematModel.Outcome o) {
        return o.peak() <= now.peak();
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
