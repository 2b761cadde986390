package nnc.backend.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import nnc.ir.TensorType;
import org.junit.jupiter.api.Test;

class IndexTest {
    private static final long[] EXTENTS = {2, 4, 3, 8};

    @Test
    void splittingHeadsOffARowMajorMatrixStaysAffine() {
        // [b, h, s, dh] = [2, 4, 3, 8] read from [b*s, h*dh] = [6, 32]: the transformer's split_heads.
        Index b = Index.var(0);
        Index h = Index.var(1);
        Index s = Index.var(2);
        Index dh = Index.var(3);
        Index flat = b.times(3 * 32).plus(s.times(32)).plus(h.times(8)).plus(dh);
        Index row = flat.digit(32, 6, EXTENTS);
        Index col = flat.digit(1, 32, EXTENTS);
        assertTrue(row.isAffine() && col.isAffine(), row + ", " + col);
        assertEquals(3, row.coef(0));
        assertEquals(1, row.coef(2));
        assertEquals(8, col.coef(1));
        assertEquals(1, col.coef(3));
    }

    @Test
    void aDigitThatWrapsStaysADigit() {
        Index i = Index.var(3);
        Index wrapped = i.digit(1, 5, EXTENTS);
        assertFalse(wrapped.isAffine());
        assertTrue(wrapped.mentionsNonAffinely(3));
        assertEquals(Index.constant(0), i.digit(8, 3, EXTENTS), "i3 < 8, so i3 / 8 is 0");
    }

    @Test
    void equalIndicesAreEqualRecords() {
        Index a = Index.var(0).times(4).plus(Index.var(1)).plus(7);
        Index b = Index.constant(7).plus(Index.var(1)).plus(Index.var(0).times(4));
        assertEquals(a, b);
    }

    @Test
    void aSameShapeChainOverAnyRankIsOneLoop() {
        TensorRef x = new TensorRef(Buffer.ARENA, 64, TensorType.f32(2, 4, 3, 8));
        TensorRef y = new TensorRef(Buffer.ARENA, 512, TensorType.f32(2, 4, 3, 8));
        LoopNest loops = new LoopNest(EXTENTS);
        LoopSimplifier.Body body = LoopSimplifier.simplify(new LoopSimplifier.Body(loops, null, y.at(loops.vars()),
                new Expr.Load(x, x.at(loops.vars()))));
        assertEquals(new LoopNest(new long[] {192}), body.loops());
        assertEquals(Index.var(0).plus(512), body.store());
    }

    @Test
    void aBiasAddKeepsItsTwoLoops() {
        TensorRef x = new TensorRef(Buffer.ARENA, 0, TensorType.f32(4, 16));
        TensorRef bias = new TensorRef(Buffer.ARENA, 64, TensorType.f32(16));
        LoopNest loops = new LoopNest(new long[] {4, 16});
        List<Index> v = loops.vars();
        LoopSimplifier.Body body = LoopSimplifier.simplify(new LoopSimplifier.Body(loops, null, x.at(v),
                new Expr.Load(bias, bias.at(List.of(v.get(1))))));
        assertEquals(loops, body.loops());
    }
}
