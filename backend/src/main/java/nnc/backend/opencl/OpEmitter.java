package nnc.backend.opencl;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Function;
import nnc.backend.kernel.Arith;
import nnc.backend.kernel.Lines;
import nnc.backend.kernel.OpKernel;
import nnc.backend.kernel.TensorRef;
import nnc.ir.DType;
import nnc.ir.OpKind;
import nnc.ir.Shape;
import nnc.ir.ops.GatherOps;
import nnc.ir.ops.LossOps;
import nnc.ir.ops.NormOps;
import nnc.ir.ops.PoolOps;
import nnc.ir.ops.SoftmaxOps;

/**
 * The OpenCL template of every opaque op ({@link nnc.backend.kernel.OpRole#OPAQUE}), keyed by op.
 * Softmax-like ops, norms and losses are work-group reductions: a work-group per line, row or channel
 * ({@link nnc.backend.kernel.OpUnits}), whose work-items share its elements and combine statistics
 * with {@code wg_sum}/{@code wg_max}. Pooling gradients take a work-item per input element, which
 * gathers from the windows covering it; max pooling's indices a work-item per window; the embedding
 * gradient a work-item per column of the table.
 */
final class OpEmitter {
    @FunctionalInterface
    private interface Template {
        ClKernel emit(OpEmitter t);
    }

    private static final Map<OpKind, Template> TEMPLATES = new IdentityHashMap<>();

    static {
        TEMPLATES.put(SoftmaxOps.SOFTMAX, t -> t.softmax(false));
        TEMPLATES.put(SoftmaxOps.LOG_SOFTMAX, t -> t.softmax(true));
        TEMPLATES.put(SoftmaxOps.SOFTMAX_GRAD, t -> t.softmaxGrad(false));
        TEMPLATES.put(SoftmaxOps.LOG_SOFTMAX_GRAD, t -> t.softmaxGrad(true));
        TEMPLATES.put(NormOps.LAYER_NORM, OpEmitter::layerNorm);
        TEMPLATES.put(NormOps.LAYER_NORM_GRAD_INPUT, OpEmitter::layerNormGradInput);
        TEMPLATES.put(NormOps.LAYER_NORM_GRAD_GAMMA, OpEmitter::layerNormGradGamma);
        TEMPLATES.put(NormOps.BATCH_NORM, OpEmitter::batchNorm);
        TEMPLATES.put(NormOps.BATCH_NORM_GRAD_INPUT, OpEmitter::batchNormGradInput);
        TEMPLATES.put(NormOps.BATCH_NORM_GRAD_GAMMA, OpEmitter::batchNormGradGamma);
        TEMPLATES.put(LossOps.CROSS_ENTROPY, OpEmitter::crossEntropy);
        TEMPLATES.put(LossOps.CROSS_ENTROPY_GRAD, OpEmitter::crossEntropyGrad);
        TEMPLATES.put(PoolOps.MAX_POOL2D_GRAD, OpEmitter::maxPoolGrad);
        TEMPLATES.put(PoolOps.MAX_POOL2D_INDICES, OpEmitter::maxPoolIndices);
        TEMPLATES.put(PoolOps.MAX_POOL2D_GRAD_INDICES, OpEmitter::maxPoolGradIndices);
        TEMPLATES.put(GatherOps.EMBEDDING_GRAD, OpEmitter::embeddingGrad);
        TEMPLATES.put(GatherOps.EMBEDDING_GRAD_ADD, OpEmitter::embeddingGradAdd);
    }

    private final OpKernel k;
    private final ClElement el;
    private final ClWriter w;
    /** Work-items of the kernel's work-group, set by {@link #group}. */
    private int group;

    private OpEmitter(OpKernel k, ClElement el) {
        this.k = k;
        this.el = el;
        this.w = el.out;
    }

    static boolean supports(OpKind op) {
        return TEMPLATES.containsKey(op);
    }

    static ClKernel of(OpKernel k, ClElement el) {
        return TEMPLATES.get(k.op()).emit(new OpEmitter(k, el));
    }

    // ----- softmax and log_softmax along an axis: a work-group per line -----

