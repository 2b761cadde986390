package nnc.backend.java;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import nnc.backend.kernel.Lines;
import nnc.backend.kernel.OpKernel;
import nnc.backend.kernel.TensorRef;
import nnc.ir.OpKind;
import nnc.ir.Shape;
import nnc.ir.ops.GatherOps;
import nnc.ir.ops.LossOps;
import nnc.ir.ops.NormOps;
import nnc.ir.ops.PoolOps;
import nnc.ir.ops.SoftmaxOps;

/**
 * The Java template of every opaque op ({@link nnc.backend.kernel.OpRole#OPAQUE}), keyed by op. Each
 * loops over the units {@link nnc.backend.kernel.OpUnits} defines (lines, rows, channels, planes).
 * Statistics and sums over adjacent elements (norms' means and variances, softmax's and
 * cross-entropy's max and sum of exponentials) run in float vectors, whose lanes are combined at the
 * end of each run; norms then join the runs' sums in double, as the interpreter sums. Results that are
 * sums over several units (layer norm's gamma gradient, scatter-adds) accumulate in the output itself,
 * so no template needs memory outside the arena.
 */
final class OpTemplates {
    @FunctionalInterface
    private interface Template {
        void emit(OpTemplates t);
    }

    private static final Map<OpKind, Template> TEMPLATES = new IdentityHashMap<>();

    static {
        TEMPLATES.put(SoftmaxOps.SOFTMAX, t -> t.softmax(false));
        TEMPLATES.put(SoftmaxOps.LOG_SOFTMAX, t -> t.softmax(true));
        TEMPLATES.put(SoftmaxOps.SOFTMAX_GRAD, t -> t.softmaxGrad(false));
        TEMPLATES.put(SoftmaxOps.LOG_SOFTMAX_GRAD, t -> t.softmaxGrad(true));
        TEMPLATES.put(NormOps.LAYER_NORM, OpTemplates::layerNorm);
        TEMPLATES.put(NormOps.LAYER_NORM_GRAD_INPUT, OpTemplates::layerNormGradInput);
        TEMPLATES.put(NormOps.LAYER_NORM_GRAD_GAMMA, OpTemplates::layerNormGradGamma);
        TEMPLATES.put(NormOps.BATCH_NORM, OpTemplates::batchNorm);
        TEMPLATES.put(NormOps.BATCH_NORM_GRAD_INPUT, OpTemplates::batchNormGradInput);
        TEMPLATES.put(NormOps.BATCH_NORM_GRAD_GAMMA, OpTemplates::batchNormGradGamma);
        TEMPLATES.put(LossOps.CROSS_ENTROPY, OpTemplates::crossEntropy);
        TEMPLATES.put(LossOps.CROSS_ENTROPY_GRAD, OpTemplates::crossEntropyGrad);
        TEMPLATES.put(PoolOps.MAX_POOL2D_GRAD, OpTemplates::maxPoolGrad);
        TEMPLATES.put(PoolOps.MAX_POOL2D_INDICES, OpTemplates::maxPoolIndices);
        TEMPLATES.put(PoolOps.MAX_POOL2D_GRAD_INDICES, OpTemplates::maxPoolGradIndices);
        TEMPLATES.put(GatherOps.EMBEDDING_GRAD, OpTemplates::embeddingGrad);
        TEMPLATES.put(GatherOps.EMBEDDING_GRAD_ADD, OpTemplates::embeddingGradAdd);
    }

    private final OpKernel k;
    private final ElementCode el;
    private final Helpers helpers;
    private final CodeBlock.Builder code = CodeBlock.builder();

    private OpTemplates(OpKernel k, ElementCode el, Helpers helpers) {
        this.k = k;
        this.el = el;
        this.helpers = helpers;
    }

    static boolean supports(OpKind op) {
        return TEMPLATES.containsKey(op);
    }

    static MethodSpec of(OpKernel k, ElementCode el, Helpers helpers) {
        OpTemplates t = new OpTemplates(k, el, helpers);
        KernelMethod.openUnits(t.code, k.parallel(), "unit");
        TEMPLATES.get(k.op()).emit(t);
        t.code.endControlFlow();
        return KernelMethod.builder(k).addCode(t.code.build()).build();
    }

