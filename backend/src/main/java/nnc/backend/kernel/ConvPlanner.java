package nnc.backend.kernel;

import java.util.List;
import nnc.ir.Attrs;
import nnc.ir.Node;
import nnc.ir.Shape;
import nnc.ir.ops.ConvOps;

/** Plans a convolution or a convolution gradient, with its fused epilogue, split over the result's planes. */
final class ConvPlanner {
    private ConvPlanner() {}

    static ConvKernel plan(Group group, Node conv, String name) {
        Epilogues.requireLeaves(group, conv);
        ConvKernel.Kind kind = conv.op() == ConvOps.CONV2D ? ConvKernel.Kind.FORWARD
                : conv.op() == ConvOps.CONV2D_GRAD_INPUT ? ConvKernel.Kind.GRAD_INPUT : ConvKernel.Kind.GRAD_WEIGHT;
        Shape first = conv.operand(0).type().shape();
        Shape second = conv.operand(1).type().shape();
        Shape result = conv.type().shape();
        // x and w of the forward convolution this op belongs to, and its output y.
        Shape x = kind == ConvKernel.Kind.FORWARD || kind == ConvKernel.Kind.GRAD_WEIGHT ? first : result;
        Shape w = kind == ConvKernel.Kind.GRAD_WEIGHT ? result : second;
        Shape y = kind == ConvKernel.Kind.FORWARD ? result : kind == ConvKernel.Kind.GRAD_INPUT ? first : second;
        Attrs at = conv.attrs();
        List<Integer> stride = at.getInts("stride");
        List<Integer> pad = at.getInts("padding");
        List<Integer> dil = at.getInts("dilation");
        ConvGeometry geo = new ConvGeometry(x.dim(0), x.dim(1), x.dim(2), x.dim(3), w.dim(0), w.dim(2), w.dim(3), y.dim(2), y.dim(3),
                stride.get(0), stride.get(1), pad.get(0), pad.get(1), dil.get(0), dil.get(1), at.getInt("groups"));
        Expr epilogue = Epilogues.of(group, conv, LoopNest.of(result.dims()));
        boolean accumulate = epilogue == null || !group.readsOutput(epilogue);
        long units = switch (kind) {
            case FORWARD -> (long) geo.n() * geo.o();
            case GRAD_INPUT -> (long) geo.n() * geo.c();
            case GRAD_WEIGHT -> (long) geo.o() * geo.cg();
        };
        return new ConvKernel(name, group.summary(), kind, geo, group.leaf(conv.operand(0)), group.leaf(conv.operand(1)),
                group.output, epilogue, accumulate, Parallel.split(units, 2 * geo.macs()));
    }
}
