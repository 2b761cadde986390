package nnc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class WorkersTest {
    @Test
    void runsEveryBlockExactlyOnce() {
        for (int blocks : new int[] {1, 2, 3, 17, 64}) {
            for (int round = 0; round < 200; round++) {
                AtomicIntegerArray runs = new AtomicIntegerArray(blocks);
                Workers.run(blocks, runs::incrementAndGet);
                int[] once = new int[blocks];
                java.util.Arrays.fill(once, 1);
                int[] seen = new int[blocks];
                for (int b = 0; b < blocks; b++) seen[b] = runs.get(b);
                assertArrayEquals(once, seen, blocks + " blocks, round " + round);
            }
        }
    }

    @Test
    void writesOfEveryBlockAreVisibleWhenRunReturns() {
        float[] out = new float[64 * 1000];
        for (int round = 1; round <= 50; round++) {
            float value = round;
            Workers.run(64, b -> java.util.Arrays.fill(out, b * 1000, (b + 1) * 1000, value));
            for (float v : out) assertEquals(value, v);
        }
    }

    @Test
    void rethrowsWhatABlockThrewAndStaysUsable() {
        IllegalStateException boom = new IllegalStateException("block 5");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> Workers.run(8, b -> {
            if (b == 5) throw boom;
        }));
        assertSame(boom, thrown);
        AtomicIntegerArray runs = new AtomicIntegerArray(8);
        Workers.run(8, runs::incrementAndGet);
        for (int b = 0; b < 8; b++) assertEquals(1, runs.get(b));
    }

    @Test
    void servesConcurrentCallersOneAtATime() throws Exception {
        long[] sums = new long[4];
        Thread[] callers = new Thread[sums.length];
        for (int c = 0; c < callers.length; c++) {
            int caller = c;
            callers[c] = new Thread(() -> {
                for (int round = 0; round < 100; round++) {
                    long[] parts = new long[16];
                    Workers.run(16, b -> parts[b] = b + 1);
                    for (long p : parts) sums[caller] += p;
                }
            });
            callers[c].start();
        }
        for (Thread t : callers) t.join();
        for (long s : sums) assertEquals(100L * 16 * 17 / 2, s);
    }
}