    // ----- softmax and log_softmax along an axis: unit = one line -----

    private void softmax(boolean log) {
        Lines l = Lines.of(shape(0), k.attrs().getInt("axis"));
        if (l.inner() == 1) {
            adjacentSoftmax(log, l.len());
            return;
        }
        String base = local("unit / " + l.inner() + " * " + (long) l.len() * l.inner() + " + unit % " + l.inner());
        String max = dbl("Double.NEGATIVE_INFINITY");
        String j = open(l.len());
        code.addStatement("$L = Math.max($L, $L)", max, max, in(0, base, j, l));
        close();
        String sum = dbl("0");
        j = open(l.len());
        code.addStatement("$L += Math.exp($L - $L)", sum, in(0, base, j, l), max);
        close();
        String logSum = log ? dbl("Math.log(" + sum + ")") : null;
        j = open(l.len());
        String shifted = dbl(in(0, base, j, l) + " - " + max);
        store(base + " + " + j + " * " + l.inner(), log ? shifted + " - " + logSum : "Math.exp(" + shifted + ") / " + sum);
        close();
    }

    /** Softmax along adjacent elements, a line of {@code len} per unit, in float vectors. */
    private void adjacentSoftmax(boolean log, int len) {
        String base = local("unit * " + len);
        String[] ms = rowMaxAndSum(0, base, len);
        if (log) {
            String shift = flt(ms[0] + " + (float) Math.log(" + ms[1] + ")");
            mapRow(0, base, len, x -> CodeBlock.of("$L.sub($L)", x, shift), x -> x + " - " + shift);
        } else {
            mapRow(0, base, len, x -> CodeBlock.of("$L.sub($L).lanewise($T.EXP).div($L)", x, ms[0], MatmulVectors.OPERATORS, ms[1]),
                    x -> "(float) Math.exp(" + x + " - " + ms[0] + ") / " + ms[1]);
        }
    }

    private void softmaxGrad(boolean log) {
        Lines l = Lines.of(shape(0), k.attrs().getInt("axis"));
        String base = local("unit / " + l.inner() + " * " + (long) l.len() * l.inner() + " + unit % " + l.inner());
        String sum = dbl("0");
        String j = open(l.len());
        code.addStatement("$L += $L", sum, log ? in(0, base, j, l) : in(0, base, j, l) + " * " + in(1, base, j, l));
        close();
        j = open(l.len());
        String dy = in(0, base, j, l);
        String y = in(1, base, j, l);
        store(base + " + " + j + " * " + l.inner(), log ? dy + " - Math.exp(" + y + ") * " + sum : y + " * (" + dy + " - " + sum + ")");
        close();
    }

    // ----- layer norm: unit = one row of the last axis -----

    /** Mean and 1/sqrt(var + eps) of the row of operand {@code x} starting at {@code base}, biased variance. */
    private String[] rowStats(int x, String base, int d) {
        String mean = dbl("0");
        sumRun(new int[] {x}, base, d, mean, v -> CodeBlock.of("$L", v[0]), v -> v[0]);
        code.addStatement("$L /= $L", mean, d);
        String var = dbl("0");
        String m = flt(mean);
        sumRun(new int[] {x}, base, d, var, v -> CodeBlock.of("$L.sub($L).mul($L.sub($L))", v[0], m, v[0], m),
                v -> "(" + v[0] + " - " + m + ") * (" + v[0] + " - " + m + ")");
        String rstd = dbl("1 / Math.sqrt(" + var + " / " + d + " + " + k.attrs().getFloat("eps") + ")");
        return new String[] {mean, rstd};
    }

    private void layerNorm() {
        int d = shape(0).dim(-1);
        String base = local("unit * " + d);
        String[] st = rowStats(0, base, d);
        // In float, as batchNorm's, so the loop vectorizes.
        String mean = flt(st[0]);
        String rstd = flt(st[1]);
        String j = open(d);
        storeFloat(base + " + " + j,
                at(1, j) + " * (" + at(0, base + " + " + j) + " - " + mean + ") * " + rstd + " + " + at(2, j));
        close();
    }

