package nnc.ir.ops;

import static nnc.ir.ops.Checks.fail;

import java.util.Arrays;
import java.util.List;
import nnc.ir.Attrs;
import nnc.ir.DType;
import nnc.ir.FusionPattern;
import nnc.ir.OpKind;
import nnc.ir.Shape;
import nnc.ir.Tensor;
import nnc.ir.TensorType;

/** Row lookups by integer id. */
public final class GatherOps {
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
                int id = (int) ids.get(i);
                if (id < 0 || id >= rows) {
                    throw new IllegalArgumentException("embedding: id " + id + " is out of range for a table of " + rows + " rows");
                }
                for (int j = 0; j < d; j++) out.set(i * d + j, table.get(id * d + j));
            }
        }
    }

    public static final OpKind EMBEDDING = new Embedding();

    public static final List<OpKind> ALL = List.of(EMBEDDING);

    private GatherOps() {}
}
