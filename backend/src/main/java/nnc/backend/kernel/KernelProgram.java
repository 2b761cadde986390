package nnc.backend.kernel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nnc.ir.Arg;
import nnc.ir.Graph;

/**
 * Everything a target needs to emit one network: its arguments (each with a buffer of its own), the
 * arena of {@code arenaBytes} for every transient value, the kernels in schedule order, where each
 * named output is read from after a step, and, for a training graph, the value each persistent
 * argument takes when the step ends. {@code loss} names the loss output, or is null.
 */
public record KernelProgram(Graph graph, List<Arg> args, long arenaBytes, List<Kernel> kernels, Map<String, TensorRef> outputs,
        Map<Arg, TensorRef> updates, String loss) {
    public KernelProgram {
        args = List.copyOf(args);
        kernels = List.copyOf(kernels);
        outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
        updates = Collections.unmodifiableMap(new LinkedHashMap<>(updates));
    }

    /** A training step updates params and optimizer state; an inference graph has no updates. */
    public boolean training() {
        return !updates.isEmpty();
    }

    /**
     * The updates a target copies into their arguments after the kernels: all but those written in
     * place (source already the target's own buffer), sources that are arguments first, since every
     * update reads the step's old values.
     */
    public List<Map.Entry<Arg, TensorRef>> updateCopies() {
        List<Map.Entry<Arg, TensorRef>> copies = new ArrayList<>();
        for (Map.Entry<Arg, TensorRef> u : updates.entrySet()) {
            if (!u.getValue().buffer().equals(new Buffer.Argument(u.getKey()))) copies.add(u);
        }
        copies.sort(Comparator.comparing(u -> u.getValue().buffer() instanceof Buffer.Arena));
        return copies;
    }

    /** The arena in 4-byte elements; the planner aligns its size to 64 bytes. */
    public long arenaElements() {
        return arenaBytes / 4;
    }

    /** Bytes of every argument's own buffer. */
    public long argumentBytes() {
        return args.stream().mapToLong(a -> a.type().bytes()).sum();
    }

    public String name() {
        return graph.name();
    }
}