    private void layerNormGradInput() {
        int d = shape(1).dim(-1);
        String base = local("unit * " + d);
        String[] st = rowStats(1, base, d);
        String mean = flt(st[0]);
        String rstd = flt(st[1]);
        String meanG = dbl("0");
        String meanGx = dbl("0");
        int[] dyXGamma = {0, 1, 2};
        String[] starts = {base, base, "0"};
        sumRun(dyXGamma, starts, d, meanG, v -> CodeBlock.of("$L.mul($L)", v[0], v[2]), v -> v[0] + " * " + v[2]);
        sumRun(dyXGamma, starts, d, meanGx, v -> CodeBlock.of("$L.mul($L).mul($L.sub($L)).mul($L)", v[0], v[2], v[1], mean, rstd),
                v -> v[0] + " * " + v[2] + " * (" + v[1] + " - " + mean + ") * " + rstd);
        code.addStatement("$L /= $L", meanG, d);
        code.addStatement("$L /= $L", meanGx, d);
        String meanGF = flt(meanG);
        String meanGxF = flt(meanGx);
        String j = open(d);
        storeFloat(base + " + " + j, rstd + " * (" + at(0, base + " + " + j) + " * " + at(2, j) + " - " + meanGF
                + " - (" + at(1, base + " + " + j) + " - " + mean + ") * " + rstd + " * " + meanGxF + ")");
        close();
    }

    /** One unit: zero the result, then add every row's {@code dy * xhat} into it. */
    private void layerNormGradGamma() {
        Lines rows = Lines.rows(shape(1));
        int d = rows.len();
        String j = open(d);
        code.addStatement("$L = 0f", out(j));
        close();
        String row = open((int) rows.count());
        String base = local(row + " * " + d);
        String[] st = rowStats(1, base, d);
        String mean = flt(st[0]);
        String rstd = flt(st[1]);
        j = open(d);
        code.addStatement("$L += $L * ($L - $L) * $L", out(j), at(0, base + " + " + j), at(1, base + " + " + j), mean, rstd);
        close();
        close();
    }

    // ----- batch norm: unit = one channel, over [n, inner] -----

    /** Mean and 1/sqrt(var + eps) of channel {@code unit} of operand {@code x} viewed as [n, c, inner]. */
    private String[] channelStats(int x) {
        Shape s = shape(x);
        long count = s.numel() / s.dim(1);
        String mean = dbl("0");
        sumChannel(new int[] {x}, mean, v -> CodeBlock.of("$L", v[0]), v -> v[0]);
        code.addStatement("$L /= $L", mean, count);
        String var = dbl("0");
        String m = flt(mean);
        sumChannel(new int[] {x}, var, v -> CodeBlock.of("$L.sub($L).mul($L.sub($L))", v[0], m, v[0], m),
                v -> "(" + v[0] + " - " + m + ") * (" + v[0] + " - " + m + ")");
        String rstd = dbl("1 / Math.sqrt(" + var + " / " + count + " + " + k.attrs().getFloat("eps") + ")");
        return new String[] {mean, rstd};
    }

    /**
     * Adds to double {@code total} the sum of a term over channel {@code unit}'s elements of operands
     * {@code operands} (all of one shape [n, c, inner]), run by run of adjacent elements: see {@link #sumRun}.
     */
    private void sumChannel(int[] operands, String total, Function<String[], CodeBlock> vector, Function<String[], String> scalar) {
        Shape s = shape(operands[0]);
        int inner = (int) (s.numel() / ((long) s.dim(0) * s.dim(1)));
        String b = open(s.dim(0));
        sumRun(operands, local("(" + b + " * " + s.dim(1) + " + unit) * " + inner), inner, total, vector, scalar);
        close();
    }

    /**
     * Adds to double {@code total} the sum of a term over the {@code len} adjacent elements of
     * {@code operands} from {@code start}: {@code vector} of their vectors summed in float lanes, whose
     * sum joins the double, then {@code scalar} of the elements left over. A run is short enough (a
     * row, a plane) that float lanes lose nothing a test of the statistics could see.
     */
    private void sumRun(int[] operands, String start, int len, String total, Function<String[], CodeBlock> vector, Function<String[], String> scalar) {
        String[] starts = new String[operands.length];
        Arrays.fill(starts, start);
        sumRun(operands, starts, len, total, vector, scalar);
    }

