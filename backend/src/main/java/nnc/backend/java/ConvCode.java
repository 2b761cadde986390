package nnc.backend.java;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import nnc.backend.kernel.Arith;
import nnc.backend.kernel.ConvGeometry;
import nnc.backend.kernel.ConvKernel;
import nnc.backend.kernel.Expr;
import nnc.ir.DType;

/**
 * A {@link ConvKernel}. The forward convolution with one group and enough output channels is a product
 * of the weights and a chunk of gathered patches (im2col in a local array, {@link #forwardPatches}); a
 * 1x1 convolution and its gradients are products over the channels as they lie. The rest is direct,
 * in two loop orders chosen by the length of a row of the plane the kernel writes (reads, for the
 * weight gradient):
 *
 * <ul>
 *   <li>Rows: the innermost loop runs along a row, unit stride, over the columns whose input column is
 *       inside the image (no bounds test left in it), which the JIT vectorizes. The forward convolution
 *       and the input gradient add a few weights times one row of their source into as many planes of
 *       the sum ({@link #MAX_BLOCK}), so each load feeds several multiply-adds; the weight gradient sums
 *       products into a row of partial sums, then adds that row up in double.
 *   <li>Positions, for small planes where rows are too short to vectorize: each result element sums in
 *       locals (the weight gradient: in the output) over the taps inside the image, the innermost loop
 *       running over channels, long and without tests.
 * </ul>
 *
 * The sum is the output itself, or, when a fused epilogue reads the output's own elements, a
 * working array of a few planes (like OpenCL local memory; see {@link Helpers#scratch}) that the epilogue then reads. Units of
 * {@link ConvKernel#parallel()} are result planes; a task here is a block of consecutive planes (of the
 * patch product: a chunk of one image's positions, every output channel).
 */
final class ConvCode {
    /** The shortest row for which the row loop beats summing element by element (measured on vgg16's planes). */
    static final int MIN_ROW = 8;
    /** The same for the weight gradient, whose row loop does less work per row. */
    static final int MIN_GRAD_WEIGHT_ROW = 16;
    /** The fewest interior columns for which the forward convolution's vector rows pay (two 256-bit vectors). */
    static final int MIN_VECTOR_ROW = 16;
    /** Result planes that share each load of the forward convolution and of the input gradient. */
    static final int MAX_BLOCK = 4;
    /** Floats of a task's patch matrix and of its tile of results (64 KiB each, working arrays of the thread). */
    static final int PATCH_FLOATS = 16 * 1024;
    /** The fewest positions per chunk of patches: two 512-bit vectors (deep convolutions take larger working arrays for it). */
    static final int MIN_CHUNK = 32;
    /** Output channels per task of the small planes' dot products. */
    static final int DOT_CHANNELS = 32;
    /** Input channels per task of the small planes' 1x1 input gradient (at most: a divisor of the channels). */
    static final int CHANNEL_RUN = 64;
    /** The fewest output channels for which gathering patches pays: each patch element feeds that many multiply-adds. */
    static final int MIN_PATCH_CHANNELS = 4;

    private final ElementCode el;
    private final Helpers helpers;
    private final ConvKernel k;
    private final ConvGeometry g;
    private final CodeBlock.Builder code = CodeBlock.builder();
    /** The variable of the loop {@link #loop} opened last. */
    private String current;

    private ConvCode(ConvKernel k, ElementCode el, Helpers helpers) {
        this.k = k;
        this.el = el;
        this.helpers = helpers;
        this.g = k.geometry();
    }

    static MethodSpec of(ConvKernel k, ElementCode el, Helpers helpers) {
        ConvCode c = new ConvCode(k, el, helpers);
        switch (k.kind()) {
            case FORWARD -> c.forward();
            case GRAD_INPUT -> c.gradInput();
            case GRAD_WEIGHT -> c.gradWeight();
        }
        return KernelMethod.builder(k).addCode(c.code.build()).build();
    }

    /** Where a task's sum goes: plane {@code j} of the task starts at {@code array[base + j * plane]}. */
    private record Sum(String array, String base) {
        String at(String offset) {
            return array + "[" + Arith.sum(base, offset) + "]";
        }
    }

    // ----- the forward convolution: y[n, o, ho, wo] -----

    private void forward() {
        if (patches()) {
            forwardPatches();
            return;
        }
        if (dots()) {
            forwardDots();
            return;
        }
        int block = block(g.og());
        int plane = g.ho() * g.wo();
        boolean rows = g.strideW() == 1 && (pointwise() ? plane : g.wo()) >= MIN_ROW;
        boolean local = rows && !k.accumulateInOutput();
        if (local) code.addStatement("float[] sum = $L", helpers.scratch("TILE", (long) block * plane));
        openTasks(block);
        code.addStatement("int i0 = first / $L", g.o());
        code.addStatement("int oc = first % $L", g.o());
        String xImage = local(Arith.sum(k.first().offset(), Arith.times(Arith.sum(Arith.times("i0", g.c()), Arith.times("oc / " + g.og(), g.cg())), (long) g.h() * g.w())));
        String out = local(Arith.sum(k.output().offset(), Arith.times("first", plane)));
        String wFirst = local(Arith.sum(k.second().offset(), Arith.times("oc", (long) g.cg() * taps())));
        if (rows) {
            Sum sum = local ? new Sum("sum", "0") : new Sum(el.field(k.output()), out);
            if (pointwise()) {
                pointwise(sum, block, plane, g.cg(), wFirst, g.cg(), 1, xImage);
            } else if (interiorWidth() >= MIN_VECTOR_ROW) {
                forwardVectorRows(sum, block, plane, xImage, wFirst);
            } else {
                zero(sum, block * plane);
                loop("ci", g.cg());
                String ci = current;
                String xPlane = local(Arith.sum(xImage, Arith.times(ci, (long) g.h() * g.w())));
                String w = local(Arith.sum(wFirst, Arith.times(ci, taps())));
                sweep(sum, block, plane, (long) g.cg() * taps(), w, xPlane, false);
                code.endControlFlow();
            }
            finish(sum, out, "oc", block, g.ho(), g.wo());
        } else {
            forwardPositions(block, out, xImage, wFirst);
        }
        code.endControlFlow();
    }

    /**
     * Whether the forward convolution gathers patches: one group, not 1x1 (already a product), enough
     * output channels to share each gathered element, and planes wide enough for vectors.
     */
    private boolean patches() {
        return g.groups() == 1 && !pointwise() && g.o() >= MIN_PATCH_CHANNELS && g.ho() * g.wo() >= MatmulVectors.MIN_VECTOR_COLUMNS;
    }

    /**
     * Whether the forward convolution is dot products of weight rows with gathered patches: one group
     * (1x1 included), planes too small for vectors of positions, and patches long enough for vectors
     * along them.
     */
    private boolean dots() {
        return g.groups() == 1 && g.o() >= MIN_PATCH_CHANNELS && g.ho() * g.wo() < MatmulVectors.MIN_VECTOR_COLUMNS
                && g.c() * taps() >= 2 * MatmulVectors.MIN_VECTOR_COLUMNS;
    }

