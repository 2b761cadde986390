package nnc.backend.opencl;

import nnc.backend.kernel.Arith;
import nnc.backend.kernel.ConvGeometry;
import nnc.backend.kernel.ConvKernel;

/**
 * A {@link ConvKernel}, direct (no im2col buffer, so nothing outside the arena). The forward
 * convolution and the input gradient take one work-item per result element, which sums its window;
 * the weight gradient, whose every element sums over the whole batch and image, is a work-group
 * reduction per weight element. The sum then goes through the epilogue and is stored once.
 */
final class ConvEmitter {
    private final ConvKernel k;
    private final ConvGeometry g;
    private final ClElement el;
    private final ClWriter w;

    private ConvEmitter(ConvKernel k, ClElement el) {
        this.k = k;
        this.g = k.geometry();
        this.el = el;
        this.w = el.out;
    }

    static ClKernel of(ConvKernel k, ClElement el) {
        return new ConvEmitter(k, el).emit();
    }

    private ClKernel emit() {
        return switch (k.kind()) {
            case FORWARD -> forward();
            case GRAD_INPUT -> gradInput();
            case GRAD_WEIGHT -> gradWeight();
        };
    }

    /** y[i0, i1, i2, i3] = sum over ci, ky, kx of w[i1, ci, ky, kx] * x[i0, group's ci, iy, ix]. */
    private ClKernel forward() {
        el.unflatten("(int) get_global_id(0)", new long[] {g.n(), g.o(), g.ho(), g.wo()});
        String xPlanes = el.intLocal(Arith.sum(k.first().offset(),
                Arith.times(Arith.sum(Arith.times("i0", g.c()), Arith.times("i1 / " + g.og(), g.cg())), (long) g.h() * g.w())));
        String wTaps = el.intLocal(Arith.sum(k.second().offset(), Arith.times("i1", (long) g.cg() * g.kh() * g.kw())));
        w.line("float acc = 0.0f;");
        w.loop("ky", 0, g.kh());
        w.line("const int iy = " + Arith.minus(Arith.sum(Arith.times("i2", g.strideH()), Arith.times("ky", g.dilH())), g.padH()) + ";");
        w.open("if (iy >= 0 && iy < " + g.h() + ")");
        w.loop("kx", 0, g.kw());
        w.line("const int ix = " + Arith.minus(Arith.sum(Arith.times("i3", g.strideW()), Arith.times("kx", g.dilW())), g.padW()) + ";");
        w.open("if (ix >= 0 && ix < " + g.w() + ")");
        w.loop("ci", 0, g.cg());
        w.line("acc += " + el.load(k.second(), Arith.sum(wTaps, Arith.times("ci", (long) g.kh() * g.kw()), Arith.times("ky", g.kw()), "kx"))
                + " * " + el.load(k.first(), Arith.sum(xPlanes, Arith.times("ci", (long) g.h() * g.w()), Arith.times("iy", g.w()), "ix")) + ";");
        w.close().close().close().close().close();
        finish(Arith.sum(k.output().offset(), "(int) get_global_id(0)"));
        return ClKernel.of(k.name(), k.summary(), el, new long[] {(long) g.n() * g.o() * g.ho() * g.wo()}, null);
    }

