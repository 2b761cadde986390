package nnc.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import nnc.ir.Arg;
import nnc.ir.Graph;
import nnc.ir.Initializers;
import nnc.ir.Npy;
import nnc.ir.NpyException;
import nnc.ir.Tensor;

/**
 * A tensor for every argument of a graph: read from {@code DIR/<name>.npy} when the user gave a
 * directory for that kind of argument (inputs, or params and optimizer state), else generated from the seed.
 */
final class RunArguments {
    private RunArguments() {}

    /** {@code inputsDir} and {@code paramsDir} may be null; then those arguments are generated. */
    static Map<String, Tensor> collect(Graph g, Path inputsDir, Path paramsDir, long seed) {
        Map<String, Tensor> args = new LinkedHashMap<>();
        for (Arg a : g.args()) {
            Path dir = a.persistent() ? paramsDir : inputsDir;
            args.put(a.name(), dir == null ? Initializers.forArg(a, seed) : read(dir.resolve(a.name() + ".npy"), a));
        }
        return args;
    }

    private static Tensor read(Path file, Arg a) {
        try {
            return Npy.read(file, a.type());
        } catch (NpyException e) {
            // The message starts with the file's name and says what is wrong with it.
            throw UserError.of(e.getMessage() + " (for " + a.role().text() + " %" + a.name() + ")");
        }
    }
}
