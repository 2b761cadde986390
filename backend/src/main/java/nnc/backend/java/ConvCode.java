package nnc.backend.java;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import java.util.function.Supplier;
import nnc.backend.kernel.Arith;
import nnc.backend.kernel.ConvGeometry;
import nnc.backend.kernel.ConvKernel;

/**
 * A {@link ConvKernel}, direct (no im2col buffer, so nothing outside the arena). Each unit is one plane
 * of the result. The forward convolution and the input gradient add one weight times a row of one
 * plane into a row of another, a unit-stride loop (for stride 1) that the JIT vectorizes, over the
 * output columns whose input column is inside the image, so no bounds test is left in the loop. The
 * weight gradient sums, per weight, the products of input and output gradient over the batch.
 */
final class ConvCode {
    private final ElementCode el;
    private final ConvKernel k;
    private final ConvGeometry g;
    private final CodeBlock.Builder code = CodeBlock.builder();
    /** The variable of the loop {@link #loop} opened last. */
    private String current;

    private ConvCode(ConvKernel k, ElementCode el) {
        this.k = k;
        this.el = el;
        this.g = k.geometry();
    }

    static MethodSpec of(ConvKernel k, ElementCode el) {
        ConvCode c = new ConvCode(k, el);
        KernelMethod.openUnits(c.code, k.parallel(), "unit");
        switch (k.kind()) {
            case FORWARD -> c.forward();
            case GRAD_INPUT -> c.gradInput();
            case GRAD_WEIGHT -> c.gradWeight();
        }
        c.code.endControlFlow();
        return KernelMethod.builder(k).addCode(c.code.build()).build();
    }

    private void forward() {
        unitCoords(g.o());
        int plane = g.ho() * g.wo();
        String out = local(Arith.sum(k.output().offset(), Arith.times("unit", plane)));
        String firstInput = local(Arith.sum(k.first().offset(),
                Arith.times(Arith.sum(Arith.times("i0", g.c()), Arith.times("i1 / " + g.og(), g.cg())), (long) g.h() * g.w())));
        if (!k.accumulateInOutput()) {
            direct(out, g.ho(), g.wo(), () -> {
                String s = el.local("v");
                code.addStatement("float $L = 0f", s);
                loop("ci", g.cg());
                String ci = current;
                taps((ky, kx) -> {
                    String iy = local(Arith.minus(Arith.sum(Arith.times("i2", g.strideH()), Arith.times(ky, g.dilH())), g.padH()));
                    String ix = local(Arith.minus(Arith.sum(Arith.times("i3", g.strideW()), Arith.times(kx, g.dilW())), g.padW()));
                    code.beginControlFlow("if ($L >= 0 && $L < $L && $L >= 0 && $L < $L)", iy, iy, g.h(), ix, ix, g.w());
                    code.addStatement("$L += $L * $L", s, el.load(k.second(), weight("i1", ci, ky, kx)),
                            el.load(k.first(), Arith.sum(firstInput, Arith.times(ci, (long) g.h() * g.w()), Arith.times(iy, g.w()), ix)));
                    code.endControlFlow();
                });
                code.endControlFlow();
                return s;
            });
            return;
        }
        zero(out, plane);
        if (pointwise()) {
            loop("ci", g.cg());
            String w = el.local("v");
            code.addStatement("float $L = $L", w, el.load(k.second(), weight("i1", current, "0", "0")));
            String xPlane = local(Arith.sum(firstInput, Arith.times(current, plane)));
            String q = el.local("t");
            code.beginControlFlow("for (int $L = 0; $L < $L; $L++)", q, q, plane, q);
            code.addStatement("$L += $L * $L", el.load(k.output(), out + " + " + q), w, el.load(k.first(), xPlane + " + " + q));
            code.endControlFlow().endControlFlow();
        } else {
            taps((ky, kx) -> {
                String[] bounds = bounds(ky, kx);
                loop("ci", g.cg());
                String ci = current;
                String xPlane = local(Arith.sum(firstInput, Arith.times(ci, (long) g.h() * g.w())));
                String w = el.local("v");
                code.addStatement("float $L = $L", w, el.load(k.second(), weight("i1", ci, ky, kx)));
                rows(bounds, ky, (oy, iy) -> {
                    String xRow = local(Arith.minus(Arith.sum(xPlane, Arith.times(iy, g.w()), Arith.times(kx, g.dilW())), g.padW()));
                    String oRow = local(Arith.sum(out, Arith.times(oy, g.wo())));
                    String ox = el.local("t");
                    code.beginControlFlow("for (int $L = $L; $L < $L; $L++)", ox, bounds[0], ox, bounds[1], ox);
                    code.addStatement("$L += $L * $L", el.load(k.output(), oRow + " + " + ox), w,
                            el.load(k.first(), xRow + " + " + Arith.times(ox, g.strideW())));
                    code.endControlFlow();
                });
                code.endControlFlow();
            });
        }
        epilogue(out, g.ho(), g.wo());
    }

