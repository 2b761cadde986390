package nnc.ir.ops;

import static nnc.ir.ops.Checks.fail;

import java.util.ArrayList;
import java.util.List;
import nnc.ir.AttrSpec;
import nnc.ir.AttrSpec.Kind;
import nnc.ir.Attrs;
import nnc.ir.FusionPattern;
import nnc.ir.GradBuilder;
import nnc.ir.Node;
import nnc.ir.OpKind;
import nnc.ir.Shape;
import nnc.ir.ShapeException;
import nnc.ir.Tensor;
import nnc.ir.TensorType;
import nnc.ir.Value;

/**
 * Ops that only move elements: reshape, transpose, concat, slice, pad and broadcast_to. None does
 * arithmetic, and none reads anything but the gradient in its gradient rule.
 */
public final class ShapeOps {
    /** Common ground: no flops; injective unless said otherwise. */
    abstract static class Movement extends OpKind {
        Movement(String name) {
            this(name, FusionPattern.INJECTIVE);
        }

        Movement(String name, FusionPattern pattern) {
            super(name, pattern);
        }

        @Override
        public long flops(List<TensorType> in, Attrs attrs, TensorType out) {
            return 0;
        }
    }

    /** {@code reshape(x){shape}}: the same elements in the same order under a new shape with as many elements. */
    static final class Reshape extends Movement {
        Reshape() {
            super("reshape");
        }

        @Override
        public int arity() {
            return 1;
        }

        @Override
        public List<AttrSpec> attrSpecs() {
            return List.of(AttrSpec.required("shape", Kind.INTS));
        }

        @Override
        public TensorType infer(List<TensorType> in, Attrs attrs) {
            TensorType x = in.get(0);
            List<Integer> dims = attrs.getInts("shape");
            if (dims.stream().anyMatch(d -> d < 0)) throw fail(this, "shape " + dims + " has a negative dimension");
            Shape s = Shape.of(dims);
            if (s.numel() != x.numel()) {
                throw fail(this, "cannot reshape " + x + " (" + x.numel() + " elements) to " + s + " (" + s.numel() + " elements)");
            }
            return x.withShape(s);
        }

        @Override
        public void eval(List<Tensor> in, Attrs attrs, Tensor out) {
            out.copyFrom(in.get(0));
        }

        @Override
        public List<Value> gradient(GradBuilder b, Node n, Value dOut) {
            return List.of(b.reshape(dOut, n.operand(0).type().shape()));
        }
    }

    /** {@code transpose(x){perm}}: result axis i is input axis perm[i]. */
    static final class Transpose extends Movement {
        Transpose() {
            super("transpose");
        }

        @Override
        public int arity() {
            return 1;
        }

        @Override
        public List<AttrSpec> attrSpecs() {
            return List.of(AttrSpec.required("perm", Kind.INTS));
        }

        @Override
        public TensorType infer(List<TensorType> in, Attrs attrs) {
            TensorType x = in.get(0);
            int[] perm = attrs.getIntArray("perm");
            boolean[] seen = new boolean[x.rank()];
            boolean valid = perm.length == x.rank();
            for (int i = 0; valid && i < perm.length; i++) {
                valid = perm[i] >= 0 && perm[i] < x.rank() && !seen[perm[i]];
                if (valid) seen[perm[i]] = true;
            }
            if (!valid) throw fail(this, "perm " + attrs.getInts("perm") + " is not a permutation of the axes of " + x);
            int[] d = new int[perm.length];
            for (int i = 0; i < perm.length; i++) d[i] = x.shape().dim(perm[i]);
            return x.withShape(Shape.of(d));
        }

        @Override
        public void eval(List<Tensor> in, Attrs attrs, Tensor out) {
            Tensor x = in.get(0);
            int[] perm = attrs.getIntArray("perm");
            int[] inStrides = x.shape().strides();
            int[] outDims = out.shape().dims();
            int[] idx = new int[outDims.length];
            for (int flat = 0; flat < out.size(); flat++) {
                int src = 0;
                for (int i = 0; i < idx.length; i++) src += idx[i] * inStrides[perm[i]];
                out.set(flat, x.get(src));
                for (int i = idx.length - 1; i >= 0 && ++idx[i] == outDims[i]; i--) idx[i] = 0;
            }
        }

        /** The inverse permutation. */
        @Override
        public List<Value> gradient(GradBuilder b, Node n, Value dOut) {
            int[] perm = n.attrs().getIntArray("perm");
            int[] inverse = new int[perm.length];
            for (int i = 0; i < perm.length; i++) inverse[perm[i]] = i;
            return List.of(b.op(TRANSPOSE, Attrs.of("perm", inverse), dOut));
        }
    }

