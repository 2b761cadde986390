package nnc.backend.kernel;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import nnc.ir.DType;
import nnc.ir.OpKind;

/**
 * The value a kernel computes for one element, as a tree over loads at {@link Index}es. A fused chain
 * of elementwise and movement ops becomes one tree: intermediate values get no buffer, and movement ops
 * (reshape, transpose, slice, broadcast, pad, concat, embedding) only change the indices of the loads
 * beneath them. Nodes are records, so equal subtrees are equal and a target can compute them once.
 */
public sealed interface Expr permits Expr.Load, Expr.Constant, Expr.Apply, Expr.Select, Expr.Accumulated, Expr.Pool {
    DType dtype();

    /** This tree with every index replaced by {@code f}'s result. */
    Expr mapIndices(UnaryOperator<Index> f);

    /** Visits every index of the tree. */
    void forEachIndex(Consumer<Index> visitor);

    /** Visits every tensor the tree reads, including ids read by indices and both branches of a {@link Select}. */
    void forEachRead(Consumer<TensorRef> visitor);

    /** Element {@code index} of a tensor in memory. */
    record Load(TensorRef ref, Index index) implements Expr {
        @Override
        public DType dtype() {
            return ref.dtype();
        }

        @Override
        public Expr mapIndices(UnaryOperator<Index> f) {
            return new Load(ref, f.apply(index));
        }

        @Override
        public void forEachIndex(Consumer<Index> visitor) {
            visitor.accept(index);
        }

        @Override
        public void forEachRead(Consumer<TensorRef> visitor) {
            visitor.accept(ref);
            index.forEachGathered(visitor);
        }
    }

    /** A constant of the given dtype (a {@code fill}). */
    record Constant(double value, DType dtype) implements Expr {
        @Override
        public Expr mapIndices(UnaryOperator<Index> f) {
            return this;
        }

        @Override
        public void forEachIndex(Consumer<Index> visitor) {}

        @Override
        public void forEachRead(Consumer<TensorRef> visitor) {}
    }

    /**
     * An elementwise op applied to its operands' values: unary ops, their gradients, binary ops and
     * casts. Targets hold one scalar template per op.
     */
    record Apply(OpKind op, List<Expr> args, DType dtype) implements Expr {
        public Apply {
            args = List.copyOf(args);
        }

        @Override
        public Expr mapIndices(UnaryOperator<Index> f) {
            return new Apply(op, args.stream().map(a -> a.mapIndices(f)).toList(), dtype);
        }

        @Override
        public void forEachIndex(Consumer<Index> visitor) {
            args.forEach(a -> a.forEachIndex(visitor));
        }

        @Override
        public void forEachRead(Consumer<TensorRef> visitor) {
            args.forEach(a -> a.forEachRead(visitor));
        }
    }

    /**
     * {@code lo <= coord < hi ? inside : outside}, from pad and concat. Only the chosen branch may be
     * evaluated: the other one's loads can be out of bounds.
     */
    record Select(Index coord, long lo, long hi, Expr inside, Expr outside) implements Expr {
        @Override
        public DType dtype() {
            return inside.dtype();
        }

        @Override
        public Expr mapIndices(UnaryOperator<Index> f) {
            return new Select(f.apply(coord), lo, hi, inside.mapIndices(f), outside.mapIndices(f));
        }

        @Override
        public void forEachIndex(Consumer<Index> visitor) {
            visitor.accept(coord);
            inside.forEachIndex(visitor);
            outside.forEachIndex(visitor);
        }

        @Override
        public void forEachRead(Consumer<TensorRef> visitor) {
            coord.forEachGathered(visitor);
            inside.forEachRead(visitor);
            outside.forEachRead(visitor);
        }
    }

    /** The result of a kernel's anchor (a matmul or convolution) at the current element, in an epilogue. */
    record Accumulated(DType dtype) implements Expr {
        @Override
        public Expr mapIndices(UnaryOperator<Index> f) {
            return this;
        }

        @Override
        public void forEachIndex(Consumer<Index> visitor) {}

        @Override
        public void forEachRead(Consumer<TensorRef> visitor) {}
    }

    /**
     * One window of a max or average pool over the plane of {@code x} starting at element {@code plane}:
     * the window of output position ({@code oy}, {@code ox}), clipped to the plane. Average pools divide
     * by the full window size (padding counts as zeros, as PyTorch's default). The average pool's
     * gradient gathers instead: {@code x} is dy, ({@code oy}, {@code ox}) a position of the pooled input,
     * and the value the sum of dy over the windows covering it, over the window size.
     */
    record Pool(Kind kind, TensorRef x, Index plane, Index oy, Index ox, PoolWindow window) implements Expr {
        public enum Kind { MAX, AVERAGE, AVERAGE_GRADIENT }

        @Override
        public DType dtype() {
            return DType.F32;
        }

        @Override
        public Expr mapIndices(UnaryOperator<Index> f) {
            return new Pool(kind, x, f.apply(plane), f.apply(oy), f.apply(ox), window);
        }

        @Override
        public void forEachIndex(Consumer<Index> visitor) {
            visitor.accept(plane);
            visitor.accept(oy);
            visitor.accept(ox);
        }

        @Override
        public void forEachRead(Consumer<TensorRef> visitor) {
            visitor.accept(x);
        }
    }

    /**
     * A pooling window over a plane of {@code height x width} (the pooled input's; for the gradient,
     * dy's): kernel, stride and padding per axis.
     */
    record PoolWindow(int height, int width, int kernelH, int kernelW, int strideH, int strideW, int padH, int padW) {}
}
