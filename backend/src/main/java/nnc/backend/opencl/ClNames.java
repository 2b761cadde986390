package nnc.backend.opencl;

import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nnc.backend.kernel.Buffer;
import nnc.ir.Arg;

/**
 * Kernel parameter names for buffers: {@code arena} for the arena, {@code arg_<name>} for a graph
 * argument (the prefix keeps them clear of C keywords and of the kernels' own locals, which are
 * {@code i0}, {@code v0}, {@code t0} and a few fixed words). Also the order parameters take: the arena
 * first, then arguments in graph order.
 */
final class ClNames {
    static final String ARENA = "arena";

    private final Map<Arg, String> params = new IdentityHashMap<>();
    private final List<Arg> args;

    ClNames(List<Arg> args) {
        this.args = List.copyOf(args);
        Set<String> taken = new HashSet<>();
        for (Arg a : args) {
            String name = "arg_" + a.name().replaceAll("[^A-Za-z0-9_]", "_");
            while (!taken.add(name)) name += "_";
            params.put(a, name);
        }
    }

    String param(Buffer b) {
        return b instanceof Buffer.Argument a ? params.get(a.arg()) : ARENA;
    }

    /** The position of {@code b} among every buffer: the arena is 0, argument {@code i} is {@code i + 1}. */
    int order(Buffer b) {
        return b instanceof Buffer.Argument a ? args.indexOf(a.arg()) + 1 : 0;
    }
}
