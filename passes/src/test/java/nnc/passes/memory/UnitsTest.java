package nnc.passes.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import nnc.passes.report.Units;
import org.junit.jupiter.api.Test;

class UnitsTest {
    @Test
    void bytesHaveThreeSignificantDigitsInBinaryUnits() {
        assertEquals("0 B", Units.bytes(0));
        assertEquals("1023 B", Units.bytes(1023));
        assertEquals("1.00 KiB", Units.bytes(1024));
        assertEquals("1.52 GiB", Units.bytes(1_632_087_573L));
        assertEquals("15.2 MiB", Units.bytes(15_938_355L));
        assertEquals("301 MiB", Units.bytes(315_245_600L));
        assertEquals("-64 B", Units.signedBytes(-64));
        assertEquals("+1.50 MiB", Units.signedBytes(1_572_864));
        assertEquals("0", Units.signedBytes(0));
    }

    @Test
    void flopsHaveDecimalPrefixes() {
        assertEquals("999 FLOP", Units.flops(999));
        assertEquals("4.53 TFLOP", Units.flops(4_532_655_649_232L));
    }
}
