package nnc.frontend.lower;

import java.util.List;
import nnc.ir.DType;
import nnc.ir.SourceLoc;
import nnc.ir.Value;

/** The IR operands of a binary tensor op whose operands may be numbers (README: "a number meeting a tensor"). */
final class Operands {
    private Operands() {}

    /**
     * {@code a} and {@code b} as tensors, at least one of them a tensor already; a number becomes a
     * scalar {@code fill} of the other operand's dtype, placed at the number's expression.
     */
    static List<Value> of(String opSymbol, Val a, SourceLoc aLoc, Val b, SourceLoc bLoc, GraphBuilder graph, SourceLoc errorLoc) {
        if (a instanceof Val.TensorVal x && b instanceof Val.TensorVal y) return List.of(x.value(), y.value());
        if (a instanceof Val.TensorVal x && b.isNumber()) {
            return List.of(x.value(), constant(b, bLoc, x, graph, errorLoc));
        }
        if (b instanceof Val.TensorVal y && a.isNumber()) {
            return List.of(constant(a, aLoc, y, graph, errorLoc), y.value());
        }
        throw new CompileError(errorLoc, "'" + opSymbol + "' cannot combine " + a.describe() + " and " + b.describe());
    }

    private static Value constant(Val number, SourceLoc loc, Val.TensorVal tensor, GraphBuilder graph, SourceLoc errorLoc) {
        DType dtype = tensor.type().dtype();
        if (dtype == DType.I32 && number instanceof Val.FloatVal) {
            throw new CompileError(errorLoc, "cannot combine " + tensor.describe() + " with " + number.describe()
                    + "; convert the tensor with float(...)");
        }
        return graph.fill(dtype, new int[0], Val.toDouble(number), loc);
    }
}
