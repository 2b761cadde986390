package nnc.frontend.lower;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import nnc.ir.SourceLoc;

/** The top-level dims, inputs and params: visible everywhere, assignable nowhere. */
final class Declarations {
    /** {@code kind} is "dim", "input" or "param". */
    record Declaration(String kind, Val value, SourceLoc loc) {}

    private final Map<String, Declaration> byName = new LinkedHashMap<>();

    Declaration get(String name) {
        return byName.get(name);
    }

    void add(String name, Declaration d) {
        byName.put(name, d);
    }

    Set<String> names() {
        return byName.keySet();
    }
}