    /**
     * The forward convolution on small planes, as dot products: a task is one image and a block of
     * {@link #DOT_CHANNELS} output channels; it gathers the image's patches position by position
     * ({@code patch[q][(ci * kh + ky) * kw + kx]}, zeros in the padding), so that a weight row
     * ({@code [c * kh * kw]} as stored) and a patch are both contiguous, then sums four output channels
     * by three positions of dot products in vector registers (the rest in scalars) and stores them
     * through the epilogue.
     */
    private void forwardDots() {
        int plane = g.ho() * g.wo();
        int depth = g.c() * taps();
        int oBlocks = (g.o() + DOT_CHANNELS - 1) / DOT_CHANNELS;
        code.addStatement("float[] patch = $L", helpers.scratch("PATCH", (long) plane * depth));
        KernelMethod.openUnits(code, k.parallel(), "task", (long) g.n() * oBlocks);
        code.addStatement("int i0 = task / $L", oBlocks);
        code.addStatement("int oLo = task % $L * $L", oBlocks, DOT_CHANNELS);
        code.addStatement("int oHi = Math.min(oLo + $L, $L)", DOT_CHANNELS, g.o());
        String xImage = local(Arith.sum(k.first().offset(), Arith.times("i0", (long) g.c() * g.h() * g.w())));
        code.beginControlFlow("for (int q = 0; q < $L; q++)", plane);
        code.addStatement("int oy = q / $L", g.wo());
        code.addStatement("int ox = q % $L", g.wo());
        code.addStatement("int at = q * $L", depth);
        loop("ci", g.c());
        String ci = current;
        loop("ky", g.kh());
        String ky = current;
        code.addStatement("int iy = $L", Arith.sum(Arith.minus(Arith.times("oy", g.strideH()), g.padH()), Arith.times(ky, g.dilH())));
        loop("kx", g.kw());
        String kx = current;
        code.addStatement("int ix = $L", Arith.sum(Arith.minus(Arith.times("ox", g.strideW()), g.padW()), Arith.times(kx, g.dilW())));
        code.addStatement("patch[$L] = iy >= 0 && iy < $L && ix >= 0 && ix < $L ? $L : 0f",
                Arith.sum("at", Arith.times(Arith.sum(Arith.times(ci, g.kh()), ky), g.kw()), kx), g.h(), g.w(),
                el.load(k.first(), Arith.sum(xImage, Arith.times(ci, (long) g.h() * g.w()), "iy * " + g.w(), "ix")));
        code.endControlFlow().endControlFlow().endControlFlow();
        code.endControlFlow();
        String wFirst = String.valueOf(k.second().offset());
        String o = el.local("t");
        code.addStatement("int $L = oLo", o);
        for (int rows : MatmulVectors.DOT_ROWS) {
            code.beginControlFlow("for (; $L + $L <= oHi; $L += $L)", o, rows, o, rows);
            String q = el.local("t");
            code.addStatement("int $L = 0", q);
            for (int cols : MatmulVectors.DOT_COLS) {
                code.beginControlFlow("for (; $L + $L <= $L; $L += $L)", q, cols, plane, q, cols);
                String oBlock = o;
                String qBlock = q;
                String[][] sums = MatmulVectors.dots(code, el, helpers.useVectors(), rows, cols, "0", String.valueOf(depth), el.field(k.second()),
                        j -> Arith.sum(wFirst, Arith.times(Arith.sum(oBlock, j), depth)), "patch", c -> Arith.times(Arith.sum(qBlock, c), depth));
                code.addStatement("int i1, i2, i3");
                for (int j = 0; j < rows; j++) {
                    code.addStatement("i1 = $L", Arith.sum(o, j));
                    for (int c = 0; c < cols; c++) {
                        String at = Arith.sum(q, c);
                        code.addStatement("i2 = $L / $L", at, g.wo());
                        code.addStatement("i3 = $L % $L", at, g.wo());
                        el.store(code, k.output(), Arith.sum(k.output().offset(), Arith.times(Arith.sum(Arith.times("i0", g.o()), "i1"), plane), at),
                                k.epilogue() == null ? sums[j][c] : el.emit(code, k.epilogue(), sums[j][c]));
                    }
                }
                code.endControlFlow();
            }
            code.endControlFlow();
        }
        code.endControlFlow();
    }

    /**
     * {@code out[outRow(row) + q] = sum over d in [0, depth) of scalar(row, d) * vec[vecRow(d) + q]} for
     * rows [0, rows) and positions q in [0, positions): blocks of {@code rowBlocks} rows (the largest
     * first) by two vectors of positions in vector registers (as {@link MatmulVectors}), positions
     * left over in scalars in the same order.
     */
    private void productBlocks(int[] rowBlocks, int rows, int depth, String positions, String vec, UnaryOperator<String> vecRow,
            BiFunction<String, String, String> scalar, String out, UnaryOperator<String> outRow) {
        String species = helpers.useVectors();
        String row = el.local("t");
        code.addStatement("int $L = 0", row);
        for (int block : rowBlocks) {
            code.beginControlFlow("for (; $L + $L <= $L; $L += $L)", row, block, rows, row, block);
            String q = el.local("t");
            code.addStatement("int $L = 0", q);
            for (int vectors = 2; vectors >= 1; vectors--) {
                String step = vectors == 1 ? Helpers.LANES : vectors + " * " + Helpers.LANES;
                code.beginControlFlow("for (; $L + $L <= $L; $L += $L)", q, step, positions, q, step);
                String[][] acc = new String[block][vectors];
                for (int j = 0; j < block; j++) {
                    for (int v = 0; v < vectors; v++) {
                        acc[j][v] = el.local("v");
                        code.addStatement("$T $L = $T.zero($L)", MatmulVectors.FLOAT_VECTOR, acc[j][v], MatmulVectors.FLOAT_VECTOR, species);
                    }
                }
                loop("d", depth);
                String d = current;
                String[] xv = new String[vectors];
                for (int v = 0; v < vectors; v++) {
                    xv[v] = el.local("v");
                    code.addStatement("$T $L = $T.fromArray($L, $L, $L)", MatmulVectors.FLOAT_VECTOR, xv[v], MatmulVectors.FLOAT_VECTOR, species, vec,
                            Arith.sum(vecRow.apply(d), q, MatmulVectors.vectorOffset(v)));
                }
                for (int j = 0; j < block; j++) {
                    String sv = el.local("v");
                    code.addStatement("$T $L = $T.broadcast($L, $L)", MatmulVectors.FLOAT_VECTOR, sv, MatmulVectors.FLOAT_VECTOR, species,
                            scalar.apply(Arith.sum(row, j), d));
                    for (int v = 0; v < vectors; v++) code.addStatement("$L = $L.fma($L, $L)", acc[j][v], xv[v], sv, acc[j][v]);
                }
                code.endControlFlow();
                for (int j = 0; j < block; j++) {
                    for (int v = 0; v < vectors; v++) {
                        code.addStatement("$L.intoArray($L, $L)", acc[j][v], out, Arith.sum(outRow.apply(Arith.sum(row, j)), q, MatmulVectors.vectorOffset(v)));
                    }
                }
                code.endControlFlow();
            }
            code.beginControlFlow("for (; $L < $L; $L++)", q, positions, q);
            String[] acc = zeros(block);
            loop("d", depth);
            String d = current;
            String x = el.local("v");
            code.addStatement("float $L = $L[$L]", x, vec, Arith.sum(vecRow.apply(d), q));
            for (int j = 0; j < block; j++) code.addStatement("$L = Math.fma($L, $L, $L)", acc[j], x, scalar.apply(Arith.sum(row, j), d), acc[j]);
            code.endControlFlow();
            for (int j = 0; j < block; j++) code.addStatement("$L[$L] = $L", out, Arith.sum(outRow.apply(Arith.sum(row, j)), q), acc[j]);
            code.endControlFlow();
            code.endControlFlow();
        }
    }

    /**
     * Positions per task of the patch product: as many as {@link #PATCH_FLOATS} holds for both local
     * arrays, in whole 512-bit vectors where that splits the plane, and at least {@link #MIN_CHUNK}.
     */
    private int patchPositions() {
        int plane = g.ho() * g.wo();
        int p = PATCH_FLOATS / Math.max(g.c() * taps(), g.o());
        return p >= plane ? plane : Math.min(plane, Math.max(MIN_CHUNK, p / 16 * 16));
    }