    /** dx[i0, i1, i2, i3] = sum over the group's output channels and the taps that reach (i2, i3). */
    private ClKernel gradInput() {
        el.unflatten("(int) get_global_id(0)", new long[] {g.n(), g.c(), g.h(), g.w()});
        String group = el.intLocal("i1 / " + g.cg());
        String cil = el.intLocal("i1 % " + g.cg());
        w.line("float acc = 0.0f;");
        w.loop("ky", 0, g.kh());
        w.line("const int ty = " + Arith.sum("i2", g.padH()) + " - " + Arith.times("ky", g.dilH()) + ";");
        w.open("if (ty >= 0 && ty % " + g.strideH() + " == 0 && ty / " + g.strideH() + " < " + g.ho() + ")");
        w.loop("kx", 0, g.kw());
        w.line("const int tx = " + Arith.sum("i3", g.padW()) + " - " + Arith.times("kx", g.dilW()) + ";");
        w.open("if (tx >= 0 && tx % " + g.strideW() + " == 0 && tx / " + g.strideW() + " < " + g.wo() + ")");
        w.loop("oc", 0, g.og());
        String oc = el.intLocal(Arith.sum(Arith.times(group, g.og()), "oc"));
        String dy = el.load(k.first(), Arith.sum(k.first().offset(), Arith.times("i0 * " + g.o() + " + " + oc, (long) g.ho() * g.wo()),
                Arith.times("ty / " + g.strideH(), g.wo()), "tx / " + g.strideW()));
        String wt = el.load(k.second(), Arith.sum(k.second().offset(), Arith.times(Arith.sum(Arith.times(oc, g.cg()), cil), (long) g.kh() * g.kw()),
                Arith.times("ky", g.kw()), "kx"));
        w.line("acc += " + wt + " * " + dy + ";");
        w.close().close().close().close().close();
        finish(Arith.sum(k.output().offset(), "(int) get_global_id(0)"));
        return ClKernel.of(k.name(), k.summary(), el, new long[] {(long) g.n() * g.c() * g.h() * g.w()}, null);
    }

    /** dw[i0, i1, i2, i3]: a work-group folds x times dy over every (image, output row, output column). */
    private ClKernel gradWeight() {
        long points = (long) g.n() * g.ho() * g.wo();
        int group = Arith.pow2AtLeast(points, ReduceEmitter.MAX_GROUP);
        w.line("__local float scratch[" + group + "];");
        w.line("const int lid = (int) get_local_id(0);");
        el.unflatten("(int) get_group_id(0)", new long[] {g.o(), g.cg(), g.kh(), g.kw()});
        String ci = el.intLocal(Arith.sum(Arith.times("i0 / " + g.og(), g.cg()), "i1"));
        w.line("float acc = 0.0f;");
        w.open("for (int r = lid; r < " + points + "; r += " + group + ")");
        w.line("const int b = r / " + (g.ho() * g.wo()) + ";");
        w.line("const int oy = r / " + g.wo() + " % " + g.ho() + ";");
        w.line("const int ox = r % " + g.wo() + ";");
        w.line("const int iy = " + Arith.minus(Arith.sum(Arith.times("oy", g.strideH()), Arith.times("i2", g.dilH())), g.padH()) + ";");
        w.line("const int ix = " + Arith.minus(Arith.sum(Arith.times("ox", g.strideW()), Arith.times("i3", g.dilW())), g.padW()) + ";");
        w.open("if (iy >= 0 && iy < " + g.h() + " && ix >= 0 && ix < " + g.w() + ")");
        String x = el.load(k.first(), Arith.sum(k.first().offset(), Arith.times("b * " + g.c() + " + " + ci, (long) g.h() * g.w()),
                Arith.times("iy", g.w()), "ix"));
        String dy = el.load(k.second(), Arith.sum(k.second().offset(), Arith.times("b * " + g.o() + " + i0", (long) g.ho() * g.wo()), "r % "
                + (g.ho() * g.wo())));
        w.line("acc += " + x + " * " + dy + ";");
        w.close().close();
        w.line("acc = wg_sum(acc, scratch);");
        w.open("if (lid == 0)");
        finish(Arith.sum(k.output().offset(), "(int) get_group_id(0)"));
        w.close();
        return ClKernel.of(k.name(), k.summary(), el, new long[] {(long) g.o() * g.cg() * g.kh() * g.kw() * group}, new long[] {group});
    }

    /** The epilogue over {@code acc}, then the store at absolute element {@code at}. */
    private void finish(String at) {
        String v = k.epilogue() == null ? "acc" : el.emit(k.epilogue(), "acc");
        el.store(k.output(), at, v);
    }
}
