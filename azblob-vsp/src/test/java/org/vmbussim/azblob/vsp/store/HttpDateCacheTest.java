package org.vmbussim.azblob.vsp.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The cache answers exactly what {@link HttpDates#format} does, and the same string for a second it holds. */
class HttpDateCacheTest {
    @Test
    void shouldAnswerTheFormattedTextForAnySecond() {
        final HttpDateCache cache = new HttpDateCache();
        final long seed = System.nanoTime();
        final Random random = new Random(seed);
        for (int i = 0; i < 10_000; i++) {
            // Few distinct seconds, so slots are both hit and overwritten by seconds that share them.
            final Instant t = Instant.ofEpochSecond(1_790_000_000L + random.nextInt(40), random.nextInt(1_000_000_000));
            assertEquals(HttpDates.format(t), cache.format(t), () -> t + " (seed " + seed + ")");
        }
    }

    @Test
    void shouldReuseTheTextOfARecentSecond() {
        final HttpDateCache cache = new HttpDateCache();
        final String first = cache.format(Instant.ofEpochSecond(1_790_000_000L, 1));
        assertSame(first, cache.format(Instant.ofEpochSecond(1_790_000_000L, 999_999_999)));
        cache.format(Instant.ofEpochSecond(1_790_000_008L)); // same slot, another second
        assertEquals("Mon, 21 Sep 2026 14:13:28 GMT", cache.format(Instant.ofEpochSecond(1_790_000_008L)));
    }
}
