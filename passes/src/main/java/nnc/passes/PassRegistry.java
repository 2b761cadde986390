package nnc.passes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Passes by name. {@link #standard()} is the one place where nnc's passes are registered. */
public final class PassRegistry {
    private static final Pattern KEBAB = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    /**
     * Every pass nnc has, as plain data, in the order a full pipeline runs them. Each entry carries a
     * comment saying why it is there (DESIGN.md, "Passes").
     */
    private static final PassRegistry STANDARD = new PassRegistry(List.of());

    private final Map<String, Pass> byName = new LinkedHashMap<>();

    /** Throws {@link IllegalArgumentException} on a name that is not kebab-case or is taken twice. */
    public PassRegistry(List<Pass> passes) {
        for (Pass p : passes) {
            if (!KEBAB.matcher(p.name()).matches()) {
                throw new IllegalArgumentException("pass name '" + p.name() + "' is not kebab-case");
            }
            if (byName.putIfAbsent(p.name(), p) != null) {
                throw new IllegalArgumentException("two passes are named '" + p.name() + "'");
            }
        }
    }

    public static PassRegistry standard() {
        return STANDARD;
    }

    public Optional<Pass> lookup(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Names in registration order. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }
}
