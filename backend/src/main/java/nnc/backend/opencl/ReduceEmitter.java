package nnc.backend.opencl;

import nnc.backend.kernel.Arith;
import nnc.backend.kernel.ReduceKernel;
import nnc.ir.DType;

/**
 * A {@link ReduceKernel} as a work-group reduction: one work-group per result element, whose
 * work-items each fold a strided share of the reduced points, then combine their partial results in
 * local memory. The loop order the planner chose for the Java target does not matter here: kept loops
 * number the work-groups, reduced loops the points each one folds. i32 results fold in a {@code long}.
 */
final class ReduceEmitter {
    /** Work-items per group: enough to keep a GPU's lanes busy on long reductions. */
    static final int MAX_GROUP = 256;

    private ReduceEmitter() {}

    static ClKernel of(ReduceKernel k, ClElement el) {
        long[] extents = k.loops().extents();
        boolean[] reduced = k.reduced();
        long outputs = 1;
        long points = 1;
        for (int i = 0; i < extents.length; i++) {
            if (reduced[i]) points *= extents[i];
            else outputs *= extents[i];
        }
        int group = Arith.pow2AtLeast(points, MAX_GROUP);
        boolean ints = k.output().dtype() == DType.I32;
        boolean max = k.combiner() == ReduceKernel.Combiner.MAX;
        String acc = ints ? "long" : "float";
        ClWriter w = el.out;
        w.line("__local " + acc + " scratch[" + group + "];");
        w.line("const int lid = (int) get_local_id(0);");
        unflattenPart(el, "(int) get_group_id(0)", extents, reduced, false);
        w.line(acc + " acc = " + (max ? (ints ? "LONG_MIN" : "-INFINITY") : "0") + ";");
        w.open("for (int r = lid; r < " + points + "; r += " + group + ")");
        unflattenPart(el, "r", extents, reduced, true);
        String v = el.emit(k.element(), null);
        w.line(max ? "acc = " + (ints ? "max" : "fmax") + "(acc, " + v + ");" : "acc += " + v + ";");
        w.close();
        w.line("acc = wg_" + (max ? "max" : "sum") + (ints ? "_long" : "") + "(acc, scratch);");
        w.open("if (lid == 0)");
        String result = ints ? "(int) (acc / " + k.divisor() + ")" : k.divisor() == 1 ? "acc" : "acc / " + k.divisor() + ".0f";
        el.store(k.output(), el.index(k.store()), result);
        w.close();
        return ClKernel.of(k.name(), k.summary(), el, new long[] {outputs * group}, new long[] {group});
    }

    /** Declares the loop variables of the reduced (or kept) loops from their flat number {@code flat}. */
    private static void unflattenPart(ClElement el, String flat, long[] extents, boolean[] reduced, boolean which) {
        long inner = 1;
        for (int i = extents.length - 1; i >= 0; i--) {
            if (reduced[i] != which) continue;
            String q = inner == 1 ? flat : flat + " / " + inner;
            boolean outermost = true;
            for (int j = 0; j < i; j++) if (reduced[j] == which) outermost = false;
            el.out.line("const int " + ClElement.var(i) + " = " + (outermost ? q : "(" + q + ") % " + extents[i]) + ";");
            inner *= extents[i];
        }
    }
}
