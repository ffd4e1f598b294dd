package org.vmbussim.core.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SortedLongMapTest {

    @Test
    void shouldAnswerFloorLowerAndCeilingLikeATreeMap() {
        final long seed = System.nanoTime();
        final Random random = new Random(seed);
        final SortedLongMap<String> map = new SortedLongMap<>();
        final TreeMap<Long, String> expected = new TreeMap<>();
        for (int step = 0; step < 2_000; step++) {
            final long key = random.nextInt(200) - 100L;
            switch (random.nextInt(4)) {
                case 0, 1 -> {
                    map.put(key, "v" + step);
                    expected.put(key, "v" + step);
                }
                case 2 -> {
                    final int at = map.floorPosition(key);
                    if (at >= 0 && map.keyAt(at) == key) {
                        map.removeRange(at, at + 1);
                    }
                    expected.remove(key);
                }
                default -> {
                    final int from = map.ceilingPosition(key);
                    int to = from;
                    while (to < map.size() && map.keyAt(to) < key + 10) {
                        to++;
                    }
                    map.removeRange(from, to);
                    expected.subMap(key, key + 10).clear();
                }
            }
            final String context = "seed=" + seed + " step=" + step + " key=" + key;
            assertEquals(expected.size(), map.size(), context);
            assertEquals(value(expected.floorEntry(key)), map.floorValue(key), context);
            assertEquals(value(expected.lowerEntry(key)), map.lowerValue(key), context);
            final Long ceiling = expected.ceilingKey(key);
            final int c = map.ceilingPosition(key);
            assertEquals(ceiling, c < map.size() ? Long.valueOf(map.keyAt(c)) : null, context);
        }
        int i = 0;
        for (final Map.Entry<Long, String> e : expected.entrySet()) {
            assertEquals(e.getKey(), map.keyAt(i));
            assertEquals(e.getValue(), map.valueAt(i++));
        }
    }

    @Test
    void shouldReplaceAValueInPlaceAndForgetEverythingOnClear() {
        final SortedLongMap<String> map = new SortedLongMap<>();
        map.put(Long.MIN_VALUE, "min");
        map.put(Long.MAX_VALUE, "max");
        map.put(0, "zero");
        map.setValueAt(1, "nought");
        assertEquals("nought", map.floorValue(5));
        assertEquals("min", map.lowerValue(0));
        assertEquals("max", map.floorValue(Long.MAX_VALUE));
        map.clear();
        assertEquals(0, map.size());
        assertNull(map.floorValue(Long.MAX_VALUE));
    }

    private static String value(final Map.Entry<Long, String> e) {
        return e == null ? null : e.getValue();
    }
}
