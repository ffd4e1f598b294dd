package org.vmbussim.azblob.vsp.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.vmbussim.azblob.protocol.RequestIds;

/** The hand-written request ids and ETags keep the form String.format gave them. */
class ResponseTextTest {
    private static final Pattern REQUEST_ID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");

    @Test
    void requestIdsHaveTheServiceFormAndDoNotRepeat() {
        final Set<String> seen = new HashSet<>();
        final RequestIds ids = new RequestIds();
        for (int i = 0; i < 2000; i++) {
            final String id = ids.serviceForm();
            assertTrue(REQUEST_ID.matcher(id).matches(), id);
            assertTrue(seen.add(id), id);
        }
    }

    @Test
    void etagTextMatchesTheFormatString() {
        final long seed = System.nanoTime();
        final Random random = new Random(seed);
        final long[] edges = {0, 1, 0xF, 0xFFF_FFFF_FFFF_FFFFL, 0x1000_0000_0000_0000L, Long.MAX_VALUE, -1,
            Long.MIN_VALUE};
        for (final long value : edges) {
            assertEquals(String.format(Locale.ROOT, "0x%015X", value), StorageEngine.etagText(value));
        }
        for (int i = 0; i < 2000; i++) {
            final long value = random.nextLong() >>> random.nextInt(64);
            assertEquals(String.format(Locale.ROOT, "0x%015X", value), StorageEngine.etagText(value),
                    "seed " + seed);
        }
    }
}
