package nnc.backend.kernel;

import java.util.ArrayList;
import java.util.List;
import nnc.ir.Attrs;
import nnc.ir.Node;
import nnc.ir.Shape;
import nnc.ir.Value;
import nnc.ir.ops.GatherOps;
import nnc.ir.ops.PoolOps;
import nnc.ir.ops.ShapeOps;

/**
 * Builds the {@link Expr} of a group's value at given coordinates, by walking from the result down to
 * the leaves: elementwise ops become {@link Expr.Apply} of their operands at broadcast coordinates,
 * movement ops map coordinates, and leaves become loads. Reaching the anchor yields
 * {@link Expr.Accumulated}, and the coordinates it was reached at are recorded: an epilogue must read
 * the anchor exactly at the kernel's own loop point.
 */
final class ExprBuilder {
    private final Group group;
    private final Node anchor;
    private final long[] extents;
    private List<Index> anchorCoords;

    ExprBuilder(Group group, Node anchor, long[] extents) {
        this.group = group;
        this.anchor = anchor;
        this.extents = extents.clone();
    }

    /** Coordinates at which the anchor was read (0 on axes of extent 1), or null when it was not. */
    List<Index> anchorCoords() {
        return anchorCoords;
    }

    Expr at(Value v, List<Index> coords) {
        if (!group.isMember(v)) {
            TensorRef ref = group.leaf(v);
            return new Expr.Load(ref, ref.at(coords));
        }
        Node n = (Node) v;
        if (n == anchor) {
            // On an axis of extent 1 every coordinate is 0, however it is written.
            List<Index> pinned = new ArrayList<>(coords);
            for (int i = 0; i < pinned.size(); i++) if (n.type().shape().dim(i) == 1) pinned.set(i, Index.constant(0));
            if (anchorCoords != null && !anchorCoords.equals(pinned)) {
                throw new KernelPlanException(group, "its epilogue reads " + anchor.op().name() + " at two different points");
            }
            anchorCoords = List.copyOf(pinned);
            return new Expr.Accumulated(n.type().dtype());
        }
        Attrs attrs = n.attrs();
        Shape shape = n.type().shape();
        switch (OpRole.of(n.op())) {
            case ELEMENTWISE -> {
                List<Expr> args = new ArrayList<>();
                for (Value operand : n.operands()) args.add(at(operand, broadcast(coords, operand.type().shape())));
                return new Expr.Apply(n.op(), args, n.type().dtype());
            }
            case CONSTANT -> {
                return new Expr.Constant(attrs.getFloat("value"), n.type().dtype());
            }
            case POOL -> {
                return pool(n, coords);
            }
            case MOVEMENT -> {
                return movement(n, coords, shape);
            }
            default -> throw new KernelPlanException(group, n.op().name() + " cannot be computed inside another op's loop");
        }
    }

    private Expr movement(Node n, List<Index> coords, Shape shape) {
        Attrs attrs = n.attrs();
        Value x = n.operand(0);
        Shape in = x.type().shape();
        if (n.op() == ShapeOps.RESHAPE) {
            Index flat = flat(coords, shape);
            int[] strides = in.strides();
            List<Index> c = new ArrayList<>();
            for (int k = 0; k < in.rank(); k++) c.add(flat.digit(strides[k], in.dim(k), extents));
            return at(x, c);
        }
        if (n.op() == ShapeOps.TRANSPOSE) {
            int[] perm = attrs.getIntArray("perm");
            Index[] c = new Index[perm.length];
            for (int i = 0; i < perm.length; i++) c[perm[i]] = coords.get(i);
            return at(x, List.of(c));
        }
        if (n.op() == ShapeOps.SLICE) {
            int axis = attrs.getInt("axis");
            List<Index> c = new ArrayList<>(coords);
            c.set(axis, coords.get(axis).plus(attrs.getInt("start")));
            return at(x, c);
        }
        if (n.op() == ShapeOps.BROADCAST_TO) return at(x, broadcast(coords, in));
        if (n.op() == ShapeOps.PAD) {
            int axis = attrs.getInt("axis");
            int before = attrs.getInt("before");
            List<Index> c = new ArrayList<>(coords);
            c.set(axis, coords.get(axis).plus(-before));
            return new Expr.Select(coords.get(axis), before, before + in.dim(axis), at(x, c), zero(n));
        }
        if (n.op() == ShapeOps.CONCAT) return concat(n, coords, 0, 0);
        if (n.op() == GatherOps.EMBEDDING) return embedding(n, coords);
        throw new KernelPlanException(group, "no index rule for " + n.op().name());
    }

