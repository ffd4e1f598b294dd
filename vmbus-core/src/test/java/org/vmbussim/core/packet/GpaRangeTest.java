package org.vmbussim.core.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GpaRangeTest {

    @ParameterizedTest(name = "offset {0} + count {1} spans {2} pages")
    @CsvSource({"0, 1, 1", "0, 4096, 1", "0, 4097, 2", "4095, 1, 1", "4095, 2, 2", "0x800, 0x1000, 2",
            "0xa00, 0x1800, 3", "0, 12288, 3", "0, 4294967295, 1048576"})
    void pfnCountIsCeilOfOffsetPlusCountOverPageSize(final String offset, final String count, final long pages) {
        assertEquals(pages, GpaRange.pfnCount(Long.decode(offset), Long.decode(count)));
    }

    @Test
    void ofChecksTheRangeAsAReceiverWould() {
        assertThrows(IllegalArgumentException.class, () -> GpaRange.of(0, 0));
        assertThrows(IllegalArgumentException.class, () -> GpaRange.of(-1, 1, 1L));
        assertThrows(IllegalArgumentException.class, () -> GpaRange.of(4096, 1, 1L));
        assertThrows(IllegalArgumentException.class, () -> GpaRange.of(0, 1L << 32, 1L));
        // Needs 2 PFNs, given 1 or 3.
        assertThrows(IllegalArgumentException.class, () -> GpaRange.of(0x800, 0x1000, 1L));
        assertThrows(IllegalArgumentException.class, () -> GpaRange.of(0x800, 0x1000, 1L, 2L, 3L));
        // A u32 sum that overflows once the page round-up is added.
        assertThrows(IllegalArgumentException.class, () -> GpaRange.of(1, 0xFFFF_F000L, new long[1 << 20]));
        assertThrows(IllegalArgumentException.class, () -> GpaRange.of(0, 4096, new long[] {1, 2}, 2, 1));
    }

    @Test
    void adoptChecksAsOfDoesAndHoldsTheArrayHandedOver() {
        assertThrows(IllegalArgumentException.class, () -> GpaRange.adopt(0, 0, new long[0]));
        assertThrows(IllegalArgumentException.class, () -> GpaRange.adopt(4096, 1, new long[] {1}));
        assertThrows(IllegalArgumentException.class, () -> GpaRange.adopt(0x800, 0x1000, new long[] {1}));
        assertThrows(IllegalArgumentException.class, () -> GpaRange.adopt(0x800, 0x1000, new long[] {1, 2, 3}));
        assertThrows(IllegalArgumentException.class, () -> GpaRange.adopt(1, 0xFFFF_F000L, new long[1 << 20]));
        final long[] pfns = {10, 11};
        final GpaRange range = GpaRange.adopt(0x800, 0x1000, pfns);
        assertEquals(GpaRange.of(0x800, 0x1000, 10L, 11L), range);
        range.pfns()[0] = 77;
        assertEquals(10, range.pfn(0));
    }

    @Test
    void holdsItsOwnCopyOfThePfns() {
        final long[] pfns = {10, 11, 12};
        final GpaRange range = GpaRange.of(0, 2 * 4096, pfns, 1, 2);
        pfns[1] = 99;
        assertArrayEquals(new long[] {11, 12}, range.pfns());
        range.pfns()[0] = 77;
        assertEquals(11, range.pfn(0));
        assertEquals(2, range.pfnCount());
        assertEquals(24, range.wireLength());
    }

    @Test
    void equalityIsByValue() {
        assertEquals(GpaRange.of(5, 10, 7L), GpaRange.of(5, 10, 7L));
        assertEquals(GpaRange.of(5, 10, 7L).hashCode(), GpaRange.of(5, 10, 7L).hashCode());
        assertNotEquals(GpaRange.of(5, 10, 7L), GpaRange.of(5, 10, 8L));
        assertNotEquals(GpaRange.of(5, 10, 7L), GpaRange.of(6, 10, 7L));
        assertEquals("GpaRange{offset=0x5, count=10, pfns=[0x7]}", GpaRange.of(5, 10, 7L).toString());
    }
}