    /** As above, operand i's run starting at {@code starts[i]}. */
    private void sumRun(int[] operands, String[] starts, int len, String total, Function<String[], CodeBlock> vector, Function<String[], String> scalar) {
        String lanes = vector(CodeBlock.of("$T.zero($L)", MatmulVectors.FLOAT_VECTOR, helpers.useVectors()));
        String j = openVectors(len);
        String[] v = new String[operands.length];
        for (int i = 0; i < operands.length; i++) {
            TensorRef r = k.operands().get(operands[i]);
            v[i] = vector(LaneCode.load(helpers, el.field(r), r.offset() + " + " + starts[i] + " + " + j));
        }
        code.addStatement("$L = $L.add($L)", lanes, lanes, vector.apply(v));
        close();
        code.addStatement("$L += $L.reduceLanes($T.ADD)", total, lanes, MatmulVectors.OPERATORS);
        LaneCode.openScalarLoop(code, j, String.valueOf(len));
        for (int i = 0; i < operands.length; i++) v[i] = at(operands[i], starts[i] + " + " + j);
        code.addStatement("$L += $L", total, scalar.apply(v));
        close();
    }

    /** Runs {@code body} with the flat index of every element of channel {@code unit}. */
    private void forChannel(int n, int c, int inner, Consumer<String> body) {
        String b = open(n);
        String i = open(inner);
        body.accept("(" + b + " * " + c + " + unit) * " + inner + " + " + i);
        close();
        close();
    }

    /**
     * Statistics in double; the normalization itself in float, so the JIT vectorizes its loop (with
     * a conversion to double in it, it stayed scalar: four times slower).
     */
    private void batchNorm() {
        Shape s = shape(0);
        int inner = (int) (s.numel() / ((long) s.dim(0) * s.dim(1)));
        String[] st = channelStats(0);
        String mean = flt(st[0]);
        String scale = flt(at(1, "unit") + " * " + st[1]);
        String shift = flt(at(2, "unit"));
        forChannel(s.dim(0), s.dim(1), inner, e -> storeFloat(e,
                "(" + at(0, e) + " - " + mean + ") * " + scale + " + " + shift));
    }

    private void batchNormGradInput() {
        Shape s = shape(1);
        int inner = (int) (s.numel() / ((long) s.dim(0) * s.dim(1)));
        long count = (long) s.dim(0) * inner;
        String[] st = channelStats(1);
        String mean = flt(st[0]);
        String rstd = flt(st[1]);
        String gammaF = flt(at(2, "unit"));
        String meanG = dbl("0");
        String meanGx = dbl("0");
        sumChannel(new int[] {0}, meanG, v -> CodeBlock.of("$L.mul($L)", v[0], gammaF), v -> v[0] + " * " + gammaF);
        sumChannel(new int[] {0, 1}, meanGx, v -> CodeBlock.of("$L.mul($L).mul($L.sub($L)).mul($L)", v[0], gammaF, v[1], mean, rstd),
                v -> v[0] + " * " + gammaF + " * (" + v[1] + " - " + mean + ") * " + rstd);
        code.addStatement("$L /= $L", meanG, count);
        code.addStatement("$L /= $L", meanGx, count);
        // The last pass in float, as batchNorm's, so it vectorizes.
        String meanGF = flt(meanG);
        String meanGxF = flt(meanGx);
        forChannel(s.dim(0), s.dim(1), inner, e -> storeFloat(e,
                rstd + " * (" + at(0, e) + " * " + gammaF + " - " + meanGF + " - (" + at(1, e) + " - " + mean + ") * " + rstd + " * " + meanGxF + ")"));
    }

    private void batchNormGradGamma() {
        String[] st = channelStats(1);
        String mean = flt(st[0]);
        String rstd = flt(st[1]);
        String sum = dbl("0");
        sumChannel(new int[] {0, 1}, sum, v -> CodeBlock.of("$L.mul($L.sub($L)).mul($L)", v[0], v[1], mean, rstd),
                v -> v[0] + " * (" + v[1] + " - " + mean + ") * " + rstd);
        store("unit", sum);
    }

