package nnc.backend;

import java.util.Map;
import nnc.ir.Interpreter;
import nnc.ir.Tensor;

/**
 * A network loaded on a target, ready to run steps: what {@code nnc run} drives on every target.
 * Params and optimizer state carry over from one step to the next.
 */
public interface Session {
    /** Runs one step; returns its outputs and the new value of every updated argument. */
    Interpreter.Result step();

    /** The current value of every param and optimizer state argument, in argument order. */
    Map<String, Tensor> persistent();
}
