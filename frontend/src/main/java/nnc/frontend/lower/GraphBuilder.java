package nnc.frontend.lower;

import java.util.List;
import nnc.ir.Arg;
import nnc.ir.Attrs;
import nnc.ir.DType;
import nnc.ir.Graph;
import nnc.ir.Node;
import nnc.ir.OpKind;
import nnc.ir.ShapeException;
import nnc.ir.SourceLoc;
import nnc.ir.TensorType;
import nnc.ir.Value;
import nnc.ir.ops.Ops;

/**
 * Adds nodes to the graph being built, turning the IR's shape errors into {@link CompileError}s at
 * the expression that asked for the node, and stopping programs that unroll too far.
 */
final class GraphBuilder {
    static final int NODE_LIMIT = 1_000_000;

    private final int nodeLimit;
    private Graph graph;
    private int built;

    GraphBuilder(Graph graph, int nodeLimit) {
        this.graph = graph;
        this.nodeLimit = nodeLimit;
    }

    Graph graph() {
        return graph;
    }

    /** Builds into {@code other} from now on (a scratch graph for checking uncalled functions); returns the previous graph. */
    Graph switchTo(Graph other) {
        Graph previous = graph;
        graph = other;
        return previous;
    }

    /** A node at {@code loc}; errors point at {@code errorLoc}, e.g. the operator of {@code a + b}. */
    Value node(String opName, List<? extends Value> operands, Attrs attrs, SourceLoc loc, SourceLoc errorLoc) {
        OpKind op = Ops.byName(opName);
        if (op == null) throw new IllegalStateException("nnc.ir.ops defines no op '" + opName + "'");
        if (++built > nodeLimit) throw new LimitExceeded(loc, "the program unrolls to more than " + nodeLimit + " nodes");
        Node n;
        try {
            n = graph.add(op, operands, attrs, loc);
        } catch (ShapeException | IllegalArgumentException | ArithmeticException e) {
            // The last two: shapes or attributes the op's own checks did not foresee, e.g. sizes that overflow.
            String message = e.getMessage().startsWith(opName) ? e.getMessage() : opName + ": " + e.getMessage();
            throw new CompileError(errorLoc, message);
        }
        Sizes.check(n.type(), errorLoc);
        return n;
    }

    Value node(String opName, List<? extends Value> operands, Attrs attrs, SourceLoc loc) {
        return node(opName, operands, attrs, loc, loc);
    }

    /** A constant tensor; its shape has been checked for size. */
    Value fill(DType dtype, int[] shape, double value, SourceLoc loc) {
        return node("fill", List.of(), Attrs.of("dtype", dtype.text(), "shape", shape, "value", value), loc);
    }

    Arg arg(String name, Arg.Role role, TensorType type, Attrs attrs, SourceLoc loc) {
        return graph.addArg(name, role, type, attrs, loc);
    }
}