    // ----- losses -----

    /** One unit: the mean over rows of logsumexp(row) - row[label]. */
    private void crossEntropy() {
        int n = shape(0).dim(0);
        int c = shape(0).dim(1);
        String total = dbl("0");
        String i = open(n);
        String label = local(helpers.use(Helpers.LABEL) + "(\"cross_entropy\", " + raw(1, i) + ", " + c + ")");
        String[] ms = rowMaxAndSum(0, i + " * " + c, c);
        code.addStatement("$L += $L + Math.log($L) - $L", total, ms[0], ms[1], at(0, i + " * " + c + " + " + label));
        close();
        store("0", total + " / " + n);
    }

    /** Unit = one row: {@code dy * (softmax(row) - onehot(label)) / n}. */
    private void crossEntropyGrad() {
        int n = shape(1).dim(0);
        int c = shape(1).dim(1);
        String label = local(helpers.use(Helpers.LABEL) + "(\"cross_entropy_grad\", " + raw(2, "unit") + ", " + c + ")");
        String row = local("unit * " + c);
        String[] ms = rowMaxAndSum(1, row, c);
        String scale = flt(at(0, "0") + " / " + n);
        // Read before the row is written: the gradient may take the logits' place in the arena.
        String labelLogit = flt(at(1, row + " + " + label));
        mapRow(1, row, c, x -> CodeBlock.of("$L.sub($L).lanewise($T.EXP).div($L).mul($L)", x, ms[0], MatmulVectors.OPERATORS, ms[1], scale),
                x -> "(float) Math.exp(" + x + " - " + ms[0] + ") / " + ms[1] + " * " + scale);
        storeFloat(row + " + " + label, "((float) Math.exp(" + labelLogit + " - " + ms[0] + ") / " + ms[1] + " - 1) * " + scale);
    }

    /**
     * Max and sum of exp(x - max), float locals, over the {@code len} adjacent logits of operand
     * {@code logits} from {@code row}: in float vectors, their lanes combined, then the rest in scalars.
     */
    private String[] rowMaxAndSum(int logits, String row, int len) {
        TensorRef r = k.operands().get(logits);
        String first = local(r.offset() + " + " + row);
        String array = el.field(r);
        String maxes = vector(CodeBlock.of("$T.broadcast($L, Float.NEGATIVE_INFINITY)", MatmulVectors.FLOAT_VECTOR, helpers.useVectors()));
        String j = openVectors(len);
        code.addStatement("$L = $L.max($L)", maxes, maxes, LaneCode.load(helpers, array, first + " + " + j));
        close();
        String max = el.local("v");
        code.addStatement("float $L = $L.reduceLanes($T.MAX)", max, maxes, MatmulVectors.OPERATORS);
        LaneCode.openScalarLoop(code, j, String.valueOf(len));
        code.addStatement("$L = Math.max($L, $L[$L + $L])", max, max, array, first, j);
        close();
        String sums = vector(CodeBlock.of("$T.zero($L)", MatmulVectors.FLOAT_VECTOR, helpers.useVectors()));
        j = openVectors(len);
        code.addStatement("$L = $L.add($L.sub($L).lanewise($T.EXP))", sums, sums, LaneCode.load(helpers, array, first + " + " + j), max, MatmulVectors.OPERATORS);
        close();
        String sum = el.local("v");
        code.addStatement("float $L = $L.reduceLanes($T.ADD)", sum, sums, MatmulVectors.OPERATORS);
        LaneCode.openScalarLoop(code, j, String.valueOf(len));
        code.addStatement("$L += (float) Math.exp($L[$L + $L] - $L)", sum, array, first, j, max);
        close();
        return new String[] {max, sum};
    }