    /** {@code concat(x0, x1, ...){axis}}: operands of one dtype and rank, equal in every dimension but axis. */
    static final class Concat extends Movement {
        Concat() {
            super("concat");
        }

        @Override
        public int arity() {
            return VARIADIC;
        }

        @Override
        public List<AttrSpec> attrSpecs() {
            return List.of(AttrSpec.optional("axis", Kind.INT, 0));
        }

        @Override
        public TensorType infer(List<TensorType> in, Attrs attrs) {
            TensorType first = in.get(0);
            int axis = Checks.axis(this, attrs, "axis", first);
            int total = 0;
            for (TensorType t : in) {
                if (t.dtype() != first.dtype()) throw fail(this, "operands mix " + first + " and " + t);
                if (t.rank() != first.rank()) throw fail(this, "operands " + first + " and " + t + " differ in rank");
                for (int i = 0; i < t.rank(); i++) {
                    if (i != axis && t.shape().dim(i) != first.shape().dim(i)) {
                        throw fail(this, "operands " + first + " and " + t + " differ in dimension " + i + " ("
                                + first.shape().dim(i) + " vs " + t.shape().dim(i) + "); only axis " + axis + " may differ");
                    }
                }
                total += t.shape().dim(axis);
            }
            return first.withShape(first.shape().withDim(axis, total));
        }

        /** Views every tensor as {@code [outer, dim(axis) * inner]} and lays each operand's rows side by side. */
        @Override
        public void eval(List<Tensor> in, Attrs attrs, Tensor out) {
            int axis = attrs.getInt("axis");
            int[] d = out.shape().dims();
            int outer = Checks.product(d, 0, axis);
            int inner = Checks.product(d, axis + 1, d.length);
            int outRow = d[axis] * inner;
            int column = 0;
            for (Tensor x : in) {
                int row = x.shape().dim(axis) * inner;
                for (int o = 0; o < outer; o++) {
                    for (int j = 0; j < row; j++) out.set(o * outRow + column + j, x.get(o * row + j));
                }
                column += row;
            }
        }

        /** Each operand's window of the gradient. */
        @Override
        public List<Value> gradient(GradBuilder b, Node n, Value dOut) {
            int axis = n.attrs().getInt("axis");
            List<Value> grads = new ArrayList<>();
            int start = 0;
            for (Value x : n.operands()) {
                int end = start + x.type().shape().dim(axis);
                grads.add(b.op(SLICE, Attrs.of("axis", axis, "start", start, "end", end), dOut));
                start = end;
            }
            return grads;
        }
    }

    /** {@code slice(x){axis, start, end}}: indices {@code start <= i < end} of one axis. */
    static final class Slice extends Movement {
        Slice() {
            super("slice");
        }

        @Override
        public int arity() {
            return 1;
        }

        @Override
        public List<AttrSpec> attrSpecs() {
            return List.of(AttrSpec.required("axis", Kind.INT), AttrSpec.required("end", Kind.INT),
                    AttrSpec.required("start", Kind.INT));
        }

        @Override
        public TensorType infer(List<TensorType> in, Attrs attrs) {
            TensorType x = in.get(0);
            int axis = Checks.axis(this, attrs, "axis", x);
            int start = attrs.getInt("start");
            int end = attrs.getInt("end");
            int dim = x.shape().dim(axis);
            if (start < 0 || start > end || end > dim) {
                throw fail(this, "range " + start + ":" + end + " does not fit axis " + axis + " of " + x
                        + " (need 0 <= start <= end <= " + dim + ")");
            }
            return x.withShape(x.shape().withDim(axis, end - start));
        }

        /** Views x as {@code [outer, dim(axis) * inner]} and copies the window of each row. */
        @Override
        public void eval(List<Tensor> in, Attrs attrs, Tensor out) {
            Tensor x = in.get(0);
            int axis = attrs.getInt("axis");
            int[] d = x.shape().dims();
            int outer = Checks.product(d, 0, axis);
            int inner = Checks.product(d, axis + 1, d.length);
            int inRow = d[axis] * inner;
            int outRow = (attrs.getInt("end") - attrs.getInt("start")) * inner;
            int from = attrs.getInt("start") * inner;
            for (int o = 0; o < outer; o++) {
                for (int j = 0; j < outRow; j++) out.set(o * outRow + j, x.get(o * inRow + from + j));
            }
        }

