package nnc.frontend.lower;

import java.util.List;
import nnc.ir.TensorType;
import nnc.ir.Value;

/**
 * What an expression evaluates to while lowering: a compile-time number or boolean, a tensor (an IR
 * value), a tuple or list of values, or {@link #ERROR}: the result of an expression that already
 * failed, which every operation passes on silently so that one mistake is reported once.
 */
sealed interface Val {
    Val ERROR = new ErrorVal();

    /** The value for messages: "integer 3", "tensor f32[2,3]". */
    String describe();

    record IntVal(long value) implements Val {
        @Override
        public String describe() {
            return "integer " + value;
        }
    }

    record FloatVal(double value) implements Val {
        @Override
        public String describe() {
            return "float " + value;
        }
    }

    record BoolVal(boolean value) implements Val {
        @Override
        public String describe() {
            return "boolean " + value;
        }
    }

    record TensorVal(Value value) implements Val {
        public TensorType type() {
            return value.type();
        }

        @Override
        public String describe() {
            return "tensor " + value.type();
        }
    }

    /** What a function with several results and {@code split} return. */
    record TupleVal(List<Val> items) implements Val {
        @Override
        public String describe() {
            return "a tuple of " + items.size() + " values";
        }
    }

    /** {@code [a, b]}. */
    record ListVal(List<Val> items) implements Val {
        @Override
        public String describe() {
            return "a list of " + items.size() + " values";
        }
    }

    final class ErrorVal implements Val {
        private ErrorVal() {}

        @Override
        public String describe() {
            return "an erroneous value";
        }
    }

    default boolean isError() {
        return this == ERROR;
    }

    default boolean isNumber() {
        return this instanceof IntVal || this instanceof FloatVal;
    }

    /** Items of a tuple or list, or null for anything else. */
    default List<Val> items() {
        if (this instanceof TupleVal t) return t.items();
        if (this instanceof ListVal l) return l.items();
        return null;
    }

    /** The value of a number as a double. */
    static double toDouble(Val v) {
        return v instanceof IntVal i ? i.value() : ((FloatVal) v).value();
    }
}
