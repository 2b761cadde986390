package nnc.backend.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Makes a loop nest as flat as its indices allow: loops of extent 1 disappear, and a loop merges with
 * the loop inside it when every index steps through both as through one (outer coefficient = inner
 * coefficient * inner extent). A same-shape elementwise chain over any rank becomes one loop, and a bias
 * add over {@code [n, c]} stays two; long unit-stride inner loops are what vectorizes.
 */
final class LoopSimplifier {
    /** A kernel body: the loops, which of them reduce (null: none), the store index and the element. */
    record Body(LoopNest loops, boolean[] reduced, Index store, Expr value) {}

    private LoopSimplifier() {}

    static Body simplify(Body body) {
        int rank = body.loops().rank();
        long[] extents = body.loops().extents();
        boolean[] reduced = body.reduced() == null ? new boolean[rank] : body.reduced().clone();
        List<Integer> live = new ArrayList<>();
        Index store = body.store();
        Expr value = body.value();
        for (int v = 0; v < rank; v++) {
            if (extents[v] == 1) {
                UnaryOperator<Index> drop = dropping(v, extents);
                store = drop.apply(store);
                value = value.mapIndices(drop);
            } else {
                live.add(v);
            }
        }
        for (int i = live.size() - 2; i >= 0; i--) {
            int outer = live.get(i);
            int inner = live.get(i + 1);
            if (reduced[outer] != reduced[inner] || !mergeable(outer, inner, extents[inner], store, value)) continue;
            extents[inner] *= extents[outer];
            UnaryOperator<Index> drop = dropping(outer, extents);
            store = drop.apply(store);
            value = value.mapIndices(drop);
            live.remove(i);
        }
        long[] newExtents = new long[live.size()];
        boolean[] newReduced = new boolean[live.size()];
        int[] renumber = new int[rank];
        for (int i = 0; i < live.size(); i++) {
            newExtents[i] = extents[live.get(i)];
            newReduced[i] = reduced[live.get(i)];
            renumber[live.get(i)] = i;
        }
        UnaryOperator<Index> rename = idx -> idx.substitute(var -> Index.var(renumber[var.loop()]), newExtents);
        return new Body(new LoopNest(newExtents), body.reduced() == null ? null : newReduced, rename.apply(store), value.mapIndices(rename));
    }

    /** Sets loop {@code v} to 0: it has extent 1, or its steps are now counted by the loop it merged into. */
    private static UnaryOperator<Index> dropping(int v, long[] extents) {
        return idx -> idx.substitute(var -> var.loop() == v ? Index.constant(0) : Index.var(var.loop()), extents);
    }

    private static boolean mergeable(int outer, int inner, long innerExtent, Index store, Expr value) {
        List<Index> all = new ArrayList<>();
        all.add(store);
        value.forEachIndex(all::add);
        for (Index idx : all) {
            if (idx.mentionsNonAffinely(outer) || idx.mentionsNonAffinely(inner)) return false;
            if (idx.coef(outer) != idx.coef(inner) * innerExtent) return false;
        }
        return true;
    }
}