    /**
     * The forward convolution as a product, chunk by chunk of an image's output positions (im2col in
     * a local array): gather the chunk's patches, a row per (channel, tap), zeros where a tap falls in
     * the padding; multiply the weights ({@code [o, c * kh * kw]}, as stored) by them, six output
     * channels by two vectors of positions in vector registers over every row (the JDK's vector API,
     * as {@link MatmulVectors}), positions left over in scalars; then store through the epilogue. A
     * task is one chunk of one image and writes every output channel of it.
     */
    private void forwardPatches() {
        int plane = g.ho() * g.wo();
        int depth = g.c() * taps();
        int chunk = patchPositions();
        int chunks = (plane + chunk - 1) / chunk;
        code.addStatement("float[] patch = $L", helpers.scratch("PATCH", (long) depth * chunk));
        code.addStatement("float[] tile = $L", helpers.scratch("TILE", (long) g.o() * chunk));
        KernelMethod.openUnits(code, k.parallel(), "task", (long) g.n() * chunks);
        code.addStatement("int i0 = task / $L", chunks);
        code.addStatement("int q0 = task % $L * $L", chunks, chunk);
        code.addStatement("int count = Math.min($L, $L - q0)", chunk, plane);
        String xImage = local(Arith.sum(k.first().offset(), Arith.times("i0", (long) g.c() * g.h() * g.w())));
        gatherPatches(xImage, chunk);
        String wFirst = k.second().offset() == 0 ? "0" : String.valueOf(k.second().offset());
        productBlocks(MatmulVectors.AXPY_ROWS, g.o(), depth, "count", "patch", d -> Arith.times(d, chunk),
                (row, d) -> el.load(k.second(), Arith.sum(wFirst, Arith.times(row, depth), d)), "tile", row -> Arith.times(row, chunk));
        // The tile through the epilogue into the output planes: in vectors when the epilogue reads no
        // element by the position's row and column (i2, i3), which do not move by a constant stride.
        code.beginControlFlow("for (int i1 = 0; i1 < $L; i1++)", g.o());
        String at = Arith.sum(k.output().offset(), Arith.times(Arith.sum(Arith.times("i0", g.o()), "i1"), plane), "q0", "q");
        String tileAt = Arith.sum(Arith.times("i1", chunk), "q");
        LaneCode lanes = new LaneCode(el, helpers, -1, Set.of(2, 3));
        Expr epilogue = k.epilogue() == null ? new Expr.Accumulated(DType.F32) : k.epilogue();
        if (k.output().dtype() == DType.F32 && lanes.supports(epilogue)) {
            LaneCode.openVectorLoop(code, "q", "0", "count");
            String v = lanes.emit(code, epilogue, el.local("v"), lanes.load("tile", tileAt));
            code.addStatement("$L.intoArray($L, $L)", v, el.field(k.output()), at);
            code.endControlFlow();
            LaneCode.openScalarLoop(code, "q", "count");
        } else {
            code.beginControlFlow("for (int q = 0; q < count; q++)");
        }
        code.addStatement("int i2 = (q0 + q) / $L", g.wo());
        code.addStatement("int i3 = (q0 + q) % $L", g.wo());
        String t = "tile[" + tileAt + "]";
        el.store(code, k.output(), at, el.emit(code, epilogue, t));
        code.endControlFlow().endControlFlow();
        code.endControlFlow();
    }

    /**
     * Fills {@code patch[(ci * kh + ky) * kw + kx][q]} for the task's positions {@code q0 + q}: the
     * input element under that tap, 0 in the padding. Output positions run a row at a time; in each,
     * the columns whose input column is inside the image are copied, the others zeroed.
     */
    private void gatherPatches(String xImage, int chunk) {
        loop("ci", g.c());
        gatherChannel(xImage, current, Arith.times(current, taps()), chunk);
        code.endControlFlow();
    }

    /** The patch rows of input channel {@code ci}, one per tap, from row {@code firstRow} of the patch array. */
    private void gatherChannel(String xImage, String ci, String firstRow, int chunk) {
        walkPatchRows(firstRow, chunk, (kx, at) -> {
            String src = local(Arith.sum(xImage, Arith.times(ci, (long) g.h() * g.w()), Arith.times("iy", g.w()),
                    Arith.minus(Arith.times(kx, g.dilW()), g.padW())));
            code.addStatement("$T.fill(patch, at + ox, at + inLo, 0f)", java.util.Arrays.class);
            code.beginControlFlow("for (int col = inLo; col < inHi; col++)");
            code.addStatement("patch[at + col] = $L", el.load(k.first(), Arith.sum(src, Arith.times("col", g.strideW()))));
            code.endControlFlow();
            code.addStatement("$T.fill(patch, at + inHi, at + ox + run, 0f)", java.util.Arrays.class);
        }, true);
    }

    /** The reverse of {@link #gatherChannel}: adds each patch row into the local input plane {@code dx} under its tap. */
    private void scatterChannel(int chunk) {
        walkPatchRows("0", chunk, (kx, at) -> {
            String dst = local(Arith.sum(Arith.times("iy", g.w()), Arith.minus(Arith.times(kx, g.dilW()), g.padW())));
            code.beginControlFlow("for (int col = inLo; col < inHi; col++)");
            code.addStatement("dx[$L] += patch[at + col]", Arith.sum(dst, Arith.times("col", g.strideW())));
            code.endControlFlow();
        }, false);
    }

    @FunctionalInterface
    private interface PatchRun {
        /** Code for one run of positions {@code ox + [0, run)} of output row {@code oy}, input row {@code iy} inside the image; columns [inLo, inHi) inside. */
        void inside(String kx, String at);
    }

    /**
     * Walks patch rows {@code firstRow + ky * kw + kx}: for each tap, the task's positions
     * {@code q0 + [0, count)} a run along an output row at a time, with the run's input row and the
     * columns whose input column is inside the image; rows in the padding zero the patch when
     * {@code zeroPadding}.
     */
    private void walkPatchRows(String firstRow, int chunk, PatchRun run, boolean zeroPadding) {
        loop("ky", g.kh());
        String ky = current;
        loop("kx", g.kw());
        String kx = current;
        String row = local(Arith.times(Arith.sum(firstRow, Arith.times(ky, g.kw()), kx), chunk));
        String oxLo = local(firstInside(kx, g.dilW(), g.padW(), g.strideW()));
        String oxHi = local(pastInside(kx, g.dilW(), g.padW(), g.strideW(), g.w(), g.wo()));
        code.beginControlFlow("for (int q = 0; q < count; )");
        code.addStatement("int oy = (q0 + q) / $L", g.wo());
        code.addStatement("int ox = (q0 + q) - oy * $L", g.wo());
        code.addStatement("int run = Math.min($L - ox, count - q)", g.wo());
        code.addStatement("int iy = $L", Arith.sum(Arith.minus(Arith.times("oy", g.strideH()), g.padH()), Arith.times(ky, g.dilH())));
        code.addStatement("int at = $L + q - ox", row);
        code.beginControlFlow("if (iy >= 0 && iy < $L)", g.h());
        code.addStatement("int inLo = Math.min(Math.max(ox, $L), ox + run)", oxLo);
        code.addStatement("int inHi = Math.max(Math.min(ox + run, $L), inLo)", oxHi);
        run.inside(kx, "at");
        if (zeroPadding) {
            code.nextControlFlow("else");
            code.addStatement("$T.fill(patch, at + ox, at + ox + run, 0f)", java.util.Arrays.class);
        }
        code.endControlFlow();
        code.addStatement("q += run");
        code.endControlFlow();
        code.endControlFlow().endControlFlow();
    }

    /** Output columns [padW, interiorEnd()) read, through every tap, input columns inside the image (stride 1). */
    private int interiorEnd() {
        return Math.min(g.wo(), g.w() + g.padW() - (g.kw() - 1) * g.dilW());
    }

    private int interiorWidth() {
        return interiorEnd() - g.padW();
    }

