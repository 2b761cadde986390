package nnc.ir.ops;

import static nnc.ir.ops.Checks.fail;

import java.util.Arrays;
import java.util.List;
import nnc.ir.AttrSpec;
import nnc.ir.AttrSpec.Kind;
import nnc.ir.Attrs;
import nnc.ir.DType;
import nnc.ir.FusionPattern;
import nnc.ir.GradBuilder;
import nnc.ir.Node;
import nnc.ir.OpKind;
import nnc.ir.Shape;
import nnc.ir.Tensor;
import nnc.ir.TensorType;
import nnc.ir.Value;

/** Row lookups by integer id, and their gradient, which adds rows back into a table. */
public final class GatherOps {
    /** Row {@code ids[i]}, checked against a table of {@code rows} rows. */
    private static int id(OpKind op, Tensor ids, int i, int rows) {
        int id = (int) ids.get(i);
        if (id < 0 || id >= rows) {
            throw new IllegalArgumentException(op.name() + ": id " + id + " is out of range for a table of " + rows + " rows");
        }
        return id;
    }

    /** {@code embedding(table f32[v, d], ids i32[...]) -> f32[..., d]}: row {@code ids[i]} of the table for each id. */
    static final class Embedding extends OpKind {
        Embedding() {
            super("embedding", FusionPattern.INJECTIVE);
        }

        @Override
        public int arity() {
            return 2;
        }

        @Override
        public TensorType infer(List<TensorType> in, Attrs attrs) {
            TensorType table = in.get(0);
            TensorType ids = in.get(1);
            Checks.requireRank(this, "table", table, 2);
            Checks.requireF32(this, "table", table);
            if (ids.dtype() != DType.I32) throw fail(this, "ids must be i32, got " + ids);
            int[] d = Arrays.copyOf(ids.shape().dims(), ids.rank() + 1);
            d[ids.rank()] = table.shape().dim(1);
            return table.withShape(Shape.of(d));
        }

        /** Only copies. */
        @Override
        public long flops(List<TensorType> in, Attrs attrs, TensorType out) {
            return 0;
        }

        /** Throws {@link IllegalArgumentException} for an id outside {@code [0, v)}. */
        @Override
        public void eval(List<Tensor> in, Attrs attrs, Tensor out) {
            Tensor table = in.get(0);
            Tensor ids = in.get(1);
            int rows = table.shape().dim(0);
            int d = table.shape().dim(1);
            for (int i = 0; i < ids.size(); i++) {
                int id = id(this, ids, i, rows);
                for (int j = 0; j < d; j++) out.set(i * d + j, table.get(id * d + j));
            }
        }

        /** Reads ids: {@code embedding_grad(dy, ids){rows}} adds each row of dy into its id's row; ids get none. */
        @Override
        public List<Value> gradient(GradBuilder b, Node n, Value dOut) {
            Attrs rows = Attrs.of("rows", n.operand(0).type().shape().dim(0));
            return Arrays.asList(b.op(EMBEDDING_GRAD, rows, dOut, n.operand(1)), null);
        }
    }

    /**
     * {@code embedding_grad(dy f32[..., d], ids i32[...]){rows} -> f32[rows, d]}: the gradient of embedding
     * with respect to the table, a scatter-add of row {@code i} of dy into row {@code ids[i]}.
     */
    static final class EmbeddingGrad extends OpKind {
        EmbeddingGrad() {
            super("embedding_grad", FusionPattern.OPAQUE);
        }

        @Override
        public int arity() {
            return 2;
        }

        @Override
        public List<AttrSpec> attrSpecs() {
            return List.of(AttrSpec.required("rows", Kind.INT));
        }

