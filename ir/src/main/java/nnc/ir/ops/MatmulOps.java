package nnc.ir.ops;

import static nnc.ir.ops.Checks.fail;

import java.util.Arrays;
import java.util.List;
import nnc.ir.AttrSpec;
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
    /**
     * {@code matmul(a [..., m, k], b [..., k, n]) -> [..., m, n]}, f32. With {@code transpose_a} a is
     * stored {@code [..., k, m]}, with {@code transpose_b} b is stored {@code [..., n, k]}: kernels read
     * the transposed matrix where it is, so gradients need no transposed copies.
     */
    static final class Matmul extends OpKind {
        Matmul() {
            super("matmul", FusionPattern.OUT_ELEMWISE_FUSABLE);
        }

        @Override
        public int arity() {
            return 2;
        }

        @Override
        public List<AttrSpec> attrSpecs() {
            return List.of(AttrSpec.flag(TRANSPOSE_A), AttrSpec.flag(TRANSPOSE_B));
        }

        @Override
        public TensorType infer(List<TensorType> in, Attrs attrs) {
            TensorType a = in.get(0);
            TensorType b = in.get(1);
            if (a.rank() < 2 || b.rank() < 2) throw fail(this, "operands need rank >= 2, got " + a + " @ " + b);
            Checks.requireF32(this, "left operand", a);
            Checks.requireF32(this, "right operand", b);
            Dims d = Dims.of(a.shape(), b.shape(), attrs);
            int bRows = attrs.getBool(TRANSPOSE_B, false) ? b.shape().dim(-1) : b.shape().dim(-2);
            if (d.k != bRows) {
                throw fail(this, "inner dimensions differ: " + a + " @ " + b + transposed(attrs) + " (" + d.k + " vs " + bRows + ")");
            }
            Shape batch;
            try {
                batch = Broadcast.shape(batchShape(a.shape()), batchShape(b.shape()));
            } catch (ShapeException e) {
                throw fail(this, "batch dimensions of " + a + " and " + b + " do not broadcast");
            }
            int[] dims = Arrays.copyOf(batch.dims(), batch.rank() + 2);
            dims[batch.rank()] = d.m;
            dims[batch.rank() + 1] = d.n;
            return a.withShape(Shape.of(dims));
        }

        private static String transposed(Attrs attrs) {
            boolean ta = attrs.getBool(TRANSPOSE_A, false);
            boolean tb = attrs.getBool(TRANSPOSE_B, false);
            return ta && tb ? " (both transposed)" : ta ? " (a transposed)" : tb ? " (b transposed)" : "";
        }

        /** Each of batch*m*n results takes k multiplies and k adds. */
        @Override
        public long flops(List<TensorType> in, Attrs attrs, TensorType out) {
            return 2 * out.numel() * Dims.of(in.get(0).shape(), in.get(1).shape(), attrs).k;
        }

        @Override
        public void eval(List<Tensor> in, Attrs attrs, Tensor out) {
            Shape as = in.get(0).shape();
            Shape bs = in.get(1).shape();
            double[] a = in.get(0).toArray();
            double[] b = in.get(1).toArray();
            Dims d = Dims.of(as, bs, attrs);
            int m = d.m;
            int k = d.k;
            int n = d.n;
            // Element (i, p) of a is a[i * aRow + p * aCol], element (p, j) of b is b[p * bRow + j * bCol].
            boolean ta = attrs.getBool(TRANSPOSE_A, false);
            boolean tb = attrs.getBool(TRANSPOSE_B, false);
            int aRow = ta ? 1 : k;
            int aCol = ta ? m : 1;
            int bRow = tb ? 1 : n;
            int bCol = tb ? k : 1;
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
                        double av = a[aOff + i * aRow + p * aCol];
                        int bStart = bOff + p * bRow;
                        for (int j = 0; j < n; j++) row[j] += av * b[bStart + j * bCol];
                    }
                    int o = (t * m + i) * n;
                    for (int j = 0; j < n; j++) out.set(o + j, row[j]);
                }
            }
        }

        /**
         * Reads a and b. With {@code A = op(a)} and {@code B = op(b)} (op transposing where flagged),
         * {@code dA = dy B^T} and {@code dB = A^T dy}; a flagged operand takes the transpose of that,
         * {@code (X Y)^T = Y^T X^T}. Every transpose is a flag, never a copy. Each gradient is summed over
         * the batch axes its operand was broadcast along.
         */
        @Override
        public List<Value> gradient(GradBuilder b, Node n, Value dOut) {
            Value left = n.operand(0);
            Value right = n.operand(1);
            boolean ta = n.attrs().getBool(TRANSPOSE_A, false);
            boolean tb = n.attrs().getBool(TRANSPOSE_B, false);
            Value da = ta ? matmul(b, right, dOut, tb, true) : matmul(b, dOut, right, false, !tb);
            Value db = tb ? matmul(b, dOut, left, true, ta) : matmul(b, left, dOut, !ta, false);
            return List.of(b.sumTo(da, left.type().shape()), b.sumTo(db, right.type().shape()));
        }
    }

    /** {@code matmul(x, y)} with the given flags (a flag is present only when true). */
    private static Value matmul(GradBuilder b, Value x, Value y, boolean transposeX, boolean transposeY) {
        Attrs attrs = Attrs.EMPTY;
        if (transposeX) attrs = attrs.with(TRANSPOSE_A, true);
        if (transposeY) attrs = attrs.with(TRANSPOSE_B, true);
        return b.op(MATMUL, attrs, x, y);
    }

    /** The product's m, k and n, after the flags. */
    private record Dims(int m, int k, int n) {
        static Dims of(Shape a, Shape b, Attrs attrs) {
            boolean ta = attrs.getBool(TRANSPOSE_A, false);
            boolean tb = attrs.getBool(TRANSPOSE_B, false);
            return new Dims(ta ? a.dim(-1) : a.dim(-2), ta ? a.dim(-2) : a.dim(-1), tb ? b.dim(-2) : b.dim(-1));
        }
    }

    public static final String TRANSPOSE_A = "transpose_a";
    public static final String TRANSPOSE_B = "transpose_b";

    /** All axes but the last two. */
    private static Shape batchShape(Shape s) {
        return Shape.of(Arrays.copyOf(s.dims(), s.rank() - 2));
    }

    public static final OpKind MATMUL = new Matmul();

    public static final List<OpKind> ALL = List.of(MATMUL);

    private MatmulOps() {}
}
