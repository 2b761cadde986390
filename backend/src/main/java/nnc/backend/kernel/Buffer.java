package nnc.backend.kernel;

import nnc.ir.Arg;

/**
 * Where a tensor's elements live at run time: the one arena of transient values, or the buffer of its
 * own that every graph argument (input, param, optimizer state) has.
 */
public sealed interface Buffer permits Buffer.Arena, Buffer.Argument {
    /** The arena: {@code arena_bytes} of the graph's plan, holding every node's result at its planned offset. */
    record Arena() implements Buffer {
        @Override
        public String toString() {
            return "arena";
        }
    }

    /** The buffer of a graph argument, exactly the argument's size. */
    record Argument(Arg arg) implements Buffer {
        @Override
        public String toString() {
            return arg.toString();
        }
    }

    Arena ARENA = new Arena();
}
