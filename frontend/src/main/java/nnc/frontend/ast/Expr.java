package nnc.frontend.ast;

import java.util.List;
import nnc.ir.SourceLoc;

/** Expressions. {@code loc} is where the expression starts, the position its IR nodes carry. */
public sealed interface Expr {
    SourceLoc loc();

    record Name(SourceLoc loc, String name) implements Expr {}

    /** The literal's text; the checker reads its value (and reports one too large). */
    record IntLit(SourceLoc loc, String text) implements Expr {}

    record FloatLit(SourceLoc loc, String text) implements Expr {}

    record BoolLit(SourceLoc loc, boolean value) implements Expr {}

    record ListLit(SourceLoc loc, List<Expr> items) implements Expr {}

    record Call(SourceLoc loc, String callee, List<Argument> args) implements Expr {}

    /** {@code keyword} is null for a positional argument. */
    record Argument(SourceLoc loc, String keyword, Expr value) {}

    record Index(SourceLoc loc, Expr target, List<IndexItem> items) implements Expr {}

    record Unary(SourceLoc loc, UnaryOp op, Expr operand) implements Expr {}

    /** {@code opLoc} is the operator's position, where errors about the operation point. */
    record Binary(SourceLoc loc, SourceLoc opLoc, BinaryOp op, Expr left, Expr right) implements Expr {}

    /** One entry of {@code x[...]}. */
    sealed interface IndexItem {
        SourceLoc loc();
    }

    /** {@code x[i]}: picks one position and drops the axis. */
    record At(SourceLoc loc, Expr index) implements IndexItem {}

    /** {@code x[lo:hi]}; a missing bound is null. */
    record Slice(SourceLoc loc, Expr lo, Expr hi) implements IndexItem {}

    enum UnaryOp {
        NEG,
        NOT
    }

    enum BinaryOp {
        POW("**"),
        MUL("*"),
        DIV("/"),
        FLOOR_DIV("//"),
        MATMUL("@"),
        ADD("+"),
        SUB("-"),
        EQ("=="),
        NE("!="),
        LT("<"),
        LE("<="),
        GT(">"),
        GE(">="),
        AND("and"),
        OR("or");

        private final String symbol;

        BinaryOp(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        public static BinaryOp ofSymbol(String symbol) {
            for (BinaryOp op : values()) {
                if (op.symbol.equals(symbol)) return op;
            }
            throw new IllegalArgumentException("no binary operator '" + symbol + "'");
        }

        public boolean isComparison() {
            return this == EQ || this == NE || this == LT || this == LE || this == GT || this == GE;
        }
    }
}