    /**
     * The forward convolution at column stride 1, row by row: across the interior columns, {@code block}
     * planes by two vectors of columns sum in vector registers over every channel and tap (the JDK's
     * vector API, as {@link MatmulVectors}); the other columns, near the edges, in scalars over the taps
     * inside the image. Every element of the sum is written once.
     */
    private void forwardVectorRows(Sum sum, int block, int plane, String xImage, String wFirst) {
        String species = helpers.useVectors();
        String lanes = Helpers.LANES;
        long xPlane = (long) g.h() * g.w();
        long wPlane = (long) g.cg() * taps();
        loop("oy", g.ho());
        String oy = current;
        String[] ky = tapRange(oy, g.strideH(), g.padH(), g.dilH(), g.h(), g.kh());
        String iy0 = local(Arith.minus(Arith.times(oy, g.strideH()), g.padH()));
        String outRow = local(Arith.times(oy, g.wo()));
        String ox = el.local("t");
        code.addStatement("int $L = $L", ox, g.padW());
        for (int vectors = 2; vectors >= 1; vectors--) {
            String step = vectors == 1 ? lanes : vectors + " * " + lanes;
            code.beginControlFlow("for (; $L + $L <= $L; $L += $L)", ox, step, interiorEnd(), ox, step);
            String[][] acc = new String[block][vectors];
            for (int j = 0; j < block; j++) {
                for (int v = 0; v < vectors; v++) {
                    acc[j][v] = el.local("v");
                    code.addStatement("$T $L = $T.zero($L)", MatmulVectors.FLOAT_VECTOR, acc[j][v], MatmulVectors.FLOAT_VECTOR, species);
                }
            }
            loop("ci", g.cg());
            String ci = current;
            String y = openRange(ky);
            String xRow = local(Arith.sum(xImage, Arith.times(ci, xPlane), Arith.times(Arith.sum(iy0, Arith.times(y, g.dilH())), g.w()),
                    Arith.minus(ox, g.padW())));
            String wRow = local(Arith.sum(wFirst, Arith.times(ci, taps()), Arith.times(y, g.kw())));
            loop("kx", g.kw());
            String kx = current;
            String[] xs = new String[vectors];
            for (int v = 0; v < vectors; v++) {
                xs[v] = el.local("v");
                code.addStatement("$T $L = $T.fromArray($L, $L, $L)", MatmulVectors.FLOAT_VECTOR, xs[v], MatmulVectors.FLOAT_VECTOR, species,
                        el.field(k.first()), Arith.sum(xRow, Arith.times(kx, g.dilW()), MatmulVectors.vectorOffset(v)));
            }
            for (int j = 0; j < block; j++) {
                String wv = el.local("v");
                code.addStatement("$T $L = $T.broadcast($L, $L)", MatmulVectors.FLOAT_VECTOR, wv, MatmulVectors.FLOAT_VECTOR, species,
                        el.load(k.second(), Arith.sum(wRow, (long) j * wPlane, kx)));
                for (int v = 0; v < vectors; v++) code.addStatement("$L = $L.fma($L, $L)", acc[j][v], xs[v], wv, acc[j][v]);
            }
            code.endControlFlow().endControlFlow().endControlFlow();
            for (int j = 0; j < block; j++) {
                for (int v = 0; v < vectors; v++) {
                    code.addStatement("$L.intoArray($L, $L)", acc[j][v], sum.array(), Arith.sum(sum.base(), (long) j * plane, outRow, ox, MatmulVectors.vectorOffset(v)));
                }
            }
            code.endControlFlow();
        }
        // The columns the vectors left: the edges, and a rest narrower than a vector.
        loop("ox", g.wo());
        String c = current;
        code.addStatement("if ($L >= $L && $L < $L) continue", c, g.padW(), c, ox);
        String[] kx = tapRange(c, 1, g.padW(), g.dilW(), g.w(), g.kw());
        String[] acc = zeros(block);
        loop("ci", g.cg());
        String ci = current;
        String y = openRange(ky);
        String x = openRange(kx);
        String v = el.local("v");
        code.addStatement("float $L = $L", v, el.load(k.first(), Arith.sum(xImage, Arith.times(ci, xPlane),
                Arith.times(Arith.sum(iy0, Arith.times(y, g.dilH())), g.w()), Arith.minus(c, g.padW()), Arith.times(x, g.dilW()))));
        for (int j = 0; j < block; j++) {
            String weight = el.load(k.second(), Arith.sum(wFirst, (long) j * wPlane, Arith.times(ci, taps()), Arith.times(y, g.kw()), x));
            code.addStatement("$L = Math.fma($L, $L, $L)", acc[j], weight, v, acc[j]);
        }
        code.endControlFlow().endControlFlow().endControlFlow();
        for (int j = 0; j < block; j++) code.addStatement("$L = $L", sum.at(Arith.sum((long) j * plane, outRow, c)), acc[j]);
        code.endControlFlow();
        code.endControlFlow();
    }

    /** Each output element of the task's planes sums in locals over the taps inside the image, channels innermost. */
    private void forwardPositions(int block, String out, String xImage, String wFirst) {
        code.beginControlFlow("for (int i2 = 0; i2 < $L; i2++)", g.ho());
        String[] ky = tapRange("i2", g.strideH(), g.padH(), g.dilH(), g.h(), g.kh());
        code.beginControlFlow("for (int i3 = 0; i3 < $L; i3++)", g.wo());
        String[] kx = tapRange("i3", g.strideW(), g.padW(), g.dilW(), g.w(), g.kw());
        String[] acc = zeros(block);
        String y = openRange(ky);
        String x = openRange(kx);
        String xAt = local(Arith.sum(xImage, Arith.times(Arith.sum(Arith.minus(Arith.times("i2", g.strideH()), g.padH()), Arith.times(y, g.dilH())), g.w()),
                Arith.minus(Arith.times("i3", g.strideW()), g.padW()), Arith.times(x, g.dilW())));
        String wAt = local(Arith.sum(wFirst, Arith.times(y, g.kw()), x));
        loop("ci", g.cg());
        String v = el.local("v");
        code.addStatement("float $L = $L", v, el.load(k.first(), Arith.sum(xAt, Arith.times(current, (long) g.h() * g.w()))));
        for (int j = 0; j < block; j++) {
            String weight = el.load(k.second(), Arith.sum(wAt, (long) j * g.cg() * taps(), Arith.times(current, taps())));
            code.addStatement("$L += $L * $L", acc[j], weight, v);
        }
        code.endControlFlow().endControlFlow().endControlFlow();
        storeEach(acc, out, "oc", g.ho() * g.wo(), "i2 * " + g.wo() + " + i3");
        code.endControlFlow().endControlFlow();
    }

    // ----- the input gradient: dx[n, c, h, w] from dy and w -----

    private void gradInput() {
        if (inputPatches()) {
            gradInputPatches();
            return;
        }
        if (channelProduct()) {
            gradInputChannels();
            return;
        }
        int block = block(g.cg());
        int plane = g.h() * g.w();
        boolean rows = g.strideH() == 1 && g.strideW() == 1 && (pointwise() ? plane : g.w()) >= MIN_ROW;
        boolean local = rows && !k.accumulateInOutput();
        if (local) code.addStatement("float[] sum = $L", helpers.scratch("TILE", (long) block * plane));
        openTasks(block);
        code.addStatement("int i0 = first / $L", g.c());
        code.addStatement("int cin = first % $L", g.c());
        String group = local("cin / " + g.cg());
        String dyImage = local(Arith.sum(k.first().offset(), Arith.times(Arith.sum(Arith.times("i0", g.o()), Arith.times(group, g.og())), (long) g.ho() * g.wo())));
        String out = local(Arith.sum(k.output().offset(), Arith.times("first", plane)));
        // w[group * og + oc][cin % cg + j][ky][kx] is at wFirst + oc * cg * taps + j * taps + ky * kw + kx.
        String wFirst = local(Arith.sum(k.second().offset(), Arith.times(Arith.sum(Arith.times(group, (long) g.og() * g.cg()), "cin % " + g.cg()), taps())));
        if (rows) {
            Sum sum = local ? new Sum("sum", "0") : new Sum(el.field(k.output()), out);
            if (pointwise()) {
                pointwise(sum, block, plane, g.og(), wFirst, 1, g.cg(), dyImage);
            } else {
                zero(sum, block * plane);
                loop("oc", g.og());
                String oc = current;
                String dyPlane = local(Arith.sum(dyImage, Arith.times(oc, (long) g.ho() * g.wo())));
                String w = local(Arith.sum(wFirst, Arith.times(oc, (long) g.cg() * taps())));
                sweep(sum, block, plane, taps(), w, dyPlane, true);
                code.endControlFlow();
            }
            finish(sum, out, "cin", block, g.h(), g.w());
        } else {
            gradInputPositions(block, out, dyImage, wFirst);
        }
        code.endControlFlow();
    }