    private ClKernel softmax(boolean log) {
        Lines l = Lines.of(shape(0), k.attrs().getInt("axis"));
        group(l.len());
        String base = lineBase(l);
        String max = reduce("max", l.len(), j -> in(0, base, j, l));
        String sum = reduce("sum", l.len(), j -> "exp(" + in(0, base, j, l) + " - " + max + ")");
        String logSum = log ? el.floatLocal("log(" + sum + ")") : null;
        strided("j", l.len());
        String shifted = el.floatLocal(in(0, base, "j", l) + " - " + max);
        store(base + " + j * " + l.inner(), log ? shifted + " - " + logSum : "exp(" + shifted + ") / " + sum);
        w.close();
        return launch(l.count());
    }

    private ClKernel softmaxGrad(boolean log) {
        Lines l = Lines.of(shape(0), k.attrs().getInt("axis"));
        group(l.len());
        String base = lineBase(l);
        String sum = reduce("sum", l.len(), j -> log ? in(0, base, j, l) : in(0, base, j, l) + " * " + in(1, base, j, l));
        strided("j", l.len());
        String dy = el.floatLocal(in(0, base, "j", l));
        String y = el.floatLocal(in(1, base, "j", l));
        store(base + " + j * " + l.inner(), log ? dy + " - exp(" + y + ") * " + sum : y + " * (" + dy + " - " + sum + ")");
        w.close();
        return launch(l.count());
    }

    private String lineBase(Lines l) {
        return el.intLocal("unit / " + l.inner() + " * " + (long) l.len() * l.inner() + " + unit % " + l.inner());
    }

    // ----- layer norm: a work-group per row of the last axis -----

    /** Mean and 1/sqrt(var + eps) (biased variance) of the row of operand {@code x} starting at {@code base}. */
    private String[] rowStats(int x, String base, int d) {
        String mean = el.floatLocal(reduce("sum", d, j -> at(x, base + " + " + j)) + " / " + d + ".0f");
        String var = reduce("sum", d, j -> "sq(" + at(x, base + " + " + j) + " - " + mean + ")");
        String rstd = el.floatLocal("1.0f / sqrt(" + var + " / " + d + ".0f + " + eps() + ")");
        return new String[] {mean, rstd};
    }

    private ClKernel layerNorm() {
        int d = shape(0).dim(-1);
        group(d);
        String base = el.intLocal("unit * " + d);
        String[] st = rowStats(0, base, d);
        strided("j", d);
        store(base + " + j", at(1, "j") + " * (" + at(0, base + " + j") + " - " + st[0] + ") * " + st[1] + " + " + at(2, "j"));
        w.close();
        return launch(Lines.rows(shape(0)).count());
    }

    private ClKernel layerNormGradInput() {
        int d = shape(1).dim(-1);
        group(d);
        String base = el.intLocal("unit * " + d);
        String[] st = rowStats(1, base, d);
        Function<String, String> g = j -> "(" + at(0, base + " + " + j) + " * " + at(2, j) + ")";
        String meanG = el.floatLocal(reduce("sum", d, g) + " / " + d + ".0f");
        String meanGx = el.floatLocal(reduce("sum", d, j -> g.apply(j) + " * (" + at(1, base + " + " + j) + " - " + st[0] + ") * " + st[1])
                + " / " + d + ".0f");
        strided("j", d);
        String xhat = el.floatLocal("(" + at(1, base + " + j") + " - " + st[0] + ") * " + st[1]);
        store(base + " + j", st[1] + " * (" + g.apply("j") + " - " + meanG + " - " + xhat + " * " + meanGx + ")");
        w.close();
        return launch(Lines.rows(shape(1)).count());
    }

    /** One work-group: row by row, statistics by reduction, then each work-item adds into the columns it owns. */
    private ClKernel layerNormGradGamma() {
        Lines rows = Lines.rows(shape(1));
        int d = rows.len();
        group(d);
        strided("j", d);
        w.line(out("j") + " = 0.0f;");
        w.close();
        w.loop("row", 0, rows.count());
        String base = el.intLocal("row * " + d);
        String[] st = rowStats(1, base, d);
        strided("j", d);
        w.line(out("j") + " += " + at(0, base + " + j") + " * (" + at(1, base + " + j") + " - " + st[0] + ") * " + st[1] + ";");
        w.close();
        w.close();
        return launch(1);
    }

    // ----- batch norm: a work-group per channel, over [n, inner] -----

    /** The flat index of element {@code q} of channel {@code unit}, q in [0, n * inner). */
    private static String channelElement(String q, int c, int inner) {
        return "(" + q + " / " + inner + " * " + c + " + unit) * " + inner + " + " + q + " % " + inner;
    }

