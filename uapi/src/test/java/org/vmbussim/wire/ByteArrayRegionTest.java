package org.vmbussim.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ByteArrayRegionTest {
    private final ByteArrayRegion region = new ByteArrayRegion("test", new byte[16], 0x2000);

    @Test
    void shouldAccessInsideAndRefuseOutside() {
        region.putLongLE(0x2008, 0x0102030405060708L);
        assertEquals(0x08, region.getByte(0x2008));
        assertEquals(0x0102030405060708L, region.getLongLE(0x2008));
        assertTrue(region.contains(0x2000, 16));
        assertFalse(region.contains(0x2001, 16));
        assertFalse(region.contains(0x2000, -1));
        assertFalse(region.contains(Long.MAX_VALUE, 2));
        final MemoryAccessException e = assertThrows(MemoryAccessException.class, () -> region.getIntLE(0x200e));
        assertEquals(0x200e, e.address());
        assertTrue(e.getMessage().contains("expected: range [0x2000, 0x2010)"), e.getMessage());
        assertThrows(MemoryAccessException.class, () -> region.putBytes(0x1fff, new byte[1]));
    }

    @Test
    void failedWriteChangesNothing() {
        final byte[] nine = {1, 1, 1, 1, 1, 1, 1, 1, 1};
        assertThrows(MemoryAccessException.class, () -> region.putBytes(0x2008, nine));
        assertEquals(0L, region.getLongLE(0x2008));
    }

    @Test
    void hexDumpCompareMarksOffsets() {
        final String diff = HexDump.compare(new byte[] {1, 2, 3}, new byte[] {1, 9, 3, 4});
        assertTrue(diff.contains("differing offsets: 1, 3"), diff);
        assertEquals("", HexDump.compare(new byte[] {5}, new byte[] {5}));
    }
}
