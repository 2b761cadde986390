package nnc.frontend.lower;

import nnc.frontend.ast.Expr.BinaryOp;
import nnc.ir.SourceLoc;

/**
 * Compile-time arithmetic. Two integers stay integers under + - * // and ** (with a non-negative
 * exponent); anything else involving a float, and /, gives a float. Overflow and division by zero
 * are errors, not wrapped or infinite values.
 */
final class Numbers {
    private Numbers() {}

    /** {@code a op b} for two numbers, or two booleans under == and !=; null when the operator does not apply. */
    static Val binary(BinaryOp op, Val a, Val b, SourceLoc loc) {
        if (a instanceof Val.BoolVal x && b instanceof Val.BoolVal y) {
            if (op == BinaryOp.EQ) return new Val.BoolVal(x.value() == y.value());
            if (op == BinaryOp.NE) return new Val.BoolVal(x.value() != y.value());
            return null;
        }
        if (!a.isNumber() || !b.isNumber()) return null;
        if (op.isComparison()) return new Val.BoolVal(compare(op, a, b));
        try {
            if (a instanceof Val.IntVal x && b instanceof Val.IntVal y) {
                Val v = integers(op, x.value(), y.value(), loc);
                if (v != null) return v;
            }
            return floats(op, Val.toDouble(a), Val.toDouble(b), loc);
        } catch (ArithmeticException e) {
            throw new CompileError(loc, "integer overflow in " + ((Val.IntVal) a).value() + " " + op.symbol() + " " + ((Val.IntVal) b).value());
        }
    }

    static Val negate(Val v, SourceLoc loc) {
        if (v instanceof Val.IntVal i) {
            if (i.value() == Long.MIN_VALUE) throw new CompileError(loc, "integer overflow in -" + i.value());
            return new Val.IntVal(-i.value());
        }
        return new Val.FloatVal(-((Val.FloatVal) v).value());
    }

    private static boolean compare(BinaryOp op, Val a, Val b) {
        int c = a instanceof Val.IntVal x && b instanceof Val.IntVal y
                ? Long.compare(x.value(), y.value())
                : Double.compare(Val.toDouble(a), Val.toDouble(b));
        return switch (op) {
            case EQ -> c == 0;
            case NE -> c != 0;
            case LT -> c < 0;
            case LE -> c <= 0;
            case GT -> c > 0;
            default -> c >= 0;
        };
    }

    /** Integer results, or null where the result is a float. */
    private static Val integers(BinaryOp op, long a, long b, SourceLoc loc) {
        return switch (op) {
            case ADD -> new Val.IntVal(Math.addExact(a, b));
            case SUB -> new Val.IntVal(Math.subtractExact(a, b));
            case MUL -> new Val.IntVal(Math.multiplyExact(a, b));
            case FLOOR_DIV -> {
                if (b == 0) throw new CompileError(loc, "division by zero");
                yield new Val.IntVal(Math.floorDiv(a, b));
            }
            case POW -> b >= 0 ? new Val.IntVal(power(a, b)) : null;
            default -> null;
        };
    }

    private static Val floats(BinaryOp op, double a, double b, SourceLoc loc) {
        if ((op == BinaryOp.DIV || op == BinaryOp.FLOOR_DIV) && b == 0) throw new CompileError(loc, "division by zero");
        double r = switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case FLOOR_DIV -> Math.floor(a / b);
            case POW -> Math.pow(a, b);
            default -> throw new CompileError(loc, "'" + op.symbol() + "' needs two tensors");
        };
        if (!Double.isFinite(r)) throw new CompileError(loc, a + " " + op.symbol() + " " + b + " is not a finite number");
        return new Val.FloatVal(r);
    }

    /** {@code base ** exp} by squaring; throws ArithmeticException on overflow. */
    private static long power(long base, long exp) {
        long result = 1;
        while (exp > 0) {
            if ((exp & 1) == 1) result = Math.multiplyExact(result, base);
            exp >>= 1;
            if (exp > 0) base = Math.multiplyExact(base, base);
        }
        return result;
    }
}