    private String[] channelStats(int x) {
        Shape s = shape(x);
        int c = s.dim(1);
        int inner = inner(s);
        long count = (long) s.dim(0) * inner;
        String mean = el.floatLocal(reduce("sum", count, q -> at(x, channelElement(q, c, inner))) + " / " + count + ".0f");
        String var = reduce("sum", count, q -> "sq(" + at(x, channelElement(q, c, inner)) + " - " + mean + ")");
        String rstd = el.floatLocal("1.0f / sqrt(" + var + " / " + count + ".0f + " + eps() + ")");
        return new String[] {mean, rstd};
    }

    private ClKernel batchNorm() {
        Shape s = shape(0);
        int inner = inner(s);
        long count = (long) s.dim(0) * inner;
        group(count);
        String[] st = channelStats(0);
        String scale = el.floatLocal(at(1, "unit") + " * " + st[1]);
        String shift = el.floatLocal(at(2, "unit"));
        strided("q", count);
        String e = el.intLocal(channelElement("q", s.dim(1), inner));
        store(e, "(" + at(0, e) + " - " + st[0] + ") * " + scale + " + " + shift);
        w.close();
        return launch(s.dim(1));
    }

    private ClKernel batchNormGradInput() {
        Shape s = shape(1);
        int c = s.dim(1);
        int inner = inner(s);
        long count = (long) s.dim(0) * inner;
        group(count);
        String[] st = channelStats(1);
        String gamma = el.floatLocal(at(2, "unit"));
        String meanG = el.floatLocal(reduce("sum", count, q -> at(0, channelElement(q, c, inner)) + " * " + gamma) + " / " + count + ".0f");
        String meanGx = el.floatLocal(reduce("sum", count, q -> at(0, channelElement(q, c, inner)) + " * " + gamma + " * ("
                + at(1, channelElement(q, c, inner)) + " - " + st[0] + ") * " + st[1]) + " / " + count + ".0f");
        strided("q", count);
        String e = el.intLocal(channelElement("q", c, inner));
        String xhat = el.floatLocal("(" + at(1, e) + " - " + st[0] + ") * " + st[1]);
        store(e, st[1] + " * (" + at(0, e) + " * " + gamma + " - " + meanG + " - " + xhat + " * " + meanGx + ")");
        w.close();
        return launch(c);
    }

    private ClKernel batchNormGradGamma() {
        Shape s = shape(1);
        int c = s.dim(1);
        int inner = inner(s);
        long count = (long) s.dim(0) * inner;
        group(count);
        String[] st = channelStats(1);
        String sum = reduce("sum", count, q -> at(0, channelElement(q, c, inner)) + " * (" + at(1, channelElement(q, c, inner)) + " - "
                + st[0] + ") * " + st[1]);
        w.open("if (lid == 0)");
        store("unit", sum);
        w.close();
        return launch(c);
    }

    // ----- losses -----

    /** One work-group: row by row, logsumexp(row) - row[label] by reduction; the mean over rows. */
    private ClKernel crossEntropy() {
        int n = shape(0).dim(0);
        int c = shape(0).dim(1);
        group(c);
        w.line("float total = 0.0f;");
        w.loop("row", 0, n);
        String[] ms = rowMaxAndSum(0, "row", c);
        String label = el.intLocal(el.loadRel(k.operands().get(1), "row"));
        w.line("total += " + ms[0] + " + log(" + ms[1] + ") - " + at(0, "row * " + c + " + " + label) + ";");
        w.close();
        w.open("if (lid == 0)");
        store("0", "total / " + n + ".0f");
        w.close();
        return launch(1);
    }

    /** A work-group per row: {@code dy * (softmax(row) - onehot(label)) / n}. */
    private ClKernel crossEntropyGrad() {
        int n = shape(1).dim(0);
        int c = shape(1).dim(1);
        group(c);
        String label = el.intLocal(el.loadRel(k.operands().get(2), "unit"));
        String[] ms = rowMaxAndSum(1, "unit", c);
        String dy = el.floatLocal(at(0, "0"));
        strided("j", c);
        String p = el.floatLocal("exp(" + at(1, "unit * " + c + " + j") + " - " + ms[0] + ") / " + ms[1]);
        store("unit * " + c + " + j", dy + " * (" + p + " - (j == " + label + " ? 1.0f : 0.0f)) / " + n + ".0f");
        w.close();
        return launch(n);
    }

