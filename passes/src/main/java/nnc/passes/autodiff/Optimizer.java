package nnc.passes.autodiff;

import java.util.Map;
import java.util.Set;
import nnc.ir.Arg;
import nnc.ir.Attrs;
import nnc.ir.Graph;
import nnc.ir.SourceLoc;
import nnc.ir.TensorType;
import nnc.ir.Value;

/**
 * The update rule of a training clause. It adds optimizer-phase nodes computing each param's new value
 * from its gradient, any state it needs as {@code state} arguments (initialized to zeros), and the
 * in-place updates of params and state.
 */
public sealed interface Optimizer permits Sgd, Adam {
    /** Adds the update of every param in {@code grads}; params without a gradient are left as they are. */
    void apply(Graph g, Map<Arg, Value> grads);

    /**
     * The optimizer that graph attributes name: {@code optimizer = "sgd"} with {@code lr} and optional
     * {@code momentum}, or {@code "adam"} with {@code lr} and optional {@code beta1}, {@code beta2},
     * {@code eps}.
     *
     * @throws IllegalArgumentException naming the mistake when the attributes describe no optimizer
     */
    static Optimizer fromAttrs(Attrs attrs) {
        if (!attrs.has("optimizer")) throw new IllegalArgumentException("the training clause names no optimizer");
        String name = attrs.get("optimizer").toString();
        return switch (name) {
            case "sgd" -> {
                checkKeys(attrs, name, Set.of("lr", "momentum"));
                yield new Sgd(number(attrs, "lr", null), number(attrs, "momentum", 0.0));
            }
            case "adam" -> {
                checkKeys(attrs, name, Set.of("lr", "beta1", "beta2", "eps"));
                yield new Adam(number(attrs, "lr", null), number(attrs, "beta1", 0.9), number(attrs, "beta2", 0.999),
                        number(attrs, "eps", 1e-8));
            }
            default -> throw new IllegalArgumentException("unknown optimizer '" + name + "' (expected sgd or adam)");
        };
    }

    /** A new zero-initialized state argument shaped like {@code type}. */
    static Arg addState(Graph g, String name, TensorType type, SourceLoc loc) {
        return g.addArg(name, Arg.Role.STATE, type, Attrs.of("init", "zeros"), loc);
    }

    private static void checkKeys(Attrs attrs, String optimizer, Set<String> options) {
        for (String key : attrs.asMap().keySet()) {
            if (!key.equals("loss") && !key.equals("optimizer") && !options.contains(key)) {
                throw new IllegalArgumentException(optimizer + " has no option '" + key + "' (it takes " + String.join(", ",
                        options.stream().sorted().toList()) + ")");
            }
        }
    }

    private static double number(Attrs attrs, String key, Double dflt) {
        if (!attrs.has(key)) {
            if (dflt == null) throw new IllegalArgumentException("the optimizer needs '" + key + "'");
            return dflt;
        }
        Object v = attrs.get(key);
        if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            throw new IllegalArgumentException("optimizer option '" + key + "' must be a finite number, got " + v);
        }
        return n.doubleValue();
    }
}