    /** Operands from {@code from} on, the first of which starts at {@code start} along the axis. */
    private Expr concat(Node n, List<Index> coords, int from, long start) {
        int axis = n.attrs().getInt("axis");
        Value x = n.operand(from);
        long end = start + x.type().shape().dim(axis);
        List<Index> c = new ArrayList<>(coords);
        c.set(axis, coords.get(axis).plus(-start));
        Expr here = at(x, c);
        if (from == n.operands().size() - 1) return here;
        return new Expr.Select(coords.get(axis), start, end, here, concat(n, coords, from + 1, end));
    }

    /** Row {@code ids[...]} of the table: the ids must be read from memory, through movements at most. */
    private Expr embedding(Node n, List<Index> coords) {
        Value table = n.operand(0);
        Expr ids = at(n.operand(1), coords.subList(0, coords.size() - 1));
        if (!(ids instanceof Expr.Load load)) {
            throw new KernelPlanException(group, "embedding ids must be read from memory, not computed in the kernel");
        }
        Index row = Index.gather(load.ref(), load.index(), table.type().shape().dim(0));
        return at(table, List.of(row, coords.get(coords.size() - 1)));
    }

    private Expr pool(Node n, List<Index> coords) {
        Value x = n.operand(0);
        if (group.isMember(x)) throw new KernelPlanException(group, n.op().name() + " must read its input from memory");
        TensorRef ref = group.leaf(x);
        Shape s = x.type().shape();
        List<Integer> k = n.attrs().getInts("kernel");
        List<Integer> stride = n.attrs().getInts("stride");
        List<Integer> pad = n.attrs().getInts("padding");
        Index plane = coords.get(0).times(s.dim(1)).plus(coords.get(1)).times((long) s.dim(2) * s.dim(3)).plus(ref.offset());
        Expr.PoolWindow w = new Expr.PoolWindow(s.dim(2), s.dim(3), k.get(0), k.get(1), stride.get(0), stride.get(1), pad.get(0), pad.get(1));
        Expr.Pool.Kind kind = n.op() == PoolOps.MAX_POOL2D ? Expr.Pool.Kind.MAX
                : n.op() == PoolOps.AVG_POOL2D ? Expr.Pool.Kind.AVERAGE : Expr.Pool.Kind.AVERAGE_GRADIENT;
        return new Expr.Pool(kind, ref, plane, coords.get(2), coords.get(3), w);
    }

    private static Expr zero(Node n) {
        return new Expr.Constant(0, n.type().dtype());
    }

    /** Coordinates into an operand of shape {@code in} that broadcasts (NumPy rules) to the coordinates' shape. */
    static List<Index> broadcast(List<Index> coords, Shape in) {
        int lead = coords.size() - in.rank();
        List<Index> c = new ArrayList<>();
        for (int k = 0; k < in.rank(); k++) c.add(in.dim(k) == 1 ? Index.constant(0) : coords.get(lead + k));
        return c;
    }

    /** The row-major flat index of {@code coords} in {@code shape}. */
    static Index flat(List<Index> coords, Shape shape) {
        int[] strides = shape.strides();
        Index f = Index.constant(0);
        for (int k = 0; k < strides.length; k++) f = f.plus(coords.get(k).times(strides[k]));
        return f;
    }
}
