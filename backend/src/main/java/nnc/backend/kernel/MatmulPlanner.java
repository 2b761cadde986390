package nnc.backend.kernel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import nnc.ir.Node;
import nnc.ir.Shape;
import nnc.ir.ops.MatmulOps;

/**
 * Plans a matmul, with its fused epilogue, as a tiled product split over batch points, row blocks and
 * column tiles; transposed operands are read in place.
 */
final class MatmulPlanner {
    /**
     * Rows that share each load of b, and rows of b that share each load and store of the output: 4 x 4
     * multiply-adds per column between memory accesses, the best a JIT-vectorized loop reached here.
     */
    static final int ROW_BLOCK = 4;
    static final int DEPTH_STEP = 4;
    /** 16 rows x 128 columns of the result (8 KiB) stay in L1 while a tile of b streams through. */
    static final int ROWS_PER_UNIT = 16;
    static final int COL_TILE = 128;
    /** 256 x 128 elements of b (128 KiB) stay in L2 while every row block of a unit reuses them. */
    static final int DEPTH_TILE = 256;
    /** Units a product worth splitting should offer, so that a few cores each get some. */
    static final int MIN_UNITS = 8;
    /** Narrower column tiles than this lose more to loop overhead than they gain in parallelism. */
    static final int MIN_COL_TILE = 32;

    private MatmulPlanner() {}

    static MatmulKernel plan(Group group, Node mm, String name) {
        Epilogues.requireLeaves(group, mm);
        Shape out = mm.type().shape();
        int rank = out.rank();
        int m = out.dim(-2);
        int n = out.dim(-1);
        TensorRef a = group.leaf(mm.operand(0));
        TensorRef b = group.leaf(mm.operand(1));
        MatmulKernel.Layout layout = new MatmulKernel.Layout(mm.attrs().getBool(MatmulOps.TRANSPOSE_A, false),
                mm.attrs().getBool(MatmulOps.TRANSPOSE_B, false));
        int k = layout.transposeA() ? a.type().shape().dim(-2) : a.type().shape().dim(-1);
        LoopNest loops = LoopNest.of(out.dims());
        Expr epilogue = Epilogues.of(group, mm, loops);
        LoopNest batch = LoopNest.of(Arrays.copyOf(out.dims(), rank - 2));
        List<Index> batchVars = batch.vars();
        boolean accumulate = epilogue == null || !group.readsOutput(epilogue);
        long work = 2 * batch.total() * m * n * k;
        MatmulKernel.Tiling tiling = tiling(m, n, k, batch.total(), Math.min(MIN_UNITS, work / Parallel.MIN_WORK_PER_BLOCK));
        long units = batch.total() * tiling.rowUnits(m) * tiling.colUnits(n);
        return new MatmulKernel(name, group.summary(), batch, m, n, k, a, rowStart(a, batchVars), b, rowStart(b, batchVars), layout,
                group.output, rowStart(group.output, batchVars), epilogue, accumulate, tiling, Parallel.split(units, work));
    }

    /**
     * The default tiles, narrowed (columns first, then rows) while the product has fewer than
     * {@code wantedUnits} units: a small product with a long depth is still worth splitting.
     */
    private static MatmulKernel.Tiling tiling(int m, int n, int k, long batchPoints, long wantedUnits) {
        int rowsPerUnit = Math.min(roundUp(m, ROW_BLOCK), ROWS_PER_UNIT);
        int colTile = Math.min(n, COL_TILE);
        while (batchPoints * units(m, rowsPerUnit) * units(n, colTile) < wantedUnits) {
            if (colTile >= 2 * MIN_COL_TILE) colTile /= 2;
            else if (rowsPerUnit >= 2 * ROW_BLOCK) rowsPerUnit = roundUp(rowsPerUnit / 2, ROW_BLOCK);
            else break;
        }
        return new MatmulKernel.Tiling(ROW_BLOCK, DEPTH_STEP, colTile, Math.min(k, DEPTH_TILE), rowsPerUnit);
    }

    private static long units(int extent, int tile) {
        return (extent + tile - 1) / tile;
    }

    /** The element where the matrix of batch point {@code batchVars} starts in {@code t}, broadcasting its batch axes. */
    private static Index rowStart(TensorRef t, List<Index> batchVars) {
        Shape s = t.type().shape();
        Shape batchShape = Shape.of(Arrays.copyOf(s.dims(), s.rank() - 2));
        List<Index> coords = new ArrayList<>(ExprBuilder.broadcast(batchVars, batchShape));
        coords.add(Index.constant(0));
        coords.add(Index.constant(0));
        return t.at(coords);
    }

    private static int roundUp(int v, int multiple) {
        return (v + multiple - 1) / multiple * multiple;
    }
}
