package nnc.backend.java;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import java.util.Set;
import java.util.function.UnaryOperator;
import nnc.backend.kernel.Arith;
import nnc.backend.kernel.Expr;
import nnc.backend.kernel.MatmulKernel;
import nnc.ir.DType;

/**
 * A {@link MatmulKernel}. Each unit (batch point, row block, column tile) zeroes its tile of the sum,
 * then, a depth tile of b at a time, adds {@code a[i][p] * b[p][j]} for four rows at once: the innermost
 * loop runs along a row of b and four rows of the sum, unit stride, which the JIT vectorizes. The
 * epilogue then rewrites the finished tile. The sum is the output itself, or, when the epilogue reads
 * the output's own elements, a kernel-local tile of one unit (like OpenCL local memory) that the
 * epilogue then reads. A transposed operand is read where it lies, through its strides.
 */
final class MatmulCode {
    private MatmulCode() {}

    /** Where the product accumulates: element (row, col) is {@code array[origin + row * rowStride + col]}. */
    private record Sum(String array, String origin, long rowStride) {
        String row(String row) {
            return origin + " + " + row + " * " + rowStride;
        }

        String at(String row, String col) {
            return array + "[" + row(row) + " + " + col + "]";
        }
    }

    static MethodSpec of(MatmulKernel k, ElementCode el, Helpers helpers) {
        IndexCode idx = el.index();
        MatmulKernel.Tiling t = k.tiling();
        int nb = k.batchVars();
        String row = IndexCode.var(nb);
        String col = IndexCode.var(nb + 1);
        UnaryOperator<String> a = at -> el.load(k.a(), at);
        UnaryOperator<String> b = at -> el.load(k.b(), at);
        CodeBlock.Builder code = CodeBlock.builder();
        boolean inTile = !k.accumulateInOutput();
        if (inTile) code.addStatement("float[] tile = $L", helpers.scratch("TILE", (long) t.rowsPerUnit() * t.colTile()));
        KernelMethod.openUnits(code, k.parallel(), "unit");
        int rowUnits = t.rowUnits(k.m());
        int colUnits = t.colUnits(k.n());
        String batchPoint = nb == 0 ? null : local(code, el, "unit / " + (rowUnits * colUnits));
        long stride = 1;
        for (int v = nb - 1; v >= 0; v--) {
            code.addStatement("int $L = $L / $L % $L", IndexCode.var(v), batchPoint, stride, k.batch().extent(v));
            stride *= k.batch().extent(v);
        }
        String aBase = local(code, el, idx.of(k.aBase()));
        String bBase = local(code, el, idx.of(k.bBase()));
        String outBase = local(code, el, idx.of(k.outBase()));
        String rowLo = local(code, el, rowUnits == 1 ? "0" : Arith.times("unit / " + colUnits + " % " + rowUnits, t.rowsPerUnit()));
        String rowHi = local(code, el, "Math.min(" + rowLo + " + " + t.rowsPerUnit() + ", " + k.m() + ")");
        String colLo = local(code, el, colUnits == 1 ? "0" : Arith.times("unit % " + colUnits, t.colTile()));
        String colHi = local(code, el, "Math.min(" + colLo + " + " + t.colTile() + ", " + k.n() + ")");
        Sum sum = inTile ? new Sum("tile", local(code, el, "-(" + Arith.times(rowLo, t.colTile()) + " + " + colLo + ")"), t.colTile())
                : new Sum(el.field(k.output()), outBase, k.n());
        forRange(code, row, rowLo, rowHi);
        forRange(code, col, colLo, colHi);
        code.addStatement("$L = 0f", sum.at(row, col));
        code.endControlFlow().endControlFlow();
        if (MatmulVectors.applies(k)) {
            String p0 = el.local("t");
            String p1 = el.local("t");
            code.beginControlFlow("for (int $L = 0; $L < $L; $L += $L)", p0, p0, k.k(), p0, t.depthTile());
            code.addStatement("int $L = Math.min($L + $L, $L)", p1, p0, t.depthTile(), k.k());
            MatmulVectors.Operands o = new MatmulVectors.Operands(el.field(k.a()), aBase, el.field(k.b()), bBase, sum.array(), sum.origin(), sum.rowStride());
            MatmulVectors.accumulate(code, el, helpers, k, o, p0, p1, rowLo, rowHi, colLo, colHi);
            code.endControlFlow();
        } else {
            accumulate(code, el, k, a, b, row, col, aBase, bBase, sum, rowLo, rowHi, colLo, colHi);
        }
        if (inTile || k.epilogue() != null) {
            forRange(code, row, rowLo, rowHi);
            String out = outBase + " + " + row + " * " + k.n() + " + " + col;
            LaneCode lanes = new LaneCode(el, helpers, nb + 1, Set.of());
            Expr epilogue = k.epilogue() == null ? new Expr.Accumulated(DType.F32) : k.epilogue();
            if (k.n() >= MatmulVectors.MIN_VECTOR_COLUMNS && k.output().dtype() == DType.F32 && lanes.supports(epilogue)) {
                LaneCode.openVectorLoop(code, col, colLo, colHi);
                String v = lanes.emit(code, epilogue, el.local("v"), lanes.load(sum.array(), sum.row(row) + " + " + col));
                code.addStatement("$L.intoArray($L, $L)", v, el.field(k.output()), out);
                code.endControlFlow();
                LaneCode.openScalarLoop(code, col, colHi);
            } else {
                forRange(code, col, colLo, colHi);
            }
            el.store(code, k.output(), out, el.emit(code, epilogue, sum.at(row, col)));
            code.endControlFlow().endControlFlow();
        }
        code.endControlFlow();
        return KernelMethod.builder(k).addCode(code.build()).build();
    }

