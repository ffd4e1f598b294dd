package org.vmbussim.azblob.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The field list kept as one name/value array: order, case-insensitive look-ups, and immutability. */
class HttpFieldsTest {
    @Test
    void shouldAdoptAnArrayCheckingEveryFieldAndReadingOnlyTheSlotsInUse() {
        final HttpFields f = HttpFields.adopt(new String[] {"Host", "h", "x-ms-meta-a", "1", null, null}, 4);
        assertEquals(HttpFields.of("Host", "h", "x-ms-meta-a", "1"), f);
        assertSame(HttpFields.empty(), HttpFields.adopt(new String[2], 0));
        for (final String[] bad : new String[][] {{"bad name", "v"}, {"name", "line\r\nbreak"}, {null, "v"}}) {
            final IllegalArgumentException expected = assertThrows(IllegalArgumentException.class,
                    () -> HttpFields.builder().add(bad[0], bad[1]));
            assertEquals(expected.getMessage(), assertThrows(IllegalArgumentException.class,
                    () -> HttpFields.adopt(new String[] {"Host", "h", bad[0], bad[1]}, 4)).getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> HttpFields.adopt(new String[4], 3));
        assertThrows(IllegalArgumentException.class, () -> HttpFields.adopt(new String[4], 6));
        assertThrows(IllegalArgumentException.class, () -> HttpFields.adopt(new String[4], -2));
    }

    @Test
    void shouldKeepOrderSpellingAndRepeatedNames() {
        final HttpFields f = HttpFields.of("X-Ms-Meta-A", "1", "Content-Length", "4", "x-ms-meta-a", "2");
        assertEquals(3, f.size());
        assertEquals("X-Ms-Meta-A", f.name(0));
        assertEquals("4", f.value(1));
        assertEquals("x-ms-meta-a", f.name(2));
        assertEquals("1", f.first("x-MS-meta-a"));
        assertEquals(List.of("1", "2"), f.all("X-MS-META-A"));
        assertTrue(f.contains("content-length"));
        assertNull(f.first("Date"));
        assertEquals(List.of(Map.entry("X-Ms-Meta-A", "1"), Map.entry("Content-Length", "4"),
                Map.entry("x-ms-meta-a", "2")), f.entries());
        assertThrows(UnsupportedOperationException.class, () -> f.entries().add(Map.entry("A", "b")));
    }

    @Test
    void indexOutsideTheListIsRefused() {
        final HttpFields f = HttpFields.of("A", "1");
        assertThrows(IndexOutOfBoundsException.class, () -> f.name(1));
        assertThrows(IndexOutOfBoundsException.class, () -> f.value(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> HttpFields.empty().name(0));
    }

    @Test
    void aBuiltListDoesNotChangeWhenItsBuilderGoesOn() {
        final HttpFields.Builder b = HttpFields.builder();
        for (int i = 0; i < 20; i++) { // past the initial room, so the builder's array grows
            b.add("N" + i, "v" + i);
        }
        final HttpFields first = b.build();
        b.add("Later", "x").remove("N0").set("N1", "changed");
        assertEquals(20, first.size());
        assertEquals("N0", first.name(0));
        assertEquals("v1", first.first("N1"));
        final HttpFields second = b.build();
        assertEquals(20, second.size()); // 20 + 1 - 1, N1 moved to the end
        assertEquals("N2", second.name(0));
        assertEquals("N1", second.name(19));
        assertEquals("changed", second.value(19));
        assertFalse(second.contains("N0"));
    }

    @Test
    void removeDropsEveryValueAndKeepsTheRestInOrder() {
        final HttpFields f = HttpFields.of("A", "1", "b", "2", "a", "3", "C", "4").toBuilder().remove("A").build();
        assertEquals(HttpFields.of("b", "2", "C", "4"), f);
        assertSame(HttpFields.empty(), HttpFields.of("A", "1").toBuilder().remove("a").build());
    }

    @Test
    void addAllAppendsInOrderAndGrowsAsNeeded() {
        final HttpFields.Builder more = HttpFields.builder();
        for (int i = 0; i < 12; i++) {
            more.add("M" + i, Integer.toString(i));
        }
        final HttpFields f = HttpFields.builder().add("First", "0").addAll(more.build()).addAll(HttpFields.empty())
                .add("Last", "z").build();
        assertEquals(14, f.size());
        assertEquals("M0", f.name(1));
        assertEquals("11", f.value(12));
        assertEquals("Last", f.name(13));
    }

    @Test
    void aBuilderFromAListCopiesBeforeItsFirstChange() {
        final HttpFields original = HttpFields.of("A", "1", "B", "2");
        final HttpFields.Builder b = original.toBuilder();
        final HttpFields same = b.build();
        b.add("C", "3");
        final HttpFields grown = b.build();
        b.set("A", "changed");
        assertEquals(HttpFields.of("A", "1", "B", "2"), original);
        assertEquals(original, same);
        assertEquals(HttpFields.of("A", "1", "B", "2", "C", "3"), grown);
        assertEquals(HttpFields.of("B", "2", "C", "3", "A", "changed"), b.build());
        original.toBuilder().remove("absent").add("D", "4");
        assertEquals(2, original.size());
    }

    @Test
    void equalityIsByNamesValuesAndOrder() {
        assertEquals(HttpFields.of("A", "1", "B", "2"), HttpFields.of("A", "1", "B", "2"));
        assertEquals(HttpFields.of("A", "1", "B", "2").hashCode(), HttpFields.of("A", "1", "B", "2").hashCode());
        // Lists over arrays of different capacity: only the fields count.
        final HttpFields.Builder big = HttpFields.builder();
        for (int i = 0; i < 40; i++) {
            big.add("A", "1");
        }
        final HttpFields small = HttpFields.of("A", "1", "A", "1");
        assertEquals(small, HttpFields.builder().addAll(big.build()).build().toBuilder().remove("A").add("A", "1")
                .add("A", "1").build());
        assertNotEquals(small, big.build());
        assertNotEquals(HttpFields.of("A", "1", "B", "2"), HttpFields.of("B", "2", "A", "1"));
        assertNotEquals(HttpFields.of("A", "1"), HttpFields.of("a", "1"));
        assertEquals("[A=1, B=2]", HttpFields.of("A", "1", "B", "2").toString());
    }

    @Test
    void tokenCharactersAreRfc9110Tchars() {
        final String delimiters = "\"(),/:;<=>?@[\\]{}";
        for (char c = 0; c < 0x200; c++) {
            final boolean tchar = c > 0x20 && c < 0x7f && delimiters.indexOf(c) < 0;
            assertEquals(tchar, HttpFields.isToken(String.valueOf(c)), "char 0x" + Integer.toHexString(c));
            assertEquals(tchar, HttpFields.isToken("x-ms-" + c), "char 0x" + Integer.toHexString(c));
        }
        assertFalse(HttpFields.isToken(""));
        assertFalse(HttpFields.isToken(null));
    }

    @Test
    void invalidNamesAndValuesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> HttpFields.builder().add("Bad Name", "x"));
        assertThrows(IllegalArgumentException.class, () -> HttpFields.builder().add("A", "line\r\nbreak"));
        assertThrows(IllegalArgumentException.class, () -> HttpFields.of("A"));
    }
}
