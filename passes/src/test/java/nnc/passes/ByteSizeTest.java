package nnc.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ByteSizeTest {
    @Test
    void binaryAndDecimalUnits() {
        assertEquals(2L << 30, ByteSize.parse("2GiB"));
        assertEquals(512L << 20, ByteSize.parse("512MiB"));
        assertEquals(4_000_000_000L, ByteSize.parse("4GB"));
        assertEquals(3_000, ByteSize.parse("3kB"));
        assertEquals(1L << 40, ByteSize.parse("1TiB"));
    }

    @Test
    void plainNumbersAreBytes() {
        assertEquals(4096, ByteSize.parse("4096"));
        assertEquals(4096, ByteSize.parse("4096B"));
    }

    @Test
    void unitsIgnoreCaseAndFractionsMustGiveWholeBytes() {
        assertEquals(2L << 30, ByteSize.parse("2gib"));
        assertEquals(1536, ByteSize.parse("1.5KiB"));
        assertThrows(IllegalArgumentException.class, () -> ByteSize.parse("0.5B"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "GiB", "-1", "2XB", "1e3", "2 G", "99999999999TiB", "1.GiB"})
    void rejectsWhatIsNotASize(String text) {
        assertThrows(IllegalArgumentException.class, () -> ByteSize.parse(text));
    }
}
