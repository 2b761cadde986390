package nnc.ir.ops;

import static nnc.ir.ops.Checks.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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

/** Matrix multiplication, batched over leading axes that broadcast as in NumPy. */
public final class MatmulOps {
    /** {@code matmul(a [..., m, k], b [..., k, n]) -> [..., m, n]}, f32. */
    static final class Matmul extends OpKind {
        Matmul() {
            super("matmul", FusionPattern.OUT_ELEMWISE_FUSABLE);
        }

        @Override
        public int arity() {
            return 2;
        }

        @Override
        public TensorType infer(List<TensorType> in, Attrs attrs) {
            TensorType a = in.get(0);
            TensorType b = in.get(1);
            if (a.rank() < 2 || b.rank() < 2) throw fail(this, "operands need rank >= 2, got " + a + " @ " + b);
            Checks.requireF32(this, "left operand", a);
            Checks.requireF32(this, "right operand", b);
            int k = a.shape().dim(-1);
            if (k != b.shape().dim(-2)) {
                throw fail(this, "inner dimensions differ: " + a + " @ " + b + " (" + k + " vs " + b.shape().dim(-2) + ")");
            }
            Shape batch;
            try {
                batch = Broadcast.shape(batchShape(a.shape()), batchShape(b.shape()));
            } catch (ShapeException e) {
                throw fail(this, "batch dimensions of " + a + " and " + b + " do not broadcast");
            }
            int[] dims = Arrays.copyOf(batch.dims(), batch.rank() + 2);
            dims[batch.rank()] = a.shape().dim(-2);
            dims[batch.rank() + 1] = b.shape().dim(-1);
            return a.withShape(Shape.of(dims));
        }

        /** Each of batch*m*n results takes k multiplies and k adds. */
        @Override
        public long flops(List<TensorType> in, Attrs attrs, TensorType out) {
            return 2 * out.numel() * in.get(0).shape().dim(-1);
        }

        @Override
        public void eval(List<Tensor> in, Attrs attrs, Tensor out) {
            Shape as = in.get(0).shape();
            Shape bs = in.get(1).shape();
            double[] a = in.get(0).toArray();
            double[] b = in.get(1).toArray();
            int m = as.dim(-2);
            int k = as.dim(-1);
            int n = bs.dim(-1);
            Shape outBatch = batchShape(out.shape());
            int[] aBatch = Broadcast.indexMap(batchShape(as), outBatch);
            int[] bBatch = Broadcast.indexMap(batchShape(bs), outBatch);
            double[] row = new double[n];
            for (int t = 0; t < aBatch.length; t++) {
                int aOff = aBatch[t] * m * k;
                int bOff = bBatch[t] * k * n;
                for (int i = 0; i < m; i++) {
                    Arrays.fill(row, 0);
                    for (int p = 0; p < k; p++) {
                        double av = a[aOff + i * k + p];
                        int bRow = bOff + p * n;
                        for (int j = 0; j < n; j++) row[j] += av * b[bRow + j];
                    }
                    int o = (t * m + i) * n;
                    for (int j = 0; j < n; j++) out.set(o + j, row[j]);
                }
            }
        }

        /**
         * Reads a and b: {@code da = dy @ b^T} and {@code db = a^T @ dy} (last two axes swapped), each
         * summed over the batch axes its operand was broadcast along.
         */
        @Override
        public List<Value> gradient(GradBuilder b, Node n, Value dOut) {
            Value left = n.operand(0);
            Value right = n.operand(1);
            Value da = b.op(MATMUL, dOut, swapLastTwo(b, right));
            Value db = b.op(MATMUL, swapLastTwo(b, left), dOut);
            return List.of(b.sumTo(da, left.type().shape()), b.sumTo(db, right.type().shape()));
        }
    }

    private static Value swapLastTwo(GradBuilder b, Value v) {
        int rank = v.type().rank();
        List<Integer> perm = new ArrayList<>();
        for (int i = 0; i < rank; i++) perm.add(i);
        perm.set(rank - 2, rank - 1);
        perm.set(rank - 1, rank - 2);
        return b.op(ShapeOps.TRANSPOSE, Attrs.of("perm", perm), v);
    }

    /** All axes but the last two. */
    private static Shape batchShape(Shape s) {
        return Shape.of(Arrays.copyOf(s.dims(), s.rank() - 2));
    }

    public static final OpKind MATMUL = new Matmul();

    public static final List<OpKind> ALL = List.of(MATMUL);

    private MatmulOps() {}
}
