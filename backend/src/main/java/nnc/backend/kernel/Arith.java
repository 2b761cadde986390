package nnc.backend.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * Small integer expressions for generated code, with the zeros and ones of constant shapes left out.
 * Java and OpenCL C share this syntax, so both targets use it.
 */
public final class Arith {
    private Arith() {}

    /** The terms joined with {@code +}, leaving out zeros; {@code 0} when nothing is left. */
    public static String sum(Object... terms) {
        List<String> kept = new ArrayList<>();
        for (Object t : terms) {
            String s = t.toString();
            if (!s.equals("0")) kept.add(s);
        }
        return kept.isEmpty() ? "0" : String.join(" + ", kept);
    }

    /** {@code v * k}; {@code v} itself for 1, {@code 0} for 0; a compound {@code v} is parenthesized. */
    public static String times(String v, long k) {
        if (k == 0 || v.equals("0")) return "0";
        if (k == 1) return v;
        return (v.contains(" ") ? "(" + v + ")" : v) + " * " + k;
    }

    /** {@code v - k}; {@code v} itself for 0. */
    public static String minus(String v, long k) {
        return k == 0 ? v : v + " - " + k;
    }

    /** The smallest power of two at least {@code n}, capped at {@code cap} (a power of two). */
    public static int pow2AtLeast(long n, int cap) {
        int p = 1;
        while (p < n && p < cap) p <<= 1;
        return p;
    }
}