        @Override
        public TensorType infer(List<TensorType> in, Attrs attrs) {
            TensorType dy = in.get(0);
            TensorType ids = in.get(1);
            int rows = attrs.getInt("rows");
            if (rows < 0) throw fail(this, "rows must not be negative, got " + rows);
            Checks.requireF32(this, "gradient", dy);
            if (ids.dtype() != DType.I32) throw fail(this, "ids must be i32, got " + ids);
            boolean fits = dy.rank() == ids.rank() + 1;
            for (int i = 0; fits && i < ids.rank(); i++) fits = dy.shape().dim(i) == ids.shape().dim(i);
            if (!fits) throw fail(this, "gradient " + dy + " must be ids " + ids + " with one more axis");
            return TensorType.f32(rows, dy.shape().dim(-1));
        }

        /** One add per gradient element. */
        @Override
        public long flops(List<TensorType> in, Attrs attrs, TensorType out) {
            return in.get(0).numel();
        }

        /** Throws {@link IllegalArgumentException} for an id outside {@code [0, rows)}. */
        @Override
        public void eval(List<Tensor> in, Attrs attrs, Tensor out) {
            Tensor dy = in.get(0);
            Tensor ids = in.get(1);
            int rows = out.shape().dim(0);
            int d = out.shape().dim(1);
            double[] table = new double[out.size()];
            for (int i = 0; i < ids.size(); i++) {
                int id = id(this, ids, i, rows);
                for (int j = 0; j < d; j++) table[id * d + j] += dy.get(i * d + j);
            }
            for (int i = 0; i < table.length; i++) out.set(i, table[i]);
        }
    }

    /**
     * {@code embedding_grad_add(acc f32[rows, d], dy f32[..., d], ids i32[...]) -> f32[rows, d]}: acc plus
     * the embedding gradient, scattered into acc's rows. Autodiff sums a table's gradient contributions
     * with it, so that a table used at many steps (an LSTM's inputs) gets one running sum, overwritten in
     * place, instead of a dense table per step added to the next.
     */
    static final class EmbeddingGradAdd extends OpKind {
        EmbeddingGradAdd() {
            super("embedding_grad_add", FusionPattern.OPAQUE);
        }

        @Override
        public int arity() {
            return 3;
        }

        @Override
        public TensorType infer(List<TensorType> in, Attrs attrs) {
            TensorType acc = in.get(0);
            Checks.requireRank(this, "sum", acc, 2);
            TensorType scattered = EMBEDDING_GRAD.infer(in.subList(1, 3), Attrs.of("rows", acc.shape().dim(0)));
            if (!scattered.equals(acc)) throw fail(this, "gradient " + in.get(1) + " has rows of " + scattered.shape().dim(1) + ", the sum " + acc);
            return acc;
        }

        /** One add per gradient element. */
        @Override
        public long flops(List<TensorType> in, Attrs attrs, TensorType out) {
            return in.get(1).numel();
        }

        /** Each element of acc is read just before the same element of the result is first written. */
        @Override
        public int inPlaceOperand() {
            return 0;
        }

        /** Throws {@link IllegalArgumentException} for an id outside {@code [0, rows)}. */
        @Override
        public void eval(List<Tensor> in, Attrs attrs, Tensor out) {
            Tensor acc = in.get(0);
            Tensor dy = in.get(1);
            Tensor ids = in.get(2);
            int rows = out.shape().dim(0);
            int d = out.shape().dim(1);
            for (int i = 0; i < out.size(); i++) out.set(i, acc.get(i));
            for (int i = 0; i < ids.size(); i++) {
                int id = id(this, ids, i, rows);
                for (int j = 0; j < d; j++) out.set(id * d + j, out.get(id * d + j) + dy.get(i * d + j));
            }
        }
    }

    public static final OpKind EMBEDDING = new Embedding();
    public static final OpKind EMBEDDING_GRAD = new EmbeddingGrad();
    public static final OpKind EMBEDDING_GRAD_ADD = new EmbeddingGradAdd();

    public static final List<OpKind> ALL = List.of(EMBEDDING, EMBEDDING_GRAD, EMBEDDING_GRAD_ADD);

    private GatherOps() {}
}
