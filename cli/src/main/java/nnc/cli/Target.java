package nnc.cli;

import java.util.Map;
import nnc.ir.Graph;
import nnc.ir.Interpreter;
import nnc.ir.Tensor;

/** Where {@code nnc run} executes a network: the one place a new target (java, opencl) is added. */
enum Target {
    /** The reference interpreter, the oracle every other target is checked against. */
    INTERP("interp") {
        @Override
        Interpreter.Result run(Graph g, Map<String, Tensor> args) {
            return Interpreter.run(g, args);
        }
    };

    private final String text;

    Target(String text) {
        this.text = text;
    }

    /** Runs one step of {@code g}; {@code args} holds a tensor for every argument of the graph. */
    abstract Interpreter.Result run(Graph g, Map<String, Tensor> args);

    /** The name users type; picocli lists and matches values by it. */
    @Override
    public String toString() {
        return text;
    }
}