    /** Whether the input gradient goes through patches: one group, not 1x1, planes wide enough for vectors, an input plane that fits a local array. */
    private boolean inputPatches() {
        return g.groups() == 1 && !pointwise() && g.ho() * g.wo() >= 2 * MatmulVectors.MIN_VECTOR_COLUMNS
                && (long) taps() * MatmulVectors.MIN_VECTOR_COLUMNS <= PATCH_FLOATS && (long) g.h() * g.w() <= 4L * PATCH_FLOATS;
    }

    /**
     * The input gradient through patches (col2im): a task is one input plane (image, channel). For
     * each chunk of output positions, the channel's patch gradient {@code dpatch[tap][q] = sum over o
     * of w[o, ci, tap] * dy[o, q]} sums six taps by two vectors of positions in vector registers over
     * the output channels (the rest in scalars); each patch row is then added into a local copy of the
     * plane under its tap, which is stored through the epilogue at the end.
     */
    private void gradInputPatches() {
        int plane = g.ho() * g.wo();
        int chunk = Math.min(plane, Math.max(MatmulVectors.MIN_VECTOR_COLUMNS, PATCH_FLOATS / taps() / 16 * 16));
        code.addStatement("float[] patch = $L", helpers.scratch("PATCH", (long) taps() * chunk));
        code.addStatement("float[] dx = $L", helpers.scratch("TILE", (long) g.h() * g.w()));
        KernelMethod.openUnits(code, k.parallel(), "task", (long) g.n() * g.c());
        code.addStatement("int i0 = task / $L", g.c());
        code.addStatement("int i1 = task % $L", g.c());
        code.addStatement("$T.fill(dx, 0, $L, 0f)", java.util.Arrays.class, (long) g.h() * g.w());
        code.beginControlFlow("for (int q0 = 0; q0 < $L; q0 += $L)", plane, chunk);
        code.addStatement("int count = Math.min($L, $L - q0)", chunk, plane);
        String dyImage = local(Arith.sum(k.first().offset(), Arith.times("i0", (long) g.o() * plane), "q0"));
        String wFirst = local(Arith.sum(k.second().offset(), Arith.times("i1", taps())));
        productBlocks(MatmulVectors.AXPY_ROWS, taps(), g.o(), "count", el.field(k.first()), d -> Arith.sum(dyImage, Arith.times(d, plane)),
                (row, d) -> el.load(k.second(), Arith.sum(wFirst, Arith.times(d, (long) g.c() * taps()), row)), "patch", row -> Arith.times(row, chunk));
        scatterChannel(chunk);
        code.endControlFlow();
        // The plane through the epilogue into dx[i0, i1].
        code.beginControlFlow("for (int i2 = 0; i2 < $L; i2++)", g.h());
        code.beginControlFlow("for (int i3 = 0; i3 < $L; i3++)", g.w());
        String v = "dx[" + Arith.sum(Arith.times("i2", g.w()), "i3") + "]";
        el.store(code, k.output(), Arith.sum(k.output().offset(), Arith.times("task", (long) g.h() * g.w()), Arith.times("i2", g.w()), "i3"),
                k.epilogue() == null ? v : el.emit(code, k.epilogue(), v));
        code.endControlFlow().endControlFlow();
        code.endControlFlow();
    }

    /**
     * Whether the input gradient is a product with input channels in vectors: a 1x1 convolution with
     * one group, stride 1 and no padding (dx[n, :, p] = w^T dy[n, :, p]) on planes too small for
     * vectors of positions, with enough input channels for vectors.
     */
    private boolean channelProduct() {
        return g.groups() == 1 && pointwise() && g.strideH() == 1 && g.strideW() == 1 && g.padH() == 0 && g.padW() == 0
                && g.h() * g.w() < MIN_ROW && g.c() >= MatmulVectors.MIN_VECTOR_COLUMNS;
    }

    /**
     * The small planes' 1x1 input gradient: a task is a run of {@link #CHANNEL_RUN} input channels of one
     * image. Positions by vectors of channels sum dy[n, o, p] times row o of the weights (its channels
     * adjacent) over o into a working array, position-major, which then goes through the epilogue into
     * the channels' planes.
     */
    private void gradInputChannels() {
        int plane = g.h() * g.w();
        int run = CHANNEL_RUN;
        while (g.c() % run != 0) run--;
        int channels = run;
        code.addStatement("float[] sum = $L", helpers.scratch("TILE", (long) plane * channels));
        openTasks(channels);
        code.addStatement("int i0 = first / $L", g.c());
        code.addStatement("int cin = first % $L", g.c());
        String dyImage = local(Arith.sum(k.first().offset(), Arith.times("i0", (long) g.o() * plane)));
        String wFirst = local(Arith.sum(k.second().offset(), "cin"));
        int[] rows = plane > 6 ? new int[] {6, 1} : new int[] {plane};
        productBlocks(rows, plane, g.o(), String.valueOf(channels), el.field(k.second()), o -> Arith.sum(wFirst, Arith.times(o, g.c())),
                (p, o) -> el.load(k.first(), Arith.sum(dyImage, Arith.times(o, plane), p)), "sum", p -> Arith.times(p, channels));
        String out = local(Arith.sum(k.output().offset(), Arith.times("first", plane)));
        code.beginControlFlow("for (int j = 0; j < $L; j++)", channels);
        if (k.epilogue() != null) code.addStatement("int i1 = cin + j");
        code.beginControlFlow("for (int i2 = 0; i2 < $L; i2++)", g.h());
        code.beginControlFlow("for (int i3 = 0; i3 < $L; i3++)", g.w());
        String v = "sum[" + Arith.sum(Arith.times(Arith.sum(Arith.times("i2", g.w()), "i3"), channels), "j") + "]";
        el.store(code, k.output(), Arith.sum(out, Arith.times("j", plane), Arith.times("i2", g.w()), "i3"), k.epilogue() == null ? v : el.emit(code, k.epilogue(), v));
        code.endControlFlow().endControlFlow().endControlFlow();
        code.endControlFlow();
    }

    /** Each input-gradient element sums in locals over the taps that reach an output, output channels innermost. */
    private void gradInputPositions(int block, String out, String dyImage, String wFirst) {
        code.beginControlFlow("for (int i2 = 0; i2 < $L; i2++)", g.h());
        code.beginControlFlow("for (int i3 = 0; i3 < $L; i3++)", g.w());
        String[] acc = zeros(block);
        loop("ky", g.kh());
        String ky = current;
        String oy = reached("i2", ky, g.strideH(), g.padH(), g.dilH(), g.ho());
        loop("kx", g.kw());
        String kx = current;
        String ox = reached("i3", kx, g.strideW(), g.padW(), g.dilW(), g.wo());
        String dyAt = local(Arith.sum(dyImage, Arith.times(oy, g.wo()), ox));
        String wAt = local(Arith.sum(wFirst, Arith.times(ky, g.kw()), kx));
        loop("oc", g.og());
        String v = el.local("v");
        code.addStatement("float $L = $L", v, el.load(k.first(), Arith.sum(dyAt, Arith.times(current, (long) g.ho() * g.wo()))));
        for (int j = 0; j < block; j++) {
            String weight = el.load(k.second(), Arith.sum(wAt, (long) j * taps(), Arith.times(current, (long) g.cg() * taps())));
            code.addStatement("$L += $L * $L", acc[j], weight, v);
        }
        code.endControlFlow().endControlFlow().endControlFlow();
        storeEach(acc, out, "cin", g.h() * g.w(), "i2 * " + g.w() + " + i3");
        code.endControlFlow().endControlFlow();
    }

    /**
     * The output position that input position {@code in} reaches through tap {@code tap}; skips the tap
     * (continue) when it reaches none.
     */
    private String reached(String in, String tap, int stride, int pad, int dil, int outSize) {
        String t = local(Arith.sum(in, pad) + " - " + Arith.times(tap, dil));
        String miss = t + " < 0 || " + t + " >= " + (long) outSize * stride + (stride == 1 ? "" : " || " + t + " % " + stride + " != 0");
        code.addStatement("if ($L) continue", miss);
        return stride == 1 ? t : local(t + " / " + stride);
    }

