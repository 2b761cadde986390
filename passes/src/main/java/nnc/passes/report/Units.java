package nnc.passes.report;

import java.util.Locale;

/** Sizes and counts as people read them: {@code 1.52 GiB}, {@code 3.10 TFLOP}, {@code 12,345}. */
public final class Units {
    private static final String[] BINARY = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    private static final String[] DECIMAL = {"", "k", "M", "G", "T", "P", "E"};

    private Units() {}

    /** Bytes with a binary unit and three significant digits: {@code 512 B}, {@code 1.52 GiB}, {@code 15.2 MiB}. */
    public static String bytes(long bytes) {
        return scaled(bytes, 1024, BINARY, "");
    }

    /** A byte difference with its sign, {@code +1.20 MiB}, {@code -64 B}, or {@code 0}. */
    public static String signedBytes(long delta) {
        if (delta == 0) return "0";
        return (delta > 0 ? "+" : "-") + bytes(Math.abs(delta));
    }

    /** Floating point operations with a decimal prefix: {@code 3.10 TFLOP}. */
    public static String flops(long flops) {
        return scaled(flops, 1000, DECIMAL, "FLOP");
    }

    /** An integer with thousands separators: {@code 12,345}. */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String scaled(long value, int base, String[] prefixes, String unit) {
        if (value < base) return value + " " + prefixes[0] + unit;
        double v = value;
        int p = 0;
        while (v >= base && p < prefixes.length - 1) {
            v /= base;
            p++;
        }
        String digits = v < 10 ? "%.2f" : v < 100 ? "%.1f" : "%.0f";
        return String.format(Locale.ROOT, digits, v) + " " + prefixes[p] + unit;
    }
}
