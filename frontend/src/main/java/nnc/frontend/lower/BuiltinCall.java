package nnc.frontend.lower;

import java.util.List;
import nnc.ir.Attrs;
import nnc.ir.SourceLoc;
import nnc.ir.Value;

/** One call of a builtin: its bound arguments and where to build its nodes. */
record BuiltinCall(BoundArgs args, GraphBuilder graph, SourceLoc loc) {
    /** A node placed at the call. */
    Val.TensorVal node(String op, List<? extends Value> operands, Attrs attrs) {
        return new Val.TensorVal(graph.node(op, operands, attrs, loc));
    }

    Val.TensorVal tensor(String name) {
        return args.tensor(name);
    }

    CompileError error(String message) {
        return new CompileError(loc, args.signatureName() + ": " + message);
    }

    CompileError error(String argument, String message) {
        return new CompileError(args.loc(argument), args.what(argument) + " " + message);
    }
}