    // ----- the weight gradient: dw[o, c/groups, kh, kw] from x and dy -----

    private void gradWeight() {
        if (pointwise() && g.ho() * g.wo() >= MIN_VECTOR_ROW) gradWeightPointwise();
        else if (weightPatches()) gradWeightPatches();
        else if (g.wo() >= MIN_GRAD_WEIGHT_ROW) gradWeightRows();
        else gradWeightPositions();
    }

    /** Whether the weight gradient takes dot products of dy with gathered patches: one group, planes wide enough for vectors. */
    private boolean weightPatches() {
        return g.groups() == 1 && g.ho() * g.wo() >= 2 * MatmulVectors.MIN_VECTOR_COLUMNS && (long) taps() * MatmulVectors.MIN_VECTOR_COLUMNS <= PATCH_FLOATS;
    }

    /**
     * The weight gradient as dot products of dy's planes with gathered patches: {@code dw[o, ci, ky, kx]}
     * sums, over the batch and the output positions, dy times the input under that tap. A task is one
     * input channel: for each image and chunk of positions it gathers that channel's patch rows (one
     * per tap, as {@link #forwardPatches}), then four output channels by three taps of dot products sum
     * in vector registers along the positions (the rest in scalars), their lanes added into a local
     * tile of every output channel's taps, which is stored at the end.
     */
    private void gradWeightPatches() {
        int plane = g.ho() * g.wo();
        int chunk = Math.min(plane, Math.max(MatmulVectors.MIN_VECTOR_COLUMNS, PATCH_FLOATS / taps() / 16 * 16));
        code.addStatement("float[] patch = $L", helpers.scratch("PATCH", (long) taps() * chunk));
        code.addStatement("float[] tile = $L", helpers.scratch("TILE", (long) g.o() * taps()));
        KernelMethod.openUnits(code, k.parallel(), "task", g.c());
        code.addStatement("$T.fill(tile, 0, $L, 0f)", java.util.Arrays.class, (long) g.o() * taps());
        loop("n", g.n());
        String n = current;
        String xImage = local(Arith.sum(k.first().offset(), Arith.times(n, (long) g.c() * g.h() * g.w())));
        code.beginControlFlow("for (int q0 = 0; q0 < $L; q0 += $L)", plane, chunk);
        code.addStatement("int count = Math.min($L, $L - q0)", chunk, plane);
        gatherChannel(xImage, "task", "0", chunk);
        String dyImage = local(Arith.sum(k.second().offset(), Arith.times(n, (long) g.o() * plane), "q0"));
        String o = el.local("t");
        code.addStatement("int $L = 0", o);
        for (int rows : MatmulVectors.DOT_ROWS) {
            code.beginControlFlow("for (; $L + $L <= $L; $L += $L)", o, rows, g.o(), o, rows);
            String t = el.local("t");
            code.addStatement("int $L = 0", t);
            for (int cols : MatmulVectors.DOT_COLS) {
                code.beginControlFlow("for (; $L + $L <= $L; $L += $L)", t, cols, taps(), t, cols);
                String oBlock = o;
                String tBlock = t;
                String[][] sums = MatmulVectors.dots(code, el, helpers.useVectors(), rows, cols, "0", "count", el.field(k.second()), j -> Arith.sum(dyImage, Arith.times(Arith.sum(oBlock, j), plane)),
                        "patch", c -> Arith.times(Arith.sum(tBlock, c), chunk));
                for (int j = 0; j < rows; j++) {
                    for (int c = 0; c < cols; c++) code.addStatement("tile[$L] += $L", Arith.sum(Arith.times(Arith.sum(o, j), taps()), t, c), sums[j][c]);
                }
                code.endControlFlow();
            }
            code.endControlFlow();
        }
        code.endControlFlow().endControlFlow();
        // The tile through the epilogue into dw[o, task, ky, kx].
        code.addStatement("int i1 = task");
        code.beginControlFlow("for (int i0 = 0; i0 < $L; i0++)", g.o());
        code.beginControlFlow("for (int tap = 0; tap < $L; tap++)", taps());
        code.addStatement("int i2 = tap / $L", g.kw());
        code.addStatement("int i3 = tap % $L", g.kw());
        String v = "tile[" + Arith.sum(Arith.times("i0", taps()), "tap") + "]";
        el.store(code, k.output(), Arith.sum(k.output().offset(), Arith.times(Arith.sum(Arith.times("i0", g.c()), "task"), taps()), "tap"),
                k.epilogue() == null ? v : el.emit(code, k.epilogue(), v));
        code.endControlFlow().endControlFlow();
        code.endControlFlow();
    }

    /**
     * The weight gradient of a 1x1 convolution: each weight is the dot product of an output channel's
     * dy planes and an input channel's x planes over the batch. A task takes {@code block} consecutive
     * input channels of one output channel, so each vector of dy feeds that many multiply-adds; the
     * sums stay in vector registers over the whole batch (the JDK's vector API, as {@link MatmulVectors}),
     * positions left over in scalars.
     */
    private void gradWeightPointwise() {
        String species = helpers.useVectors();
        int block = block(g.cg());
        int plane = g.ho() * g.wo();
        openTasks(block);
        code.addStatement("int i0 = first / $L", g.cg());
        String ci = local(Arith.sum(Arith.times("i0 / " + g.og(), g.cg()), "first % " + g.cg()));
        String[][] acc = new String[block][2];
        for (int j = 0; j < block; j++) {
            for (int v = 0; v < 2; v++) {
                acc[j][v] = el.local("v");
                code.addStatement("$T $L = $T.zero($L)", MatmulVectors.FLOAT_VECTOR, acc[j][v], MatmulVectors.FLOAT_VECTOR, species);
            }
        }
        String[] rest = zeros(block);
        loop("n", g.n());
        String n = current;
        String xPlane = local(Arith.sum(k.first().offset(), Arith.times(Arith.sum(Arith.times(n, g.c()), ci), plane)));
        String dyPlane = local(Arith.sum(k.second().offset(), Arith.times(Arith.sum(Arith.times(n, g.o()), "i0"), plane)));
        code.addStatement("int q = 0");
        for (int vectors = 2; vectors >= 1; vectors--) {
            String step = vectors == 1 ? Helpers.LANES : vectors + " * " + Helpers.LANES;
            code.beginControlFlow("for (; q + $L <= $L; q += $L)", step, plane, step);
            String[] dy = new String[vectors];
            for (int v = 0; v < vectors; v++) {
                dy[v] = el.local("v");
                code.addStatement("$T $L = $T.fromArray($L, $L, $L)", MatmulVectors.FLOAT_VECTOR, dy[v], MatmulVectors.FLOAT_VECTOR, species,
                        el.field(k.second()), Arith.sum(dyPlane, "q", MatmulVectors.vectorOffset(v)));
            }
            for (int j = 0; j < block; j++) {
                for (int v = 0; v < vectors; v++) {
                    String x = el.local("v");
                    code.addStatement("$T $L = $T.fromArray($L, $L, $L)", MatmulVectors.FLOAT_VECTOR, x, MatmulVectors.FLOAT_VECTOR, species,
                            el.field(k.first()), Arith.sum(xPlane, (long) j * plane, "q", MatmulVectors.vectorOffset(v)));
                    code.addStatement("$L = $L.fma($L, $L)", acc[j][v], dy[v], x, acc[j][v]);
                }
            }
            code.endControlFlow();
        }
        code.beginControlFlow("for (; q < $L; q++)", plane);
        String d = el.local("v");
        code.addStatement("float $L = $L", d, el.load(k.second(), Arith.sum(dyPlane, "q")));
        for (int j = 0; j < block; j++) {
            code.addStatement("$L = Math.fma($L, $L, $L)", rest[j], d, el.load(k.first(), Arith.sum(xPlane, (long) j * plane, "q")), rest[j]);
        }
        code.endControlFlow();
        code.endControlFlow();
        // A 1x1 weight has one tap: the epilogue's tap indices are 0.
        code.addStatement("int i2 = 0");
        code.addStatement("int i3 = 0");
        for (int j = 0; j < block; j++) {
            String sum = el.local("v");
            code.addStatement("float $L = $L.add($L).reduceLanes($T.ADD) + $L", sum, acc[j][0], acc[j][1], MatmulVectors.OPERATORS, rest[j]);
            if (k.epilogue() != null) code.addStatement(j == 0 ? "int i1 = $L" : "i1 = $L", "(first + " + j + ") % " + g.cg());
            String v = k.epilogue() == null ? sum : el.emit(code, k.epilogue(), sum);
            el.store(code, k.output(), Arith.sum(k.output().offset(), "first", j), v);
        }
        code.endControlFlow();
    }