        /** The gradient padded with zeros back to the input's extent. */
        @Override
        public List<Value> gradient(GradBuilder b, Node n, Value dOut) {
            int axis = n.attrs().getInt("axis");
            int after = n.operand(0).type().shape().dim(axis) - n.attrs().getInt("end");
            return List.of(b.op(PAD, Attrs.of("axis", axis, "before", n.attrs().getInt("start"), "after", after), dOut));
        }
    }

    /** {@code pad(x){axis, before, after}}: x with {@code before} zeros ahead and {@code after} zeros behind along axis. */
    static final class Pad extends Movement {
        Pad() {
            super("pad");
        }

        @Override
        public int arity() {
            return 1;
        }

        @Override
        public List<AttrSpec> attrSpecs() {
            return List.of(AttrSpec.required("after", Kind.INT), AttrSpec.required("axis", Kind.INT),
                    AttrSpec.required("before", Kind.INT));
        }

        @Override
        public TensorType infer(List<TensorType> in, Attrs attrs) {
            TensorType x = in.get(0);
            int axis = Checks.axis(this, attrs, "axis", x);
            int before = attrs.getInt("before");
            int after = attrs.getInt("after");
            if (before < 0 || after < 0) throw fail(this, "before and after must not be negative, got " + before + " and " + after);
            return x.withShape(x.shape().withDim(axis, before + x.shape().dim(axis) + after));
        }

        /** Views both as {@code [outer, dim(axis) * inner]}; each result row is zeros, x's row, zeros. */
        @Override
        public void eval(List<Tensor> in, Attrs attrs, Tensor out) {
            Tensor x = in.get(0);
            int axis = attrs.getInt("axis");
            int[] d = x.shape().dims();
            int outer = Checks.product(d, 0, axis);
            int inner = Checks.product(d, axis + 1, d.length);
            int inRow = d[axis] * inner;
            int outRow = out.shape().dim(axis) * inner;
            int from = attrs.getInt("before") * inner;
            for (int o = 0; o < outer; o++) {
                for (int j = 0; j < outRow; j++) {
                    boolean inside = j >= from && j < from + inRow;
                    out.set(o * outRow + j, inside ? x.get(o * inRow + j - from) : 0);
                }
            }
        }

        @Override
        public List<Value> gradient(GradBuilder b, Node n, Value dOut) {
            int axis = n.attrs().getInt("axis");
            int start = n.attrs().getInt("before");
            int end = start + n.operand(0).type().shape().dim(axis);
            return List.of(b.op(SLICE, Attrs.of("axis", axis, "start", start, "end", end), dOut));
        }
    }

    /** {@code broadcast_to(x){shape}}: x repeated along the axes it broadcasts over (NumPy rules) to reach shape. */
    static final class BroadcastTo extends Movement {
        BroadcastTo() {
            super("broadcast_to", FusionPattern.BROADCAST);
        }

        @Override
        public int arity() {
            return 1;
        }

        @Override
        public List<AttrSpec> attrSpecs() {
            return List.of(AttrSpec.required("shape", Kind.INTS));
        }

        @Override
        public TensorType infer(List<TensorType> in, Attrs attrs) {
            TensorType x = in.get(0);
            List<Integer> dims = attrs.getInts("shape");
            if (dims.stream().anyMatch(d -> d < 0)) throw fail(this, "shape " + dims + " has a negative dimension");
            Shape target = Shape.of(dims);
            boolean fits;
            try {
                fits = x.rank() <= target.rank() && Broadcast.shape(x.shape(), target).equals(target);
            } catch (ShapeException e) {
                fits = false;
            }
            if (!fits) throw fail(this, x + " does not broadcast to " + target);
            return x.withShape(target);
        }

        @Override
        public void eval(List<Tensor> in, Attrs attrs, Tensor out) {
            Tensor x = in.get(0);
            int[] map = Broadcast.indexMap(x.shape(), out.shape());
            for (int i = 0; i < out.size(); i++) out.set(i, x.get(map[i]));
        }

        @Override
        public List<Value> gradient(GradBuilder b, Node n, Value dOut) {
            return List.of(b.sumTo(dOut, n.operand(0).type().shape()));
        }
    }

    public static final OpKind RESHAPE = new Reshape();
    public static final OpKind TRANSPOSE = new Transpose();
    public static final OpKind CONCAT = new Concat();
    public static final OpKind SLICE = new Slice();
    public static final OpKind PAD = new Pad();
    public static final OpKind BROADCAST_TO = new BroadcastTo();

    public static final List<OpKind> ALL = List.of(RESHAPE, TRANSPOSE, CONCAT, SLICE, PAD, BROADCAST_TO);

    private ShapeOps() {}
}
