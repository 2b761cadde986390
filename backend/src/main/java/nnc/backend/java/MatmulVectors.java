package nnc.backend.java;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import java.util.function.IntFunction;
import nnc.backend.kernel.Arith;
import nnc.backend.kernel.MatmulKernel;

/**
 * The inner product of a {@link MatmulKernel} with the JDK's vector API ({@code jdk.incubator.vector}):
 * register-blocked micro-kernels whose accumulators stay in vector registers for a whole depth tile,
 * which the JIT's auto-vectorizer never achieves (it loads and stores the sum at every multiply-add).
 * Two forms, by layout:
 *
 * <ul>
 *   <li>Rows of b ({@link #axpy}): when b's columns are adjacent, a block of rows by two vectors of
 *       columns adds, for each depth step, a broadcast element of a times a vector of b's row.
 *   <li>Dot products ({@link #dot}): when b is read transposed and a is not, both operands run along the
 *       depth, so a block of rows by columns sums vector products and adds their lanes at the end.
 * </ul>
 *
 * Columns or depths left over after the vectors, and blocks narrower than the full one, fall back to
 * scalar {@link Math#fma} with the same order of additions per element as the vectors.
 */
final class MatmulVectors {
    static final ClassName FLOAT_VECTOR = ClassName.get("jdk.incubator.vector", "FloatVector");
    static final ClassName OPERATORS = ClassName.get("jdk.incubator.vector", "VectorOperators");
    /** Rows x vectors of columns per block of the row form: 12 accumulators, of the 16 or 32 registers. */
    static final int[] AXPY_ROWS = {6, 2, 1};
    private static final int AXPY_VECTORS = 2;
    /** Rows x columns per block of the dot form: 12 accumulators, 7 loads per 12 multiply-adds. */
    static final int[] DOT_ROWS = {4, 1};
    static final int[] DOT_COLS = {3, 1};
    /** Products narrower than this gain nothing from vectors (8: the lanes of a 256-bit float vector). */
    static final int MIN_VECTOR_COLUMNS = 8;

    /** What one kernel's accumulate step reads and writes. */
    record Operands(String a, String aBase, String b, String bBase, String sum, String sumBase, long sumRowStride) {
        String aAt(String row, String depth, MatmulKernel k) {
            return a + "[" + Arith.sum(aBase, Arith.times(row, k.aRowStride()), Arith.times(depth, k.aDepthStride())) + "]";
        }

        String sumRow(String row) {
            return Arith.sum(sumBase, Arith.times(row, sumRowStride));
        }
    }

    private final CodeBlock.Builder code;
    private final ElementCode el;
    private final MatmulKernel k;
    private final Operands o;
    private final String species;

    private MatmulVectors(CodeBlock.Builder code, ElementCode el, MatmulKernel k, Operands o, Helpers helpers) {
        this.code = code;
        this.el = el;
        this.k = k;
        this.o = o;
        this.species = helpers.useVectors();
    }

    /** Whether one of the vector forms applies: b's columns adjacent, or a and b both adjacent along the depth. */
    static boolean applies(MatmulKernel k) {
        return k.n() >= MIN_VECTOR_COLUMNS && k.bColStride() == 1 || dotForm(k);
    }

    private static boolean dotForm(MatmulKernel k) {
        return k.bColStride() != 1 && k.aDepthStride() == 1 && k.bDepthStride() == 1 && k.k() >= MIN_VECTOR_COLUMNS;
    }

    /**
     * Adds a[rows][p0..p1) times b[p0..p1)[cols] into the sum, rows [rowLo, rowHi) and columns
     * [colLo, colHi) of one unit; the caller loops over depth tiles.
     */
    static void accumulate(CodeBlock.Builder code, ElementCode el, Helpers helpers, MatmulKernel k, Operands o, String p0, String p1,
            String rowLo, String rowHi, String colLo, String colHi) {
        MatmulVectors v = new MatmulVectors(code, el, k, o, helpers);
        if (dotForm(k)) v.dot(p0, p1, rowLo, rowHi, colLo, colHi);
        else v.axpy(p0, p1, rowLo, rowHi, colLo, colHi);
    }

    // ----- rows of b -----