    /**
     * The result's {@code len} adjacent elements from {@code row}, each a function of the operand's
     * element there: in vectors by {@code vector}, the rest by {@code scalar}.
     */
    private void mapRow(int operand, String row, int len, Function<String, CodeBlock> vector, UnaryOperator<String> scalar) {
        TensorRef x = k.operands().get(operand);
        String j = openVectors(len);
        String in = vector(LaneCode.load(helpers, el.field(x), x.offset() + " + " + row + " + " + j));
        code.addStatement("$L.intoArray($L, $L)", vector.apply(in), el.field(k.output()), k.output().offset() + " + " + row + " + " + j);
        close();
        LaneCode.openScalarLoop(code, j, String.valueOf(len));
        storeFloat(row + " + " + j, scalar.apply(el.load(x, x.offset() + " + " + row + " + " + j)));
        close();
    }

    // ----- max pooling's indices and pooling gradients: unit = one plane -----

    /** Zeroes the unit's plane of dx, then hands each window of dy to {@code window} with its bounds. */
    private void pooledPlane(Shape x, Shape dy, WindowBody window) {
        String plane = local("unit * " + x.dim(2) * x.dim(3));
        String q = open(x.dim(2) * x.dim(3));
        code.addStatement("$L = 0f", out(plane + " + " + q));
        close();
        windows(plane, x, dy, window);
    }

    /** Hands each window of the unit's plane of x, whose pooled plane is dy's, to {@code window} with its bounds. */
    private void windows(String plane, Shape x, Shape dy, WindowBody window) {
        List<Integer> kernel = k.attrs().getInts("kernel");
        List<Integer> stride = k.attrs().getInts("stride");
        List<Integer> pad = k.attrs().getInts("padding");
        int h = x.dim(2);
        int w = x.dim(3);
        String oy = open(dy.dim(2));
        String ox = open(dy.dim(3));
        String y0 = local(oy + " * " + stride.get(0) + " - " + pad.get(0));
        String x0 = local(ox + " * " + stride.get(1) + " - " + pad.get(1));
        String y1 = local("Math.min(" + y0 + " + " + kernel.get(0) + ", " + h + ")");
        String x1 = local("Math.min(" + x0 + " + " + kernel.get(1) + ", " + w + ")");
        code.addStatement("$L = Math.max($L, 0)", y0, y0);
        code.addStatement("$L = Math.max($L, 0)", x0, x0);
        String o = "(unit * " + dy.dim(2) + " + " + oy + ") * " + dy.dim(3) + " + " + ox;
        window.at(plane, o, y0, y1, x0, x1, w);
        close();
        close();
    }

    @FunctionalInterface
    private interface WindowBody {
        void at(String plane, String o, String y0, String y1, String x0, String x1, int w);
    }

    /** The element of operand {@code x} (from its start) that is the window's first largest in row-major order. */
    private String firstMax(int x, String plane, String y0, String y1, String x0, String x1, int w) {
        String best = local(plane + " + " + y0 + " * " + w + " + " + x0);
        String r = open2(y0, y1);
        String c = open2(x0, x1);
        String e = local(plane + " + " + r + " * " + w + " + " + c);
        code.beginControlFlow("if ($L > $L)", at(x, e), at(x, best));
        code.addStatement("$L = $L", best, e);
        code.endControlFlow();
        close();
        close();
        return best;
    }

    /** Each window's gradient goes to its first largest input element in row-major order. */
    private void maxPoolGrad() {
        pooledPlane(shape(1), shape(0), (plane, o, y0, y1, x0, x1, w) ->
                code.addStatement("$L += $L", out(firstMax(1, plane, y0, y1, x0, x1, w)), at(0, o)));
    }

    /** Each window's first largest element, as its index within the plane. */
    private void maxPoolIndices() {
        Shape x = shape(0);
        String plane = local("unit * " + x.dim(2) * x.dim(3));
        windows(plane, x, k.output().type().shape(), (p, o, y0, y1, x0, x1, w) ->
                storeFloat(o, firstMax(0, p, y0, y1, x0, x1, w) + " - " + p));
    }

    /** Each window's gradient goes to the element its index names, when that lies in the window. */
    private void maxPoolGradIndices() {
        pooledPlane(k.output().type().shape(), shape(0), (plane, o, y0, y1, x0, x1, w) -> {
            String at = local(at(1, o));
            String r = local(at + " / " + w);
            String c = local(at + " % " + w);
            code.beginControlFlow("if ($L >= $L && $L < $L && $L >= $L && $L < $L)", r, y0, r, y1, c, x0, c, x1);
            code.addStatement("$L += $L", out(plane + " + " + at), at(0, o));
            code.endControlFlow();
        });
    }

