package nnc.ir;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * Deterministic starting values for a graph's arguments. Each argument draws from its own stream,
 * seeded by (seed, argument name), so adding or reordering arguments leaves the others unchanged.
 * Values are rounded to float32, the precision every target stores.
 *
 * <ul>
 *   <li>params and state follow their {@code init} attribute: {@code "zeros"} (also when absent),
 *       {@code "ones"}, {@code "normal"} with attribute {@code std}, {@code "xavier"} (Glorot uniform,
 *       limit sqrt(6 / (fan_in + fan_out))) or {@code "he"} (normal, std sqrt(2 / fan_in));
 *   <li>f32 inputs are standard normal; i32 inputs are uniform in [{@code low}, {@code high}) from
 *       their attributes.
 * </ul>
 */
public final class Initializers {
    private Initializers() {}

    /** A value for every argument of {@code g}, by name, in argument order. */
    public static Map<String, Tensor> forGraph(Graph g, long seed) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (Arg a : g.args()) m.put(a.name(), forArg(a, seed));
        return m;
    }

    /** Throws {@link IllegalArgumentException} naming the argument when its attributes do not say how. */
    public static Tensor forArg(Arg a, long seed) {
        SplitMix64 rnd = SplitMix64.stream(seed, a.name());
        if (a.role() == Arg.Role.INPUT) {
            if (a.type().dtype() == DType.F32) return fill(a, rnd::nextGaussian);
            if (!a.attrs().has("low") || !a.attrs().has("high")) {
                throw new IllegalArgumentException(describe(a) + ": i32 inputs need 'low' and 'high' attributes");
            }
            int low = a.attrs().getInt("low");
            long range = (long) a.attrs().getInt("high") - low;
            if (range <= 0) throw new IllegalArgumentException(describe(a) + ": empty range [low, high)");
            return fill(a, () -> low + Math.floorMod(rnd.nextLong(), range));
        }
        String init = a.attrs().has("init") ? a.attrs().getString("init") : "zeros";
        if (init.equals("zeros")) return fill(a, () -> 0);
        if (init.equals("ones")) return fill(a, () -> 1);
        if (a.type().dtype() != DType.F32) {
            throw new IllegalArgumentException(describe(a) + ": init '" + init + "' needs an f32 argument");
        }
        Fans fans = Fans.of(a.type().shape());
        return switch (init) {
            case "normal" -> {
                if (!a.attrs().has("std")) throw new IllegalArgumentException(describe(a) + ": init 'normal' needs a 'std' attribute");
                double std = a.attrs().getFloat("std");
                yield fill(a, () -> std * rnd.nextGaussian());
            }
            case "xavier" -> {
                double limit = Math.sqrt(6.0 / (fans.in + fans.out));
                yield fill(a, () -> limit * (2 * rnd.nextDouble() - 1));
            }
            case "he" -> {
                double std = Math.sqrt(2.0 / fans.in);
                yield fill(a, () -> std * rnd.nextGaussian());
            }
            default -> throw new IllegalArgumentException(describe(a) + ": unknown init '" + init
                    + "' (expected zeros, ones, normal, xavier or he)");
        };
    }

    /**
     * Fan-in and fan-out of a weight: {@code [in, out]} matrices (multiplied as {@code x @ w}), conv
     * weights {@code [out, in, kh, kw]} (each counted over the kernel window), and the size for 1-D.
     */
    record Fans(long in, long out) {
        static Fans of(Shape s) {
            return switch (s.rank()) {
                case 0 -> new Fans(1, 1);
                case 1 -> new Fans(s.dim(0), s.dim(0));
                case 2 -> new Fans(s.dim(0), s.dim(1));
                default -> {
                    long window = 1;
                    for (int i = 2; i < s.rank(); i++) window *= s.dim(i);
                    yield new Fans(window * s.dim(1), window * s.dim(0));
                }
            };
        }
    }

    private static Tensor fill(Arg a, DoubleSupplier values) {
        Tensor t = Tensor.zeros(a.type());
        boolean f32 = a.type().dtype() == DType.F32;
        for (int i = 0; i < t.size(); i++) {
            double v = values.getAsDouble();
            t.set(i, f32 ? (float) v : v);
        }
        return t;
    }

    private static String describe(Arg a) {
        return a.role().text() + " %" + a.name();
    }
}