    /**
     * One task per weight plane (output channel, input channel). For each tap, products of a row of dy
     * and a row of x go into a row of partial sums (no chain of dependent adds, and vectorized at stride
     * 1), which is then added up in double.
     */
    private void gradWeightRows() {
        code.addStatement("float[] part = $L", helpers.scratch("TILE", g.wo()));
        openTasks(1);
        code.addStatement("int i0 = first / $L", g.cg());
        String ci = local(Arith.sum(Arith.times("i0 / " + g.og(), g.cg()), "first % " + g.cg()));
        String out = local(Arith.sum(k.output().offset(), Arith.times("first", taps())));
        code.beginControlFlow("for (int i2 = 0; i2 < $L; i2++)", g.kh());
        code.beginControlFlow("for (int i3 = 0; i3 < $L; i3++)", g.kw());
        String[] b = bounds("i2", "i3");
        code.beginControlFlow("for (int q = $L; q < $L; q++)", b[0], b[1]);
        code.addStatement("part[q] = 0f");
        code.endControlFlow();
        loop("n", g.n());
        String n = current;
        String xPlane = local(Arith.sum(k.first().offset(), Arith.times(Arith.sum(Arith.times(n, g.c()), ci), (long) g.h() * g.w())));
        String dyPlane = local(Arith.sum(k.second().offset(), Arith.times(Arith.sum(Arith.times(n, g.o()), "i0"), (long) g.ho() * g.wo())));
        rows(b, "i2", (oy, iy) -> {
            String xRow = local(Arith.minus(Arith.sum(xPlane, Arith.times(iy, g.w()), Arith.times("i3", g.dilW())), g.padW()));
            String dyRow = local(Arith.sum(dyPlane, Arith.times(oy, g.wo())));
            code.beginControlFlow("for (int q = $L; q < $L; q++)", b[0], b[1]);
            code.addStatement("part[q] += $L * $L", el.load(k.second(), dyRow + " + q"), el.load(k.first(), xRow + " + " + Arith.times("q", g.strideW())));
            code.endControlFlow();
        });
        code.endControlFlow();
        String s = el.local("v");
        code.addStatement("double $L = 0", s);
        code.beginControlFlow("for (int q = $L; q < $L; q++)", b[0], b[1]);
        code.addStatement("$L += part[q]", s);
        code.endControlFlow();
        String acc = el.local("v");
        code.addStatement("float $L = (float) $L", acc, s);
        String i1 = "first % " + g.cg();
        if (k.epilogue() != null) code.addStatement("int i1 = $L", i1);
        String v = k.epilogue() == null ? acc : el.emit(code, k.epilogue(), acc);
        el.store(code, k.output(), Arith.sum(out, Arith.times("i2", g.kw()), "i3"), v);
        code.endControlFlow().endControlFlow().endControlFlow();
    }

    /**
     * One task per output channel, for small planes: every dy element adds its products with the x
     * elements under each tap into the weights of all input channels, the innermost loop.
     */
    private void gradWeightPositions() {
        int weights = g.cg() * taps();
        boolean local = !k.accumulateInOutput();
        if (local) code.addStatement("float[] sum = $L", helpers.scratch("TILE", weights));
        openTasks(g.cg());
        code.addStatement("int i0 = first / $L", g.cg());
        String out = local(Arith.sum(k.output().offset(), Arith.times("first", taps())));
        Sum sum = local ? new Sum("sum", "0") : new Sum(el.field(k.output()), out);
        zero(sum, weights);
        loop("n", g.n());
        String n = current;
        String xImage = local(Arith.sum(k.first().offset(), Arith.times(Arith.sum(Arith.times(n, g.c()), Arith.times("i0 / " + g.og(), g.cg())), (long) g.h() * g.w())));
        String dyPlane = local(Arith.sum(k.second().offset(), Arith.times(Arith.sum(Arith.times(n, g.o()), "i0"), (long) g.ho() * g.wo())));
        loop("oy", g.ho());
        String oy = current;
        String[] ky = tapRange(oy, g.strideH(), g.padH(), g.dilH(), g.h(), g.kh());
        loop("ox", g.wo());
        String ox = current;
        String[] kx = tapRange(ox, g.strideW(), g.padW(), g.dilW(), g.w(), g.kw());
        String dy = el.local("v");
        code.addStatement("float $L = $L", dy, el.load(k.second(), Arith.sum(dyPlane, Arith.times(oy, g.wo()), ox)));
        String y = openRange(ky);
        String x = openRange(kx);
        String xAt = local(Arith.sum(xImage, Arith.times(Arith.sum(Arith.minus(Arith.times(oy, g.strideH()), g.padH()), Arith.times(y, g.dilH())), g.w()),
                Arith.minus(Arith.times(ox, g.strideW()), g.padW()), Arith.times(x, g.dilW())));
        String wAt = local(Arith.sum(Arith.times(y, g.kw()), x));
        loop("ci", g.cg());
        code.addStatement("$L += $L * $L", sum.at(Arith.sum(wAt, Arith.times(current, taps()))), dy,
                el.load(k.first(), Arith.sum(xAt, Arith.times(current, (long) g.h() * g.w()))));
        code.endControlFlow().endControlFlow().endControlFlow().endControlFlow().endControlFlow().endControlFlow();
        finish(sum, out, "0", g.cg(), g.kh(), g.kw());
        code.endControlFlow();
    }

    // ----- building blocks -----

    /** Planes per task: the most, up to {@link #MAX_BLOCK}, that divides the planes of one group. */
    private static int block(int perGroup) {
        for (int b = MAX_BLOCK; b > 1; b--) {
            if (perGroup % b == 0) return b;
        }
        return 1;
    }

    /** Taps of one weight plane. */
    private int taps() {
        return g.kh() * g.kw();
    }

    /** Opens the loop over this block's tasks of {@code planes} consecutive result planes; {@code first} is the task's first. */
    private void openTasks(int planes) {
        KernelMethod.openUnits(code, k.parallel(), "task", k.parallel().units() / planes);
        code.addStatement("int first = $L", Arith.times("task", planes));
    }

    /**
     * The row loop: for each tap, {@code block} weights (planes {@code weightStride} apart from
     * {@code w}) times each row of the source plane at {@code src} into the sum's planes. Forward, the
     * source is the input and the sum is indexed by output position; scattering (the input gradient),
     * the source is dy and the sum is indexed by input position.
     */
    private void sweep(Sum sum, int block, int plane, long weightStride, String w, String src, boolean scatter) {
        loop("ky", g.kh());
        String ky = current;
        loop("kx", g.kw());
        String kx = current;
        String[] weights = new String[block];
        for (int j = 0; j < block; j++) {
            weights[j] = el.local("v");
            code.addStatement("float $L = $L", weights[j], el.load(k.second(), Arith.sum(w, j * weightStride, Arith.times(ky, g.kw()), kx)));
        }
        if (pointwise()) {
            axpy(sum, block, plane, weights, "0", src, "0", plane);
        } else {
            String[] b = bounds(ky, kx);
            rows(b, ky, (oy, iy) -> {
                String inRow = Arith.minus(Arith.sum(Arith.times(iy, g.w()), Arith.times(kx, g.dilW())), g.padW());
                String outRow = Arith.times(oy, g.wo());
                String sumRow = local(scatter ? inRow : outRow);
                String srcRow = local(Arith.sum(src, scatter ? outRow : inRow));
                axpy(sum, block, plane, weights, sumRow, srcRow, b[0], b[1]);
            });
        }
        code.endControlFlow().endControlFlow();
    }

