package nnc.ir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InitializersTest {
    private static Arg arg(String name, Arg.Role role, TensorType type, Object... attrs) {
        return new Arg(name, role, type, Attrs.of(attrs), SourceLoc.NONE);
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElseThrow();
    }

    private static double std(double[] v) {
        double m = mean(v);
        return Math.sqrt(Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / v.length);
    }

    @Test
    void sameSeedSameValuesOtherSeedOtherValues() {
        Arg w = arg("w", Arg.Role.PARAM, TensorType.f32(16, 16), "init", "xavier");
        assertArrayEquals(Initializers.forArg(w, 7).toArray(), Initializers.forArg(w, 7).toArray());
        assertFalse(Arrays.equals(Initializers.forArg(w, 7).toArray(), Initializers.forArg(w, 8).toArray()));
        Arg v = arg("v", Arg.Role.PARAM, TensorType.f32(16, 16), "init", "xavier");
        assertFalse(Arrays.equals(Initializers.forArg(w, 7).toArray(), Initializers.forArg(v, 7).toArray()),
                "each name has its own stream");
    }

    @Test
    void addingAnArgumentLeavesTheOthersUnchanged() {
        Graph small = new Graph("small");
        small.addArg("w", Arg.Role.PARAM, TensorType.f32(8), Attrs.of("init", "normal", "std", 0.5), SourceLoc.NONE);
        Graph big = new Graph("big");
        big.addArg("x", Arg.Role.INPUT, TensorType.f32(3), Attrs.EMPTY, SourceLoc.NONE);
        big.addArg("w", Arg.Role.PARAM, TensorType.f32(8), Attrs.of("init", "normal", "std", 0.5), SourceLoc.NONE);
        Map<String, Tensor> a = Initializers.forGraph(small, 1);
        Map<String, Tensor> b = Initializers.forGraph(big, 1);
        assertEquals(java.util.List.of("x", "w"), java.util.List.copyOf(b.keySet()));
        assertArrayEquals(a.get("w").toArray(), b.get("w").toArray());
    }

    @Test
    void valuesAreStableAcrossRuns() {
        double[] v = Initializers.forArg(arg("w", Arg.Role.PARAM, TensorType.f32(3), "init", "normal", "std", 1.0), 42)
                .toArray();
        // Pinned (and checked against an independent Python SplitMix64): a change here changes every
        // generated input and parameter.
        assertEquals("[1.3745752573013306, 0.7113621830940247, 1.2708070278167725]", Arrays.toString(v));
    }

    @Test
    void everyValueIsAFloat32() {
        for (String init : new String[] {"xavier", "he"}) {
            for (double v : Initializers.forArg(arg("w", Arg.Role.PARAM, TensorType.f32(100), "init", init), 3).toArray()) {
                assertEquals(v, (float) v);
            }
        }
    }

    @Test
    void fansFollowMatrixAndConvolutionLayouts() {
        assertEquals(new Initializers.Fans(784, 128), Initializers.Fans.of(Shape.of(784, 128)));
        assertEquals(new Initializers.Fans(32 * 9, 64 * 9), Initializers.Fans.of(Shape.of(64, 32, 3, 3)));
        assertEquals(new Initializers.Fans(128, 128), Initializers.Fans.of(Shape.of(128)));
        assertEquals(new Initializers.Fans(1, 1), Initializers.Fans.of(Shape.SCALAR));
    }

    @Test
    void xavierIsGlorotUniform() {
        double[] v = Initializers.forArg(arg("w", Arg.Role.PARAM, TensorType.f32(784, 128), "init", "xavier"), 1).toArray();
        double limit = Math.sqrt(6.0 / (784 + 128));
        assertTrue(Arrays.stream(v).allMatch(x -> Math.abs(x) <= limit));
        assertTrue(Arrays.stream(v).max().orElseThrow() > 0.999 * limit);
        assertTrue(Arrays.stream(v).min().orElseThrow() < -0.999 * limit);
        assertEquals(0, mean(v), 0.01 * limit);
        assertEquals(limit / Math.sqrt(3), std(v), 0.01 * limit);
    }

    @Test
    void heAndNormalHaveTheirStandardDeviation() {
        double[] he = Initializers.forArg(arg("c", Arg.Role.PARAM, TensorType.f32(64, 32, 3, 3), "init", "he"), 1).toArray();
        assertEquals(Math.sqrt(2.0 / (32 * 9)), std(he), 0.03 * Math.sqrt(2.0 / (32 * 9)));
        double[] n = Initializers.forArg(arg("e", Arg.Role.PARAM, TensorType.f32(100, 100), "init", "normal", "std", 0.1), 1)
                .toArray();
        assertEquals(0.1, std(n), 0.002);
        assertEquals(0, mean(n), 0.003);
    }

    @Test
    void constantsAndDefaults() {
        assertArrayEquals(new double[] {1, 1}, Initializers.forArg(arg("o", Arg.Role.PARAM, TensorType.f32(2), "init", "ones"), 1)
                .toArray());
        assertArrayEquals(new double[] {0, 0}, Initializers.forArg(arg("z", Arg.Role.PARAM, TensorType.f32(2), "init", "zeros"), 1)
                .toArray());
        assertArrayEquals(new double[] {0, 0}, Initializers.forArg(arg("m", Arg.Role.STATE, TensorType.f32(2)), 1).toArray(),
                "state without init starts at zero");
    }

    @Test
    void inputsAreStandardNormalOrUniformIntegers() {
        double[] x = Initializers.forArg(arg("x", Arg.Role.INPUT, TensorType.f32(100, 100)), 5).toArray();
        assertEquals(0, mean(x), 0.03);
        assertEquals(1, std(x), 0.02);
        double[] labels = Initializers.forArg(arg("y", Arg.Role.INPUT, TensorType.i32(1000), "low", -3, "high", 2), 5)
                .toArray();
        int[] counts = new int[5];
        for (double l : labels) {
            assertEquals(l, Math.rint(l));
            counts[(int) l + 3]++;
        }
        for (int c : counts) assertEquals(200, c, 50);
    }

    @Test
    void badAttributesAreNamed() {
        assertEquals("param %w: unknown init 'glorot' (expected zeros, ones, normal, xavier or he)",
                assertThrows(IllegalArgumentException.class, () -> Initializers.forArg(
                        arg("w", Arg.Role.PARAM, TensorType.f32(2), "init", "glorot"), 1)).getMessage());
        assertEquals("param %w: init 'normal' needs a 'std' attribute",
                assertThrows(IllegalArgumentException.class, () -> Initializers.forArg(
                        arg("w", Arg.Role.PARAM, TensorType.f32(2), "init", "normal"), 1)).getMessage());
        assertEquals("param %k: init 'he' needs an f32 argument",
                assertThrows(IllegalArgumentException.class, () -> Initializers.forArg(
                        arg("k", Arg.Role.PARAM, TensorType.i32(2), "init", "he"), 1)).getMessage());
        assertEquals("input %y: i32 inputs need 'low' and 'high' attributes",
                assertThrows(IllegalArgumentException.class, () -> Initializers.forArg(
                        arg("y", Arg.Role.INPUT, TensorType.i32(2)), 1)).getMessage());
        assertEquals("input %y: empty range [low, high)",
                assertThrows(IllegalArgumentException.class, () -> Initializers.forArg(
                        arg("y", Arg.Role.INPUT, TensorType.i32(2), "low", 3, "high", 3), 1)).getMessage());
    }
}
