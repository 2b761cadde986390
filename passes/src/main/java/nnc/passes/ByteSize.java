package nnc.passes;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte sizes as users write them: a number and an optional unit, decimal ({@code kB MB GB TB},
 * powers of 1000) or binary ({@code KiB MiB GiB TiB}, powers of 1024). Units are case-insensitive,
 * so {@code 2gib} works too; fractions are allowed when the result is a whole number of bytes.
 */
public final class ByteSize {
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([a-zA-Z]*)");
    private static final Map<String, Long> UNITS = Map.of(
            "", 1L, "b", 1L,
            "kb", 1000L, "mb", 1000_000L, "gb", 1000_000_000L, "tb", 1000_000_000_000L,
            "kib", 1L << 10, "mib", 1L << 20, "gib", 1L << 30, "tib", 1L << 40);

    private ByteSize() {}

    /** Parses {@code text}; throws {@link IllegalArgumentException} when it is not a byte size. */
    public static long parse(String text) {
        Matcher m = SIZE.matcher(text.strip());
        Long unit = m.matches() ? UNITS.get(m.group(2).toLowerCase(Locale.ROOT)) : null;
        if (unit == null) throw new IllegalArgumentException("'" + text + "' is not a byte size");
        try {
            return new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)).longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is not a whole number of bytes that fits in 63 bits");
        }
    }
}