    /** {@code sum[plane j][sumRow + q] += weight j * src[srcRow + q]} for q in [from, to): the vectorized loop. */
    private void axpy(Sum sum, int block, int plane, String[] weights, String sumRow, String srcRow, Object from, Object to) {
        code.beginControlFlow("for (int q = $L; q < $L; q++)", from, to);
        String v = el.local("v");
        code.addStatement("float $L = $L", v, el.load(k.first(), Arith.sum(srcRow, "q")));
        for (int j = 0; j < weights.length; j++) code.addStatement("$L += $L * $L", sum.at(Arith.sum(sumRow, (long) j * plane, "q")), weights[j], v);
        code.endControlFlow();
    }

    /**
     * A 1x1 convolution, a product of the weights and the source's planes: {@code sum[plane j][q] =
     * sum over channels ch of w[wFirst + j * wPlane + ch * wChannel] * src[srcFirst + ch * plane + q]},
     * {@code block} planes by two vectors of positions at a time, the sums in vector registers over all
     * channels (the JDK's vector API, as {@link MatmulVectors}); positions left over in scalars.
     */
    private void pointwise(Sum sum, int block, int plane, int channels, String wFirst, long wPlane, long wChannel, String srcFirst) {
        productBlocks(new int[] {block}, block, channels, String.valueOf(plane), el.field(k.first()), ch -> Arith.sum(srcFirst, Arith.times(ch, plane)),
                (row, ch) -> el.load(k.second(), Arith.sum(wFirst, Arith.times(row, wPlane), Arith.times(ch, wChannel))), sum.array(),
                row -> Arith.sum(sum.base(), Arith.times(row, plane)));
    }

    /** Zeroes {@code count} elements of the sum. */
    private void zero(Sum sum, int count) {
        code.beginControlFlow("for (int q = 0; q < $L; q++)", count);
        code.addStatement("$L = 0f", sum.at("q"));
        code.endControlFlow();
    }

    /**
     * Stores the task's finished planes ({@code planes} of {@code rows x cols}, the first of result
     * channel {@code firstChannel}) through the epilogue; nothing to do when the sum is the output and
     * there is no epilogue.
     */
    private void finish(Sum sum, String out, String firstChannel, int planes, int rows, int cols) {
        boolean inOutput = sum.array().equals(el.field(k.output()));
        if (inOutput && k.epilogue() == null) return;
        long plane = (long) rows * cols;
        code.beginControlFlow("for (int j = 0; j < $L; j++)", planes);
        if (k.epilogue() != null) code.addStatement("int i1 = $L", Arith.sum(firstChannel, "j"));
        code.beginControlFlow("for (int i2 = 0; i2 < $L; i2++)", rows);
        code.beginControlFlow("for (int i3 = 0; i3 < $L; i3++)", cols);
        String at = Arith.sum(Arith.times("j", plane), Arith.times("i2", cols), "i3");
        String v = k.epilogue() == null ? sum.at(at) : el.emit(code, k.epilogue(), sum.at(at));
        el.store(code, k.output(), Arith.sum(out, at), v);
        code.endControlFlow().endControlFlow().endControlFlow();
    }

    /** {@code count} float locals set to 0. */
    private String[] zeros(int count) {
        String[] acc = new String[count];
        for (int j = 0; j < count; j++) {
            acc[j] = el.local("v");
            code.addStatement("float $L = 0f", acc[j]);
        }
        return acc;
    }

    /** Stores local {@code acc[j]} through the epilogue at {@code at} of the task's plane j. */
    private void storeEach(String[] acc, String out, String firstChannel, int plane, String at) {
        for (int j = 0; j < acc.length; j++) {
            if (k.epilogue() != null) code.addStatement(j == 0 ? "int i1 = $L" : "i1 = $L", Arith.sum(firstChannel, j));
            String v = k.epilogue() == null ? acc[j] : el.emit(code, k.epilogue(), acc[j]);
            el.store(code, k.output(), Arith.sum(out, (long) j * plane, at), v);
        }
    }

    @FunctionalInterface
    private interface Row {
        void at(String oy, String iy);
    }

    /**
     * For tap (ky, kx): the range of output columns whose input column is inside the image, then of
     * output rows whose input row is: {oxLo, oxHi, oyLo, oyHi}.
     */
    private String[] bounds(String ky, String kx) {
        return new String[] {local(firstInside(kx, g.dilW(), g.padW(), g.strideW())),
                local(pastInside(kx, g.dilW(), g.padW(), g.strideW(), g.w(), g.wo())),
                local(firstInside(ky, g.dilH(), g.padH(), g.strideH())),
                local(pastInside(ky, g.dilH(), g.padH(), g.strideH(), g.h(), g.ho()))};
    }

    /** The output rows of {@code bounds}, each with its input row for tap row {@code ky}. */
    private void rows(String[] bounds, String ky, Row body) {
        String oy = el.local("t");
        code.beginControlFlow("for (int $L = $L; $L < $L; $L++)", oy, bounds[2], oy, bounds[3], oy);
        body.at(oy, local(Arith.minus(Arith.sum(Arith.times(oy, g.strideH()), Arith.times(ky, g.dilH())), g.padH())));
        code.endControlFlow();
    }

    /** The taps {lo, hi} of one axis whose input position, seen from output position {@code pos}, is inside the image. */
    private String[] tapRange(String pos, int stride, int pad, int dil, int size, int taps) {
        String start = Arith.times(pos, stride);
        if (dil == 1) {
            return new String[] {local("Math.max(0, " + pad + " - " + start + ")"), local("Math.min(" + taps + ", " + (size + pad) + " - " + start + ")")};
        }
        return new String[] {local("Math.max(0, -Math.floorDiv(" + start + " - " + pad + ", " + dil + "))"),
                local("Math.min(" + taps + ", Math.floorDiv(" + (size - 1 + pad) + " - " + start + ", " + dil + ") + 1)")};
    }

    /** A 1x1 kernel at stride 1 without padding: each input plane maps onto an output plane element for element. */
    private boolean pointwise() {
        return g.kh() == 1 && g.kw() == 1 && g.strideH() == 1 && g.strideW() == 1 && g.padH() == 0 && g.padW() == 0;
    }

    /** Opens {@code for (int tN = 0; tN < extent; tN++)}; its variable is then {@link #current}. */
    private void loop(String what, int extent) {
        current = el.local("t");
        code.add("// $L\n", what);
        code.beginControlFlow("for (int $L = 0; $L < $L; $L++)", current, current, extent, current);
    }

    /** Opens a loop over {range[0], range[1]}; returns its variable. */
    private String openRange(String[] range) {
        String v = el.local("t");
        code.beginControlFlow("for (int $L = $L; $L < $L; $L++)", v, range[0], v, range[1], v);
        return v;
    }

    private String local(String value) {
        String name = el.local("t");
        code.addStatement("int $L = $L", name, value);
        return name;
    }

    /** The first output position whose input position {@code o * stride - pad + tap * dil} is at least 0. */
    private static String firstInside(String tap, int dil, int pad, int stride) {
        String num = Arith.minus(Arith.times(tap, dil), pad);
        return stride == 1 ? "Math.max(0, " + (pad == 0 ? "-" + Arith.times(tap, dil) : pad + " - " + Arith.times(tap, dil)) + ")"
                : "Math.max(0, -Math.floorDiv(" + num + ", " + stride + "))";
    }

    /** One past the last output position whose input position is below {@code size}, at most {@code out}. */
    private static String pastInside(String tap, int dil, int pad, int stride, int size, int out) {
        String num = (size - 1 + pad) + " - " + Arith.times(tap, dil);
        return "Math.min(" + out + ", " + (stride == 1 ? num + " + 1" : "Math.floorDiv(" + num + ", " + stride + ") + 1") + ")";
    }
}