    private void axpy(String p0, String p1, String rowLo, String rowHi, String colLo, String colHi) {
        String i = el.local("t");
        code.addStatement("int $L = $L", i, rowLo);
        for (int rows : AXPY_ROWS) {
            code.beginControlFlow("for (; $L + $L <= $L; $L += $L)", i, rows, rowHi, i, rows);
            String j = el.local("t");
            code.addStatement("int $L = $L", j, colLo);
            for (int vectors = AXPY_VECTORS; vectors >= 1; vectors--) {
                code.beginControlFlow("for (; $L + $L <= $L; $L += $L)", j, vectorOffset(vectors), colHi, j, vectorOffset(vectors));
                axpyBlock(i, j, rows, vectors, p0, p1);
                code.endControlFlow();
            }
            code.beginControlFlow("for (; $L < $L; $L++)", j, colHi, j);
            scalarColumn(i, j, rows, p0, p1);
            code.endControlFlow();
            code.endControlFlow();
        }
    }

    /** A block of {@code rows} rows by {@code vectors} vectors of columns starting at (i, j). */
    private void axpyBlock(String i, String j, int rows, int vectors, String p0, String p1) {
        String[][] acc = new String[rows][vectors];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < vectors; c++) {
                acc[r][c] = el.local("v");
                code.addStatement("$T $L = $T.fromArray($L, $L, $L)", FLOAT_VECTOR, acc[r][c], FLOAT_VECTOR, species, o.sum(), sumAt(i, r, j, c));
            }
        }
        String p = el.local("t");
        code.beginControlFlow("for (int $L = $L; $L < $L; $L++)", p, p0, p, p1, p);
        String bRow = el.local("t");
        code.addStatement("int $L = $L", bRow, Arith.sum(o.bBase(), Arith.times(p, k.bDepthStride())));
        String[] bv = new String[vectors];
        for (int c = 0; c < vectors; c++) {
            bv[c] = el.local("v");
            code.addStatement("$T $L = $T.fromArray($L, $L, $L)", FLOAT_VECTOR, bv[c], FLOAT_VECTOR, species, o.b(), Arith.sum(bRow, j, vectorOffset(c)));
        }
        for (int r = 0; r < rows; r++) {
            String av = el.local("v");
            code.addStatement("$T $L = $T.broadcast($L, $L)", FLOAT_VECTOR, av, FLOAT_VECTOR, species, o.aAt(Arith.sum(i, r), p, k));
            for (int c = 0; c < vectors; c++) code.addStatement("$L = $L.fma($L, $L)", acc[r][c], bv[c], av, acc[r][c]);
        }
        code.endControlFlow();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < vectors; c++) code.addStatement("$L.intoArray($L, $L)", acc[r][c], o.sum(), sumAt(i, r, j, c));
        }
    }

    /** Column j of {@code rows} rows from i, in scalars. */
    private void scalarColumn(String i, String j, int rows, String p0, String p1) {
        String[] s = new String[rows];
        for (int r = 0; r < rows; r++) {
            s[r] = el.local("v");
            code.addStatement("float $L = $L[$L]", s[r], o.sum(), Arith.sum(o.sumRow(Arith.sum(i, r)), j));
        }
        String p = el.local("t");
        code.beginControlFlow("for (int $L = $L; $L < $L; $L++)", p, p0, p, p1, p);
        String bv = el.local("v");
        code.addStatement("float $L = $L[$L]", bv, o.b(), Arith.sum(o.bBase(), Arith.times(p, k.bDepthStride()), Arith.times(j, k.bColStride())));
        for (int r = 0; r < rows; r++) code.addStatement("$L = Math.fma($L, $L, $L)", s[r], o.aAt(Arith.sum(i, r), p, k), bv, s[r]);
        code.endControlFlow();
        for (int r = 0; r < rows; r++) code.addStatement("$L[$L] = $L", o.sum(), Arith.sum(o.sumRow(Arith.sum(i, r)), j), s[r]);
    }

    // ----- dot products -----

    private void dot(String p0, String p1, String rowLo, String rowHi, String colLo, String colHi) {
        String i = el.local("t");
        code.addStatement("int $L = $L", i, rowLo);
        for (int rows : DOT_ROWS) {
            code.beginControlFlow("for (; $L + $L <= $L; $L += $L)", i, rows, rowHi, i, rows);
            String j = el.local("t");
            code.addStatement("int $L = $L", j, colLo);
            for (int cols : DOT_COLS) {
                code.beginControlFlow("for (; $L + $L <= $L; $L += $L)", j, cols, colHi, j, cols);
                dotBlock(i, j, rows, cols, p0, p1);
                code.endControlFlow();
            }
            code.endControlFlow();
        }
    }

    /** A block of {@code rows} x {@code cols} dot products over depths [p0, p1), added into the sum. */
    private void dotBlock(String i, String j, int rows, int cols, String p0, String p1) {
        String[][] s = dots(code, el, species, rows, cols, p0, p1, o.a(), r -> Arith.sum(o.aBase(), Arith.times(Arith.sum(i, r), k.aRowStride())),
                o.b(), c -> Arith.sum(o.bBase(), Arith.times(Arith.sum(j, c), k.bColStride())));
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) code.addStatement("$L[$L] += $L", o.sum(), Arith.sum(o.sumRow(Arith.sum(i, r)), j, c), s[r][c]);
        }
    }

    /**
     * A block of {@code rows} x {@code cols} dot products along {@code [from, to)}: row r reads
     * {@code rowArray[rowAt(r) + p]}, column c reads {@code colArray[colAt(c) + p]}. Sums in vector
     * registers, adds their lanes, then the rest in scalars; returns the float locals of the sums.
     */
    static String[][] dots(CodeBlock.Builder code, ElementCode el, String species, int rows, int cols, String from, String to, String rowArray,
            IntFunction<String> rowAt, String colArray, IntFunction<String> colAt) {
        String[][] acc = new String[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                acc[r][c] = el.local("v");
                code.addStatement("$T $L = $T.zero($L)", FLOAT_VECTOR, acc[r][c], FLOAT_VECTOR, species);
            }
        }
        String p = el.local("t");
        code.addStatement("int $L = $L", p, from);
        code.beginControlFlow("for (; $L + $L <= $L; $L += $L)", p, Helpers.LANES, to, p, Helpers.LANES);
        String[] cv = new String[cols];
        for (int c = 0; c < cols; c++) {
            cv[c] = el.local("v");
            code.addStatement("$T $L = $T.fromArray($L, $L, $L)", FLOAT_VECTOR, cv[c], FLOAT_VECTOR, species, colArray, Arith.sum(colAt.apply(c), p));
        }
        for (int r = 0; r < rows; r++) {
            String rv = el.local("v");
            code.addStatement("$T $L = $T.fromArray($L, $L, $L)", FLOAT_VECTOR, rv, FLOAT_VECTOR, species, rowArray, Arith.sum(rowAt.apply(r), p));
            for (int c = 0; c < cols; c++) code.addStatement("$L = $L.fma($L, $L)", acc[r][c], rv, cv[c], acc[r][c]);
        }
        code.endControlFlow();
        String[][] sums = new String[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                sums[r][c] = el.local("v");
                code.addStatement("float $L = $L.reduceLanes($T.ADD)", sums[r][c], acc[r][c], OPERATORS);
            }
        }
        code.beginControlFlow("for (; $L < $L; $L++)", p, to, p);
        for (int r = 0; r < rows; r++) {
            String rs = el.local("v");
            code.addStatement("float $L = $L[$L]", rs, rowArray, Arith.sum(rowAt.apply(r), p));
            for (int c = 0; c < cols; c++) {
                code.addStatement("$L = Math.fma($L, $L[$L], $L)", sums[r][c], rs, colArray, Arith.sum(colAt.apply(c), p), sums[r][c]);
            }
        }
        code.endControlFlow();
        return sums;
    }

    /** Element (i + r, j + c vectors) of the sum. */
    private String sumAt(String i, int r, String j, int c) {
        return Arith.sum(o.sumRow(Arith.sum(i, r)), j, vectorOffset(c));
    }

    /** {@code c} vectors' worth of lanes, as Java. */
    static String vectorOffset(int c) {
        return c == 0 ? "0" : c == 1 ? Helpers.LANES : c + " * " + Helpers.LANES;
    }
}
