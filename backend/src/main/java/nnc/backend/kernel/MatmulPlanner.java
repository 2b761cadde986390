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
        int rowsPerUnit = Math.min(roundUp(m, ROW_BLOCK), ROWS_PER_UNIT);
        MatmulKernel.Tiling tiling = new MatmulKernel.Tiling(ROW_BLOCK, DEPTH_STEP, Math.min(n, COL_TILE), Math.min(k, DEPTH_TILE), rowsPerUnit);
        long units = batch.total() * tiling.rowUnits(m) * tiling.colUnits(n);
        long work = 2 * batch.total() * m * n * k;
        return new MatmulKernel(name, group.summary(), batch, m, n, k, a, rowStart(a, batchVars), b, rowStart(b, batchVars), layout,
                group.output, rowStart(group.output, batchVars), epilogue, accumulate, tiling, Parallel.split(units, work));
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