    private void gradInput() {
        unitCoords(g.c());
        int plane = g.h() * g.w();
        String out = local(Arith.sum(k.output().offset(), Arith.times("unit", plane)));
        String group = local("i1 / " + g.cg());
        String cil = local("i1 % " + g.cg());
        if (!k.accumulateInOutput()) {
            direct(out, g.h(), g.w(), () -> {
                String s = el.local("v");
                code.addStatement("float $L = 0f", s);
                loop("oc", g.og());
                String oc = local(Arith.sum(Arith.times(group, g.og()), current));
                taps((ky, kx) -> {
                    String ty = local(Arith.sum("i2", g.padH()) + " - " + Arith.times(ky, g.dilH()));
                    String tx = local(Arith.sum("i3", g.padW()) + " - " + Arith.times(kx, g.dilW()));
                    code.beginControlFlow("if ($L >= 0 && $L >= 0 && $L % $L == 0 && $L % $L == 0 && $L / $L < $L && $L / $L < $L)",
                            ty, tx, ty, g.strideH(), tx, g.strideW(), ty, g.strideH(), g.ho(), tx, g.strideW(), g.wo());
                    String dy = el.load(k.first(), k.first().offset() + " + (i0 * " + g.o() + " + " + oc + ") * " + g.ho() * g.wo()
                            + " + " + ty + " / " + g.strideH() + " * " + g.wo() + " + " + tx + " / " + g.strideW());
                    code.addStatement("$L += $L * $L", s, el.load(k.second(), weight(oc, cil, ky, kx)), dy);
                    code.endControlFlow();
                });
                code.endControlFlow();
                return s;
            });
            return;
        }
        zero(out, plane);
        if (pointwise()) {
            loop("oc", g.og());
            String oc = local(Arith.sum(Arith.times(group, g.og()), current));
            String w = el.local("v");
            code.addStatement("float $L = $L", w, el.load(k.second(), weight(oc, cil, "0", "0")));
            String dyPlane = local(Arith.sum(k.first().offset(), Arith.times(Arith.sum(Arith.times("i0", g.o()), oc), plane)));
            String q = el.local("t");
            code.beginControlFlow("for (int $L = 0; $L < $L; $L++)", q, q, plane, q);
            code.addStatement("$L += $L * $L", el.load(k.output(), out + " + " + q), w, el.load(k.first(), dyPlane + " + " + q));
            code.endControlFlow().endControlFlow();
        } else {
            taps((ky, kx) -> {
                String[] bounds = bounds(ky, kx);
                loop("oc", g.og());
                String oc = local(Arith.sum(Arith.times(group, g.og()), current));
                String dyPlane = local(Arith.sum(k.first().offset(), Arith.times(Arith.sum(Arith.times("i0", g.o()), oc), (long) g.ho() * g.wo())));
                String w = el.local("v");
                code.addStatement("float $L = $L", w, el.load(k.second(), weight(oc, cil, ky, kx)));
                rows(bounds, ky, (oy, iy) -> {
                    String dxRow = local(Arith.minus(Arith.sum(out, Arith.times(iy, g.w()), Arith.times(kx, g.dilW())), g.padW()));
                    String dyRow = local(Arith.sum(dyPlane, Arith.times(oy, g.wo())));
                    String ox = el.local("t");
                    code.beginControlFlow("for (int $L = $L; $L < $L; $L++)", ox, bounds[0], ox, bounds[1], ox);
                    code.addStatement("$L += $L * $L", el.load(k.output(), dxRow + " + " + Arith.times(ox, g.strideW())), w,
                            el.load(k.first(), dyRow + " + " + ox));
                    code.endControlFlow();
                });
                code.endControlFlow();
            });
        }
        epilogue(out, g.h(), g.w());
    }