    /**
     * Depth tile by depth tile: blocks of {@code rowBlock} rows (then single rows), and within them steps
     * of {@code depthStep} rows of b (then single ones), so that each load and store of the sum carries
     * {@code rowBlock * depthStep} multiply-adds per column.
     */
    private static void accumulate(CodeBlock.Builder code, ElementCode el, MatmulKernel k, UnaryOperator<String> a,
            UnaryOperator<String> b, String row, String col, String aBase, String bBase, Sum sum, String rowLo, String rowHi,
            String colLo, String colHi) {
        String p0 = el.local("t");
        String p1 = el.local("t");
        code.beginControlFlow("for (int $L = 0; $L < $L; $L += $L)", p0, p0, k.k(), p0, k.tiling().depthTile());
        code.addStatement("int $L = Math.min($L + $L, $L)", p1, p0, k.tiling().depthTile(), k.k());
        code.addStatement("int $L = $L", row, rowLo);
        for (int rows : new int[] {k.tiling().rowBlock(), 1}) {
            code.beginControlFlow("for (; $L + $L <= $L; $L += $L)", row, rows, rowHi, row, rows);
            String aRow = local(code, el, Arith.sum(aBase, Arith.times(row, k.aRowStride())));
            String cRow = local(code, el, sum.row(row));
            String p = el.local("t");
            code.addStatement("int $L = $L", p, p0);
            for (int depth : new int[] {k.tiling().depthStep(), 1}) {
                code.beginControlFlow("for (; $L + $L <= $L; $L += $L)", p, depth, p1, p, depth);
                String[][] av = new String[rows][depth];
                for (int r = 0; r < rows; r++) {
                    for (int d = 0; d < depth; d++) {
                        av[r][d] = el.local("v");
                        code.addStatement("float $L = $L", av[r][d],
                                a.apply(Arith.sum(plus(aRow, r * k.aRowStride() + d * k.aDepthStride()), Arith.times(p, k.aDepthStride()))));
                    }
                }
                String bRow = local(code, el, Arith.sum(bBase, Arith.times(p, k.bDepthStride())));
                code.beginControlFlow("for (int $L = $L; $L < $L; $L++)", col, colLo, col, colHi, col);
                String[] bv = new String[depth];
                for (int d = 0; d < depth; d++) {
                    bv[d] = el.local("v");
                    code.addStatement("float $L = $L", bv[d], b.apply(Arith.sum(plus(bRow, d * k.bDepthStride()), Arith.times(col, k.bColStride()))));
                }
                for (int r = 0; r < rows; r++) {
                    StringBuilder terms = new StringBuilder();
                    for (int d = 0; d < depth; d++) terms.append(d > 0 ? " + " : "").append(av[r][d]).append(" * ").append(bv[d]);
                    code.addStatement("$L[$L + $L] += $L", sum.array(), plus(cRow, r * sum.rowStride()), col, terms);
                }
                code.endControlFlow().endControlFlow();
            }
            code.endControlFlow();
        }
        code.endControlFlow();
    }

    /** {@code base + k}, or {@code base} when k is 0. */
    private static String plus(String base, long k) {
        return k == 0 ? base : base + " + " + k;
    }

    private static void forRange(CodeBlock.Builder code, String var, String lo, String hi) {
        code.beginControlFlow("for (int $L = $L; $L < $L; $L++)", var, lo, var, hi, var);
    }

    private static String local(CodeBlock.Builder code, ElementCode el, String value) {
        String name = el.local("t");
        code.addStatement("int $L = $L", name, value);
        return name;
    }
}
