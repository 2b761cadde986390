package nnc.frontend.lower;

import java.util.List;
import java.util.Map;
import nnc.ir.SourceLoc;

/** Call arguments bound to parameter names, with typed reads that fail at the argument's position. */
final class BoundArgs {
    private final String callee;
    private final SourceLoc callLoc;
    private final Map<String, ArgValue> named;
    private final List<ArgValue> rest;

    BoundArgs(String callee, SourceLoc callLoc, Map<String, ArgValue> named, List<ArgValue> rest) {
        this.callee = callee;
        this.callLoc = callLoc;
        this.named = named;
        this.rest = rest;
    }

    String signatureName() {
        return callee;
    }

    boolean has(String name) {
        return named.containsKey(name);
    }

    /** The argument's value, or null when it was not given. */
    Val get(String name) {
        ArgValue a = named.get(name);
        return a == null ? null : a.value();
    }

    /** Where the argument was written; the call itself when it was not. */
    SourceLoc loc(String name) {
        ArgValue a = named.get(name);
        return a == null ? callLoc : a.loc();
    }

    /** Positional arguments past the named parameters. */
    List<ArgValue> rest() {
        return rest;
    }

    boolean anyError() {
        return named.values().stream().anyMatch(a -> a.value().isError()) || rest.stream().anyMatch(a -> a.value().isError());
    }

    /** "conv2d: 'stride'", the subject of messages about one argument. */
    String what(String name) {
        return callee + ": '" + name + "'";
    }

    Val.TensorVal tensor(String name) {
        return Expect.tensor(get(name), loc(name), what(name));
    }

    long integer(String name, long dflt) {
        return has(name) ? Expect.integer(get(name), loc(name), what(name)) : dflt;
    }

    int smallInt(String name, int dflt) {
        return has(name) ? Expect.smallInt(get(name), loc(name), what(name)) : dflt;
    }

    double number(String name, double dflt) {
        return has(name) ? Expect.number(get(name), loc(name), what(name)) : dflt;
    }

    boolean bool(String name, boolean dflt) {
        return has(name) ? Expect.bool(get(name), loc(name), what(name)) : dflt;
    }

    /** An int or an {@code [h, w]} pair, as a pair; {@code dflt} when not given. */
    List<Integer> pair(String name, int dflt) {
        if (!has(name)) return List.of(dflt, dflt);
        Val v = get(name);
        if (v instanceof Val.IntVal) {
            int i = Expect.smallInt(v, loc(name), what(name));
            return List.of(i, i);
        }
        if (v.items() == null) throw new CompileError(loc(name), what(name) + " must be an integer or a pair [h, w], got " + v.describe());
        List<Integer> p = Expect.ints(v, loc(name), what(name));
        if (p.size() != 2) throw new CompileError(loc(name), what(name) + " must be an integer or a pair [h, w], got " + p.size() + " values");
        return p;
    }
}
