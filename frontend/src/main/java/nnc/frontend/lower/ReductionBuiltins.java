package nnc.frontend.lower;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import nnc.ir.Attrs;
import nnc.ir.TensorType;

/** {@code sum}, {@code mean} and {@code max} over some or all axes. */
final class ReductionBuiltins {
    private ReductionBuiltins() {}

    static void addTo(Map<String, Builtin> table) {
        table.put("sum", reduction("sum", "reduce_sum"));
        table.put("mean", reduction("mean", "reduce_mean"));
        table.put("max", reduction("max", "reduce_max"));
    }

    private static Builtin reduction(String name, String op) {
        return new Builtin(Signature.of(name, 1, "x", "axis", "keepdims"), c -> reduce(c, op));
    }

    private static Val reduce(BuiltinCall c, String op) {
        Val.TensorVal x = c.tensor("x");
        List<Integer> axes = axes(c, x.type());
        boolean keepdims = c.args().bool("keepdims", false);
        // A scalar has no axes to reduce: summing it over all of them leaves it as it is.
        if (axes.isEmpty()) return x;
        return c.node(op, List.of(x.value()), Attrs.of("axes", axes, "keepdims", keepdims));
    }

    /** The axes to reduce, normalized and sorted; all of them when {@code axis} is not given. */
    private static List<Integer> axes(BuiltinCall c, TensorType x) {
        int rank = x.rank();
        BoundArgs a = c.args();
        List<Integer> axes = new ArrayList<>();
        if (!a.has("axis")) {
            for (int i = 0; i < rank; i++) axes.add(i);
            return axes;
        }
        Val axis = a.get("axis");
        if (axis instanceof Val.TensorVal && c.args().signatureName().equals("max")) {
            throw c.error("axis", "must be an integer or a list of integers, got " + axis.describe()
                    + "; maximum(a, b) is the elementwise maximum");
        }
        List<Integer> given = axis.items() != null
                ? Expect.ints(axis, a.loc("axis"), a.what("axis"))
                : List.of(Expect.smallInt(axis, a.loc("axis"), a.what("axis")));
        if (given.isEmpty()) throw c.error("axis", "must name at least one axis");
        TreeSet<Integer> unique = new TreeSet<>();
        for (int g : given) {
            if (!unique.add(Expect.axis(g, x, a.loc("axis"), a.what("axis")))) throw c.error("axis", "names axis " + g + " twice");
        }
        return new ArrayList<>(unique);
    }
}