    private String[] rowMaxAndSum(int logits, String row, int c) {
        String max = reduce("max", c, j -> at(logits, row + " * " + c + " + " + j));
        String sum = reduce("sum", c, j -> "exp(" + at(logits, row + " * " + c + " + " + j) + " - " + max + ")");
        return new String[] {max, sum};
    }

    // ----- max pooling's indices: a work-item per window; pooling gradients: a work-item per input
    // element, gathering from the windows that cover it -----

    private ClKernel maxPoolGrad() {
        Shape dy = shape(0);
        Shape x = shape(1);
        windows(x, dy, (y0, x0) -> firstMax(1, x, y0, x0) + " == y * " + x.dim(3) + " + x");
        return launch(x.numel(), null);
    }

    /** Each window's first largest element, as its index within the plane. */
    private ClKernel maxPoolIndices() {
        Shape x = shape(0);
        Shape out = k.output().type().shape();
        el.unflatten("(int) get_global_id(0)", new long[] {(long) out.dim(0) * out.dim(1), out.dim(2), out.dim(3)});
        w.line("const int plane = i0 * " + (x.dim(2) * x.dim(3)) + ";");
        String y0 = el.intLocal("i1 * " + stride(0) + " - " + pad(0));
        String x0 = el.intLocal("i2 * " + stride(1) + " - " + pad(1));
        store("(int) get_global_id(0)", firstMax(0, x, y0, x0));
        return launch(out.numel(), null);
    }

    /** Each window's gradient goes to the element its index names (never one outside the window). */
    private ClKernel maxPoolGradIndices() {
        Shape dy = shape(0);
        Shape x = k.output().type().shape();
        windows(x, dy, (y0, x0) -> at(1, "(i0 * " + dy.dim(2) + " + oy) * " + dy.dim(3) + " + ox") + " == y * " + x.dim(3) + " + x");
        return launch(x.numel(), null);
    }

    /**
     * The window at ({@code y0}, {@code x0}) of operand {@code operand}'s plane starting at {@code plane}:
     * the position in the plane of its first largest element in row-major order, in a new local.
     */
    private String firstMax(int operand, Shape x, String y0, String x0) {
        String best = el.intLocal(Arith.sum(Arith.times("max(" + y0 + ", 0)", x.dim(3)), "max(" + x0 + ", 0)"));
        w.loop("r", "max(" + y0 + ", 0)", "min(" + y0 + " + " + kernel(0) + ", " + x.dim(2) + ")");
        w.loop("c", "max(" + x0 + ", 0)", "min(" + x0 + " + " + kernel(1) + ", " + x.dim(3) + ")");
        w.open("if (" + at(operand, "plane + r * " + x.dim(3) + " + c") + " > " + at(operand, "plane + " + best) + ")");
        w.line(best + " = r * " + x.dim(3) + " + c;");
        w.close().close().close();
        return best;
    }

    @FunctionalInterface
    private interface WindowTest {
        /** Emits what the window starting at ({@code y0}, {@code x0}) needs; gives whether (y, x) receives its gradient. */
        String at(String y0, String x0);
    }

    /**
     * dx[plane, y, x] = the sum of dy over the windows (oy, ox) that cover (y, x) and pass {@code test}.
     */
    private void windows(Shape x, Shape dy, WindowTest test) {
        int sh = stride(0);
        int sw = stride(1);
        int h = x.dim(2);
        int wd = x.dim(3);
        el.unflatten("(int) get_global_id(0)", new long[] {(long) x.dim(0) * x.dim(1), h, wd});
        w.line("const int plane = i0 * " + (h * wd) + ";");
        w.line("const int y = i1;");
        w.line("const int x = i2;");
        w.line("float acc = 0.0f;");
        // Windows oy with oy * stride - pad <= y < oy * stride - pad + kernel.
        String[] rows = ClElement.windowsCovering("(y + " + pad(0) + ")", kernel(0), sh, dy.dim(2));
        String[] cols = ClElement.windowsCovering("(x + " + pad(1) + ")", kernel(1), sw, dy.dim(3));
        w.loop("oy", rows[0], rows[1]);
        w.loop("ox", cols[0], cols[1]);
        String y0 = el.intLocal("oy * " + sh + " - " + pad(0));
        String x0 = el.intLocal("ox * " + sw + " - " + pad(1));
        String receives = test.at(y0, x0);
        String grad = at(0, "(i0 * " + dy.dim(2) + " + oy) * " + dy.dim(3) + " + ox");
        w.line("if (" + receives + ") acc += " + grad + ";");
        w.close().close();
        store("plane + y * " + wd + " + x", "acc");
    }

