package nnc.ir;

/**
 * SplitMix64 (Steele, Lea and Flood, 2014): a small generator whose output is fixed by its seed on
 * every JVM and platform, unlike {@code SplittableRandom}'s unspecified algorithm or {@code Math}'s
 * platform-dependent last bits.
 */
final class SplitMix64 {
    private long state;

    SplitMix64(long seed) {
        this.state = seed;
    }

    /** A generator for one named stream under {@code seed}; different names give independent streams. */
    static SplitMix64 stream(long seed, String name) {
        long h = 0xcbf29ce484222325L; // FNV-1a over the name's characters
        for (int i = 0; i < name.length(); i++) {
            h = (h ^ name.charAt(i)) * 0x100000001b3L;
        }
        return new SplitMix64(mix(seed) ^ h);
    }

    long nextLong() {
        state += 0x9E3779B97F4A7C15L;
        return mix(state);
    }

    /** Uniform in [0, 1), 53 random bits. */
    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Standard normal by Box-Muller; StrictMath keeps the result identical on every platform. */
    double nextGaussian() {
        double u1 = 1 - nextDouble(); // in (0, 1], so the log is finite
        double u2 = nextDouble();
        return StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * StrictMath.PI * u2);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
