package org.vmbussim.azblob.vsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongKeyMapTest {

    @Test
    void behavesLikeAHashMapThroughGrowthAndRemovalsThatShiftProbeRuns() {
        final long seed = System.nanoTime();
        final Random random = new Random(seed);
        final LongKeyMap<String> map = new LongKeyMap<>();
        final Map<Long, String> expected = new HashMap<>();
        for (int step = 0; step < 20_000; step++) {
            // Few distinct keys (long probe runs, many removals) mixed with sequential cookies and extremes.
            final long key = switch (random.nextInt(4)) {
                case 0 -> random.nextInt(64);
                case 1 -> step;
                case 2 -> random.nextBoolean() ? Long.MIN_VALUE + random.nextInt(4)
                        : Long.MAX_VALUE - random.nextInt(4);
                default -> random.nextLong();
            };
            final String context = "seed=" + seed + " step=" + step + " key=" + key;
            if (random.nextInt(3) == 0) {
                assertEquals(expected.remove(key), map.remove(key), context);
            } else {
                map.put(key, "v" + step);
                expected.put(key, "v" + step);
            }
            assertEquals(expected.size(), map.size(), context);
            if (step % 97 == 0) {
                for (final Map.Entry<Long, String> e : expected.entrySet()) {
                    assertEquals(e.getValue(), map.get(e.getKey()), context + " looking up " + e.getKey());
                }
            }
        }
        final List<String> values = map.values();
        assertEquals(expected.size(), values.size());
        assertEquals(new HashSet<>(expected.values()), new HashSet<>(values));
    }

    @Test
    void anEmptiedMapFindsNothing() {
        final LongKeyMap<String> map = new LongKeyMap<>();
        for (long k = 1; k <= 100; k++) {
            map.put(k, "v" + k);
        }
        for (long k = 1; k <= 100; k++) {
            assertEquals("v" + k, map.remove(k));
        }
        assertEquals(0, map.size());
        assertEquals(true, map.isEmpty());
        assertNull(map.get(50));
        assertNull(map.remove(50));
    }
}
