package nnc.passes.recompute;

import java.util.BitSet;

/**
 * What to recompute, by position in a {@link RematModel}'s order: the stashed forward values the
 * backward pass gets rebuilt ({@code recomputed}); forward values that are not stashed today but that
 * recomputations read instead of rebuilding them in turn ({@code kept}); and cheap values rebuilt once
 * for all their readers rather than once for each place that needs them ({@code shared}). Every other
 * forward value a recomputation needs is rebuilt too, back to values that stay alive anyway. Immutable.
 */
record Choice(BitSet recomputed, BitSet kept, BitSet shared) {
    static final Choice NONE = new Choice(new BitSet(), new BitSet(), new BitSet());

    Choice {
        recomputed = (BitSet) recomputed.clone();
        kept = (BitSet) kept.clone();
        shared = (BitSet) shared.clone();
    }

    Choice recompute(int node) {
        return new Choice(with(recomputed, node, true), kept, shared);
    }

    Choice withoutRecomputing(int node) {
        return new Choice(with(recomputed, node, false), kept, shared);
    }

    /** Rebuilds {@code node} rather than keeping it: recomputes it if stashed, and stops keeping it. */
    Choice rebuild(int node) {
        return new Choice(with(recomputed, node, true), with(kept, node, false), shared);
    }

    Choice keep(BitSet more) {
        BitSet k = (BitSet) kept.clone();
        k.or(more);
        return new Choice(recomputed, k, shared);
    }

    Choice share(int node) {
        return new Choice(recomputed, kept, with(shared, node, true));
    }

    int recomputedCount() {
        return recomputed.cardinality();
    }

    private static BitSet with(BitSet set, int i, boolean value) {
        BitSet b = (BitSet) set.clone();
        b.set(i, value);
        return b;
    }
}
