package nnc.frontend.lower;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import nnc.ir.Attrs;
import nnc.ir.Shape;
import nnc.ir.Value;

/** Builtins that move elements: reshape, flatten, transpose, concat and split. */
final class ShapeBuiltins {
    private ShapeBuiltins() {}

    static void addTo(Map<String, Builtin> table) {
        table.put("reshape", new Builtin(Signature.of("reshape", 2, "x", "shape"), ShapeBuiltins::reshape));
        table.put("flatten", new Builtin(Signature.of("flatten", 1, "x"), ShapeBuiltins::flatten));
        table.put("transpose", new Builtin(Signature.of("transpose", 1, "x", "perm"), ShapeBuiltins::transpose));
        table.put("concat", new Builtin(Signature.of("concat", 1, "tensors", "axis"), ShapeBuiltins::concat));
        table.put("split", new Builtin(Signature.of("split", 2, "x", "n", "axis"), ShapeBuiltins::split));
    }

    /** Resolves one {@code -1} entry from the element count. */
    private static Val reshape(BuiltinCall c) {
        Val.TensorVal x = c.tensor("x");
        List<Integer> shape = new ArrayList<>(Expect.ints(c.args().get("shape"), c.args().loc("shape"), c.args().what("shape")));
        int unknown = shape.indexOf(-1);
        if (unknown != shape.lastIndexOf(-1)) throw c.error("shape", "may hold -1 only once, got " + shape);
        if (shape.stream().anyMatch(d -> d == 0 || d < -1)) throw c.error("shape", "entries must be positive or -1, got " + shape);
        if (unknown >= 0) {
            long known = Sizes.product(shape.stream().filter(d -> d != -1).mapToInt(Integer::intValue).toArray());
            long numel = x.type().numel();
            if (numel % known != 0) {
                throw c.error("cannot reshape " + x.type() + " (" + numel + " elements) to " + shape);
            }
            shape.set(unknown, (int) (numel / known));
        }
        return c.node("reshape", List.of(x.value()), Attrs.of("shape", shape));
    }

    /** {@code [n, ...]} to {@code [n, rest]}. */
    private static Val flatten(BuiltinCall c) {
        Val.TensorVal x = c.tensor("x");
        Shape s = x.type().shape();
        if (s.rank() == 0) throw c.error("x", "must have at least one axis, got " + x.describe());
        if (s.rank() == 2) return x;
        int[] dims = s.dims();
        int rest = (int) Sizes.product(Arrays.copyOfRange(dims, 1, dims.length));
        return c.node("reshape", List.of(x.value()), Attrs.of("shape", List.of(s.dim(0), rest)));
    }

    /** Without a permutation, swaps the last two axes. */
    private static Val transpose(BuiltinCall c) {
        Val.TensorVal x = c.tensor("x");
        int rank = x.type().rank();
        List<Integer> perm = new ArrayList<>();
        if (c.args().has("perm")) {
            for (int axis : Expect.ints(c.args().get("perm"), c.args().loc("perm"), c.args().what("perm"))) {
                perm.add(Expect.axis(axis, x.type(), c.args().loc("perm"), c.args().what("perm") + " entry"));
            }
        } else {
            if (rank < 2) throw c.error("x", "needs at least two axes to swap, got " + x.describe());
            for (int i = 0; i < rank; i++) perm.add(i);
            perm.set(rank - 2, rank - 1);
            perm.set(rank - 1, rank - 2);
        }
        return c.node("transpose", List.of(x.value()), Attrs.of("perm", perm));
    }

    private static Val concat(BuiltinCall c) {
        Val list = c.args().get("tensors");
        List<Val> items = list.items();
        if (items == null || items.isEmpty()) {
            throw c.error("tensors", "must be a non-empty list of tensors, got " + list.describe());
        }
        List<Value> operands = new ArrayList<>();
        for (Val item : items) operands.add(Expect.tensor(item, c.args().loc("tensors"), c.args().what("tensors") + " entry").value());
        int axis = Expect.axis(c.args().integer("axis", 0), operands.get(0).type(), c.args().loc("axis"), c.args().what("axis"));
        return c.node("concat", operands, Attrs.of("axis", axis));
    }

    /** {@code n} equal slices along {@code axis}, as a tuple. */
    private static Val split(BuiltinCall c) {
        Val.TensorVal x = c.tensor("x");
        int n = c.args().smallInt("n", 1);
        if (n < 1) throw c.error("n", "must be positive, got " + n);
        int axis = Expect.axis(c.args().integer("axis", 0), x.type(), c.args().loc("axis"), c.args().what("axis"));
        int size = x.type().shape().dim(axis);
        if (size % n != 0) {
            throw c.error("cannot split axis " + axis + " of " + x.type() + " (size " + size + ") into " + n + " equal parts");
        }
        if (n == 1) return new Val.TupleVal(List.of(x));
        List<Val> parts = new ArrayList<>(n);
        int part = size / n;
        for (int i = 0; i < n; i++) {
            parts.add(c.node("slice", List.of(x.value()), Attrs.of("axis", axis, "start", i * part, "end", (i + 1) * part)));
        }
        return new Val.TupleVal(List.copyOf(parts));
    }
}
