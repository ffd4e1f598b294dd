package org.vmbussim.azblob.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RepeatedDecimalTest {
    private final RepeatedDecimal decimal = new RepeatedDecimal();

    @Test
    void aRepeatedValueGetsTheSameStringAndEveryValueItsOwnText() {
        final String first = decimal.text(4096);
        assertEquals("4096", first);
        assertSame(first, decimal.text(4096));
        assertEquals("409", decimal.text(409));
        assertEquals("4096", decimal.text(4096));
        final String again = decimal.text(4096);
        assertEquals("0", decimal.text(0));
        assertSame(again, decimal.text(4096), "one-digit values do not replace the remembered one");
        assertEquals("-1", decimal.text(-1));
        assertEquals("9", decimal.text(9));
        assertEquals("10", decimal.text(10));
        assertEquals(Long.toString(Long.MIN_VALUE), decimal.text(Long.MIN_VALUE));
    }

    @Test
    void threadsWithDifferentValuesNeverGetEachOthersText() throws Exception {
        final ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            final List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                final long seed = 1000L + t;
                futures.add(pool.submit(() -> {
                    final Random random = new Random(seed);
                    for (int i = 0; i < 20_000; i++) {
                        final long value = random.nextInt(3) == 0 ? seed : random.nextInt(5);
                        assertEquals(Long.toString(value), decimal.text(value), "seed " + seed);
                    }
                    return null;
                }));
            }
            for (final Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
    }
}