    /** Every weight of the unit's (output channel, input channel) pair sums over the batch in a double. */
    private void gradWeight() {
        unitCoords(g.cg());
        String ci = local(Arith.sum(Arith.times("i0 / " + g.og(), g.cg()), "i1"));
        String out = local(Arith.sum(k.output().offset(), Arith.times("unit", (long) g.kh() * g.kw())));
        code.beginControlFlow("for (int i2 = 0; i2 < $L; i2++)", g.kh());
        code.beginControlFlow("for (int i3 = 0; i3 < $L; i3++)", g.kw());
        String s = el.local("v");
        code.addStatement("double $L = 0", s);
        loop("n", g.n());
        String n = current;
        String xPlane = local(Arith.sum(k.first().offset(), Arith.times(Arith.sum(Arith.times(n, g.c()), ci), (long) g.h() * g.w())));
        String dyPlane = local(Arith.sum(k.second().offset(), Arith.times(Arith.sum(Arith.times(n, g.o()), "i0"), (long) g.ho() * g.wo())));
        String[] bounds = bounds("i2", "i3");
        rows(bounds, "i2", (oy, iy) -> {
            String oxLo = bounds[0];
            String oxHi = bounds[1];
            String xRow = local(Arith.minus(Arith.sum(xPlane, Arith.times(iy, g.w()), Arith.times("i3", g.dilW())), g.padW()));
            String dyRow = local(Arith.sum(dyPlane, Arith.times(oy, g.wo())));
            String ox = el.local("t");
            code.beginControlFlow("for (int $L = $L; $L < $L; $L++)", ox, oxLo, ox, oxHi, ox);
            code.addStatement("$L += $L * $L", s, el.load(k.first(), xRow + " + " + Arith.times(ox, g.strideW())), el.load(k.second(), dyRow + " + " + ox));
            code.endControlFlow();
        });
        code.endControlFlow();
        String acc = el.local("v");
        code.addStatement("float $L = (float) $L", acc, s);
        String v = k.epilogue() == null ? acc : el.emit(code, k.epilogue(), acc);
        el.store(code, k.output(), Arith.sum(out, Arith.times("i2", g.kw()), "i3"), v);
        code.endControlFlow().endControlFlow();
    }

    /** The unit's first two result coordinates, {@code i0} and {@code i1}. */
    private void unitCoords(int second) {
        code.addStatement("int i0 = unit / $L", second);
        code.addStatement("int i1 = unit % $L", second);
    }

    private String weight(String oc, String ci, String ky, String kx) {
        return Arith.sum(k.second().offset(), Arith.times(Arith.sum(Arith.times(Arith.sum(Arith.times(oc, g.cg()), ci), g.kh()), ky), g.kw()), kx);
    }

    @FunctionalInterface
    private interface Tap {
        void at(String ky, String kx);
    }

    /** Loops over the kernel's taps; the body sees their variables. */
    private void taps(Tap body) {
        loop("ky", g.kh());
        String ky = current;
        loop("kx", g.kw());
        body.at(ky, current);
        code.endControlFlow().endControlFlow();
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

    /** A 1x1 kernel at stride 1 without padding: each input plane maps onto an output plane element for element. */
    private boolean pointwise() {
        return g.kh() == 1 && g.kw() == 1 && g.strideH() == 1 && g.strideW() == 1 && g.padH() == 0 && g.padW() == 0;
    }

    /** Per element of the unit's plane: the sum from {@code sum}, then the epilogue, then the store. */
    private void direct(String out, int rows, int cols, Supplier<String> sum) {
        code.beginControlFlow("for (int i2 = 0; i2 < $L; i2++)", rows);
        code.beginControlFlow("for (int i3 = 0; i3 < $L; i3++)", cols);
        String s = sum.get();
        String v = k.epilogue() == null ? s : el.emit(code, k.epilogue(), s);
        el.store(code, k.output(), out + " + i2 * " + cols + " + i3", v);
        code.endControlFlow().endControlFlow();
    }

    private void zero(String out, int plane) {
        String q = el.local("t");
        code.beginControlFlow("for (int $L = 0; $L < $L; $L++)", q, q, plane, q);
        code.addStatement("$L = 0f", el.load(k.output(), out + " + " + q));
        code.endControlFlow();
    }

    /** Rewrites the finished plane through the epilogue. */
    private void epilogue(String out, int rows, int cols) {
        if (k.epilogue() == null) return;
        code.beginControlFlow("for (int i2 = 0; i2 < $L; i2++)", rows);
        code.beginControlFlow("for (int i3 = 0; i3 < $L; i3++)", cols);
        String at = out + " + i2 * " + cols + " + i3";
        String v = el.emit(code, k.epilogue(), el.load(k.output(), at));
        el.store(code, k.output(), at, v);
        code.endControlFlow().endControlFlow();
    }

    /** Opens {@code for (int tN = 0; tN < extent; tN++)}; its variable is then {@link #current}. */
    private void loop(String what, int extent) {
        current = el.local("t");
        code.add("// $L\n", what);
        code.beginControlFlow("for (int $L = 0; $L < $L; $L++)", current, current, extent, current);
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
