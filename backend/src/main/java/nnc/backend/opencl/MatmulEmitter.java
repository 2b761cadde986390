package nnc.backend.opencl;

import nnc.backend.kernel.Arith;
import nnc.backend.kernel.MatmulKernel;

/**
 * A {@link MatmulKernel} tiled in local memory: a work-group of {@link #TILE} x {@link #TILE} work-items
 * computes a tile of the result, one element each; the depth is walked a tile at a time, each
 * work-item loading one element of a's tile and one of b's into local memory, so every element read
 * from global memory serves {@link #TILE} multiply-adds. The third dimension numbers batch points. The
 * sum stays in a register, then goes through the epilogue and is stored once. A transposed operand
 * is read where it lies, only the strides of its tile loads change.
 */
final class MatmulEmitter {
    static final int TILE = 16;

    private MatmulEmitter() {}

    static ClKernel of(MatmulKernel k, ClElement el) {
        ClWriter w = el.out;
        int nb = k.batchVars();
        String row = ClElement.var(nb);
        String col = ClElement.var(nb + 1);
        w.line("__local float atile[" + TILE + "][" + TILE + "];");
        w.line("__local float btile[" + TILE + "][" + TILE + "];");
        w.line("const int lr = (int) get_local_id(1);");
        w.line("const int lc = (int) get_local_id(0);");
        w.line("const int " + row + " = (int) get_global_id(1);");
        w.line("const int " + col + " = (int) get_global_id(0);");
        el.unflatten("(int) get_global_id(2)", k.batch().extents());
        String aRow = el.intLocal(Arith.sum(el.index(k.aBase()), Arith.times(row, k.aRowStride())));
        String bCol = el.intLocal(Arith.sum(el.index(k.bBase()), Arith.times(col, k.bColStride())));
        w.line("float acc = 0.0f;");
        w.open("for (int p0 = 0; p0 < " + k.k() + "; p0 += " + TILE + ")");
        w.line("atile[lr][lc] = " + row + " < " + k.m() + " && p0 + lc < " + k.k() + " ? "
                + el.load(k.a(), Arith.sum(aRow, Arith.times("p0 + lc", k.aDepthStride()))) + " : 0.0f;");
        w.line("btile[lr][lc] = p0 + lr < " + k.k() + " && " + col + " < " + k.n() + " ? "
                + el.load(k.b(), Arith.sum(bCol, Arith.times("p0 + lr", k.bDepthStride()))) + " : 0.0f;");
        w.line("barrier(CLK_LOCAL_MEM_FENCE);");
        w.loop("p", 0, TILE);
        w.line("acc += atile[lr][p] * btile[p][lc];");
        w.close();
        w.line("barrier(CLK_LOCAL_MEM_FENCE);");
        w.close();
        w.open("if (" + row + " < " + k.m() + " && " + col + " < " + k.n() + ")");
        String v = k.epilogue() == null ? "acc" : el.emit(k.epilogue(), "acc");
        el.store(k.output(), Arith.sum(el.index(k.outBase()), Arith.times(row, k.n()), col), v);
        w.close();
        long[] global = {roundUp(k.n()), roundUp(k.m()), k.batch().total()};
        return ClKernel.of(k.name(), k.summary(), el, global, new long[] {TILE, TILE, 1});
    }

    private static long roundUp(int v) {
        return (v + TILE - 1L) / TILE * TILE;
    }
}
