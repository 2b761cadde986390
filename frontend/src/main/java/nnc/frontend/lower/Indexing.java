package nnc.frontend.lower;

import java.util.ArrayList;
import java.util.List;
import nnc.ir.Attrs;
import nnc.ir.Shape;
import nnc.ir.SourceLoc;
import nnc.ir.Value;

/**
 * {@code x[...]}. On a tensor, one item per leading axis: a slice {@code a:b} becomes a {@code slice}
 * node, an integer {@code i} a one-wide slice whose axis a final {@code reshape} removes. On a tuple
 * or list, one integer or slice.
 */
final class Indexing {
    /** One evaluated item: {@code at} for {@code x[i]}, or the bounds of a slice (null when left out). */
    record Item(SourceLoc loc, Val at, Val lo, Val hi, boolean slice) {
        boolean failed() {
            return at != null && at.isError() || lo != null && lo.isError() || hi != null && hi.isError();
        }
    }

    private final GraphBuilder graph;
    private final SourceLoc loc;

    Indexing(GraphBuilder graph, SourceLoc loc) {
        this.graph = graph;
        this.loc = loc;
    }

    Val apply(Val target, List<Item> items) {
        if (target instanceof Val.TensorVal t) return tensor(t, items);
        if (target instanceof Val.TupleVal t) return sequence(t.items(), items, true);
        if (target instanceof Val.ListVal l) return sequence(l.items(), items, false);
        throw new CompileError(loc, "cannot index " + target.describe());
    }

    private Val tensor(Val.TensorVal t, List<Item> items) {
        Shape shape = t.type().shape();
        if (items.size() > shape.rank()) {
            throw new CompileError(items.get(shape.rank()).loc(), "too many indices for " + t.describe() + ": "
                    + items.size() + " given, rank " + shape.rank());
        }
        Value result = t.value();
        List<Integer> kept = new ArrayList<>();
        for (int axis = 0; axis < shape.rank(); axis++) {
            int size = shape.dim(axis);
            if (axis >= items.size()) {
                kept.add(size);
                continue;
            }
            Item item = items.get(axis);
            int start;
            int end;
            if (item.slice()) {
                start = item.lo() == null ? 0 : bound(item.lo(), size, item.loc(), axisText(axis, size));
                end = item.hi() == null ? size : bound(item.hi(), size, item.loc(), axisText(axis, size));
                if (start >= end) {
                    throw new CompileError(item.loc(), "slice " + start + ":" + end + " of axis " + axis + " (size " + size + ") is empty");
                }
                kept.add(end - start);
            } else {
                start = position(item.at(), size, item.loc(), axisText(axis, size));
                end = start + 1;
            }
            if (start != 0 || end != size) {
                result = graph.node("slice", List.of(result), Attrs.of("axis", axis, "start", start, "end", end), loc);
            }
        }
        if (kept.size() < shape.rank()) result = graph.node("reshape", List.of(result), Attrs.of("shape", kept), loc);
        return new Val.TensorVal(result);
    }

    private static Val sequence(List<Val> values, List<Item> items, boolean tuple) {
        if (items.size() != 1) throw new CompileError(items.get(items.size() > 1 ? 1 : 0).loc(), "a tuple or list takes one index");
        Item item = items.get(0);
        String range = (tuple ? "a tuple of " : "a list of ") + values.size() + " values";
        if (!item.slice()) return values.get(position(item.at(), values.size(), item.loc(), range));
        int start = item.lo() == null ? 0 : bound(item.lo(), values.size(), item.loc(), range);
        int end = item.hi() == null ? values.size() : bound(item.hi(), values.size(), item.loc(), range);
        List<Val> part = List.copyOf(values.subList(start, Math.max(start, end)));
        return tuple ? new Val.TupleVal(part) : new Val.ListVal(part);
    }

    private static String axisText(int axis, int size) {
        return "axis " + axis + " (size " + size + ")";
    }

    /** An index into {@code [0, size)}; negative counts from the end. {@code range} names what is indexed. */
    private static int position(Val v, int size, SourceLoc loc, String range) {
        long i = Expect.integer(v, loc, "index");
        if (i < -size || i >= size) throw new CompileError(loc, "index " + i + " is out of range for " + range);
        return (int) (i < 0 ? i + size : i);
    }

    /** A slice bound in {@code [0, size]}; negative counts from the end. */
    private static int bound(Val v, int size, SourceLoc loc, String range) {
        long i = Expect.integer(v, loc, "slice bound");
        if (i < -size || i > size) throw new CompileError(loc, "slice bound " + i + " is out of range for " + range);
        return (int) (i < 0 ? i + size : i);
    }
}
