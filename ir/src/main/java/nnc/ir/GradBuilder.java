package nnc.ir;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import nnc.ir.ops.ConstantOps;
import nnc.ir.ops.ReduceOps;
import nnc.ir.ops.ShapeOps;

/**
 * Builds the nodes of a gradient rule ({@link OpKind#gradient}) or an optimizer update: each node goes
 * into the graph with the given phase and the source location of the node it serves, so that the IR
 * says which DSL line every backward node comes from.
 */
public final class GradBuilder {
    private final Graph graph;
    private final Phase phase;
    private final SourceLoc loc;

    public GradBuilder(Graph graph, Phase phase, SourceLoc loc) {
        this.graph = graph;
        this.phase = phase;
        this.loc = loc;
    }

    public Node op(OpKind op, Attrs attrs, Value... operands) {
        Node n = graph.add(op, Arrays.asList(operands), attrs, loc);
        n.setPhase(phase);
        return n;
    }

    public Node op(OpKind op, Value... operands) {
        return op(op, Attrs.EMPTY, operands);
    }

    /** An f32 scalar constant. */
    public Node scalar(double value) {
        return op(ConstantOps.FILL, Attrs.of("dtype", "f32", "shape", List.of(), "value", value));
    }

    /** {@code v} reshaped to {@code shape}; {@code v} itself when it already has that shape. */
    public Value reshape(Value v, Shape shape) {
        return v.type().shape().equals(shape) ? v : op(ShapeOps.RESHAPE, Attrs.of("shape", shape.toList()), v);
    }

    /** {@code v} broadcast to {@code shape}; {@code v} itself when it already has that shape. */
    public Value broadcastTo(Value v, Shape shape) {
        return v.type().shape().equals(shape) ? v : op(ShapeOps.BROADCAST_TO, Attrs.of("shape", shape.toList()), v);
    }

    /**
     * The gradient of an operand of shape {@code target} that was broadcast to {@code v}'s shape: the sum of
     * {@code v} over the axes that broadcasting added or stretched from 1, reshaped to {@code target}.
     */
    public Value sumTo(Value v, Shape target) {
        Shape s = v.type().shape();
        if (s.equals(target)) return v;
        int lead = s.rank() - target.rank();
        if (lead < 0) throw new IllegalArgumentException("cannot sum " + v.type() + " down to " + target);
        List<Integer> axes = new ArrayList<>();
        for (int i = 0; i < s.rank(); i++) {
            if (i < lead || target.dim(i - lead) == 1 && s.dim(i) != 1) axes.add(i);
        }
        Value summed = axes.isEmpty() ? v : op(ReduceOps.REDUCE_SUM, Attrs.of("axes", axes, "keepdims", false), v);
        return reshape(summed, target);
    }
}
