package nnc.backend.kernel;

/**
 * A (batched) matrix product {@code out[t, i, j] = sum_p a[t, i, p] * b[t, p, j]} with an optional fused
 * epilogue. Loop variables: the batch loops of {@link #batch()} first, then {@code i} (rows, {@code m}) and
 * {@code j} (columns, {@code n}). Row {@code i} of batch point {@code t} starts at {@code aBase + i * k} in
 * {@code a}; row {@code p} at {@code bBase + p * n} in {@code b}; result element (i, j) goes to
 * {@code outBase + i * n + j}, after the {@code epilogue} (null: store the product as it is) has mapped
 * the product ({@link Expr.Accumulated}) to the group's result.
 *
 * <p>With {@code accumulateInOutput} the product is summed in place in the output, a tile at a time, and
 * the epilogue then rewrites the tile; without it (when the epilogue reads the output's own elements, as
 * an in-place residual add may) each element's sum is finished before anything is stored.
 */
public record MatmulKernel(String name, String summary, LoopNest batch, int m, int n, int k,
        TensorRef a, Index aBase, TensorRef b, Index bBase, Layout layout, TensorRef output, Index outBase,
        Expr epilogue, boolean accumulateInOutput, Tiling tiling, Parallel parallel) implements Kernel {

    /**
     * How a and b are stored: each matrix is read where it lies, transposed ({@code [k, m]} for a,
     * {@code [n, k]} for b) or not, as the matmul's {@code transpose_a}/{@code transpose_b} say.
     */
    public record Layout(boolean transposeA, boolean transposeB) {
        public static final Layout PLAIN = new Layout(false, false);
    }

    /** Element (i, p) of a is at {@code aBase + i * aRowStride() + p * aDepthStride()}. */
    public long aRowStride() {
        return layout.transposeA() ? 1 : k;
    }

    public long aDepthStride() {
        return layout.transposeA() ? m : 1;
    }

    /** Element (p, j) of b is at {@code bBase + p * bDepthStride() + j * bColStride()}. */
    public long bDepthStride() {
        return layout.transposeB() ? 1 : n;
    }

    public long bColStride() {
        return layout.transposeB() ? k : 1;
    }

    /**
     * Cache blocking: {@code rowBlock} rows share each load of {@code b} and {@code depthStep} rows of
     * {@code b} share each load and store of the output (register blocking); a tile of {@code colTile}
     * columns by {@code depthTile} rows of {@code b} stays in cache while it is used. The parallel units
     * are (batch point, block of {@code rowsPerUnit} rows, column tile), batch outermost.
     */
    public record Tiling(int rowBlock, int depthStep, int colTile, int depthTile, int rowsPerUnit) {
        public int rowUnits(int m) {
            return (m + rowsPerUnit - 1) / rowsPerUnit;
        }

        public int colUnits(int n) {
            return (n + colTile - 1) / colTile;
        }
    }

    public int batchVars() {
        return batch.rank();
    }
}