    /** One unit: zero the table's gradient, then add row i of dy into row ids[i]. */
    private void embeddingGrad() {
        int rows = k.output().type().shape().dim(0);
        int d = k.output().type().shape().dim(1);
        String q = open(rows * d);
        code.addStatement("$L = 0f", out(q));
        close();
        String i = open((int) k.operands().get(1).numel());
        String id = local(helpers.use(Helpers.ROW) + "(" + raw(1, i) + ", " + rows + ")");
        String j = open(d);
        code.addStatement("$L += $L", out(id + " * " + d + " + " + j), at(0, i + " * " + d + " + " + j));
        close();
        close();
    }

    /** The sum copied into the result (unless the result overwrites it in place), then dy's rows scattered into it. */
    private void embeddingGradAdd() {
        int rows = k.output().type().shape().dim(0);
        int d = k.output().type().shape().dim(1);
        if (!k.output().equals(k.operands().get(0))) {
            String q = open(rows * d);
            code.addStatement("$L = $L", out(q), at(0, q));
            close();
        }
        String i = open((int) k.operands().get(2).numel());
        String id = local(helpers.use(Helpers.ROW) + "(" + raw(2, i) + ", " + rows + ")");
        String j = open(d);
        code.addStatement("$L += $L", out(id + " * " + d + " + " + j), at(1, i + " * " + d + " + " + j));
        close();
        close();
    }

    // ----- building blocks -----

    private Shape shape(int operand) {
        return k.operands().get(operand).type().shape();
    }

    /** Element {@code at} (relative to the tensor's start) of operand {@code operand}, as f32. */
    private String at(int operand, String at) {
        TensorRef r = k.operands().get(operand);
        return el.load(r, r.offset() + " + " + at);
    }

    /** The raw float holding i32 element {@code at} of operand {@code operand}. */
    private String raw(int operand, String at) {
        TensorRef r = k.operands().get(operand);
        return el.field(r) + "[" + r.offset() + " + " + at + "]";
    }

    /** Element {@code at} of line {@code base} of operand {@code operand}. */
    private String in(int operand, String base, String j, Lines l) {
        return at(operand, base + " + " + j + " * " + l.inner());
    }

    private String out(String at) {
        return el.load(k.output(), k.output().offset() + " + " + at);
    }

    /** Stores a double expression, rounded to f32, at element {@code at} of the result. */
    private void store(String at, String value) {
        storeFloat(at, "(float) (" + value + ")");
    }

    /** Stores a value already computed in float at element {@code at} of the result. */
    private void storeFloat(String at, String value) {
        el.store(code, k.output(), k.output().offset() + " + " + at, value);
    }

    private String flt(String value) {
        String name = el.local("v");
        code.addStatement("float $L = (float) ($L)", name, value);
        return name;
    }

    private String vector(CodeBlock value) {
        String name = el.local("v");
        code.addStatement("$T $L = $L", MatmulVectors.FLOAT_VECTOR, name, value);
        return name;
    }

    /** Declares a counter and opens the loop over the whole vectors of {@code [0, len)}; {@link LaneCode#openScalarLoop} does the rest. */
    private String openVectors(int len) {
        String v = el.local("t");
        LaneCode.openVectorLoop(code, v, "0", String.valueOf(len));
        return v;
    }

    private String dbl(String value) {
        String name = el.local("v");
        code.addStatement("double $L = $L", name, value);
        return name;
    }

    private String local(String value) {
        String name = el.local("t");
        code.addStatement("int $L = $L", name, value);
        return name;
    }

    private String open(int extent) {
        return open2("0", Integer.toString(extent));
    }

    private String open2(String from, String to) {
        String v = el.local("t");
        code.beginControlFlow("for (int $L = $L; $L < $L; $L++)", v, from, v, to, v);
        return v;
    }

    private void close() {
        code.endControlFlow();
    }
}