    /** A work-item per column of the table: zero it, then add row i of dy into row ids[i], in order. */
    private ClKernel embeddingGrad() {
        int rows = k.output().type().shape().dim(0);
        int d = k.output().type().shape().dim(1);
        w.line("const int j = (int) get_global_id(0);");
        w.loop("row", 0, rows);
        w.line(out("row * " + d + " + j") + " = 0.0f;");
        w.close();
        w.loop("i", 0, k.operands().get(1).numel());
        String id = el.intLocal(el.loadRel(k.operands().get(1), "i"));
        w.line(out(id + " * " + d + " + j") + " += " + at(0, "i * " + d + " + j") + ";");
        w.close();
        return launch(d, null);
    }

    /** A work-item per column: the sum's column copied (unless overwritten in place), then dy's rows scattered into it. */
    private ClKernel embeddingGradAdd() {
        int rows = k.output().type().shape().dim(0);
        int d = k.output().type().shape().dim(1);
        w.line("const int j = (int) get_global_id(0);");
        if (!k.output().equals(k.operands().get(0))) {
            w.loop("row", 0, rows);
            w.line(out("row * " + d + " + j") + " = " + at(0, "row * " + d + " + j") + ";");
            w.close();
        }
        w.loop("i", 0, k.operands().get(2).numel());
        String id = el.intLocal(el.loadRel(k.operands().get(2), "i"));
        w.line(out(id + " * " + d + " + j") + " += " + at(1, "i * " + d + " + j") + ";");
        w.close();
        return launch(d, null);
    }

    // ----- building blocks -----

    /** Sizes the work-group for {@code work} elements per unit and declares its scratch and ids. */
    private void group(long work) {
        group = Arith.pow2AtLeast(work, ReduceEmitter.MAX_GROUP);
        w.line("__local float scratch[" + group + "];");
        w.line("const int unit = (int) get_group_id(0);");
        w.line("const int lid = (int) get_local_id(0);");
    }

    /** Opens the loop of this work-item's share of {@code [0, count)}. */
    private void strided(String v, long count) {
        w.open("for (int " + v + " = lid; " + v + " < " + count + "; " + v + " += " + group + ")");
    }

    /** The work-group's sum or max of {@code element(j)} over {@code j} in {@code [0, count)}, in a new local. */
    private String reduce(String combine, long count, Function<String, String> element) {
        String acc = el.floatLocal("sum".equals(combine) ? "0.0f" : "-INFINITY");
        String j = el.local("t");
        strided(j, count);
        String v = element.apply(j);
        w.line(combine.equals("sum") ? acc + " += " + v + ";" : acc + " = fmax(" + acc + ", " + v + ");");
        w.close();
        w.line(acc + " = wg_" + combine + "(" + acc + ", scratch);");
        return acc;
    }

    private ClKernel launch(long units) {
        return ClKernel.of(k.name(), k.summary(), el, new long[] {units * group}, new long[] {group});
    }

    private ClKernel launch(long items, long[] local) {
        return ClKernel.of(k.name(), k.summary(), el, new long[] {items}, local);
    }

    private Shape shape(int operand) {
        return k.operands().get(operand).type().shape();
    }

    private static int inner(Shape s) {
        return (int) (s.numel() / ((long) s.dim(0) * s.dim(1)));
    }

    private String eps() {
        return ClScalarOps.literal(k.attrs().getFloat("eps"), DType.F32);
    }

    private int kernel(int axis) {
        return k.attrs().getInts("kernel").get(axis);
    }

    private int stride(int axis) {
        return k.attrs().getInts("stride").get(axis);
    }

    private int pad(int axis) {
        return k.attrs().getInts("padding").get(axis);
    }

    /** Element {@code at} (from the tensor's start) of operand {@code operand}. */
    private String at(int operand, String at) {
        TensorRef r = k.operands().get(operand);
        return el.loadRel(r, at);
    }

    private String in(int operand, String base, String j, Lines l) {
        return at(operand, base + " + " + j + " * " + l.inner());
    }

    private String out(String at) {
        return el.raw(k.output(), Arith.sum(k.output().offset(), at));
    }

    private void store(String at, String value) {
        el.storeRel(k.output(), at, value);
    }
}
