package nnc.frontend.lower;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Every builtin function of the DSL, by name (README, "Builtins"). */
final class Builtins {
    private static final Map<String, Builtin> BY_NAME = new TreeMap<>();

    static {
        ElementwiseBuiltins.addTo(BY_NAME);
        ConstantBuiltins.addTo(BY_NAME);
        NetworkBuiltins.addTo(BY_NAME);
        ShapeBuiltins.addTo(BY_NAME);
        ReductionBuiltins.addTo(BY_NAME);
    }

    private Builtins() {}

    /** The builtin named {@code name}, or null. */
    static Builtin get(String name) {
        return BY_NAME.get(name);
    }

    static Set<String> names() {
        return BY_NAME.keySet();
    }
}
