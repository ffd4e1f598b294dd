package org.vmbussim.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StructLayoutTest {
    private static final StructLayout FIXED = StructLayout.builder("demo", "a test struct")
            .u8("a", 0, "a").u8("pad", 1, "padding").u16("b", 2, "b").u32("c", 4, "c").u64("d", 8, "d")
            .build(16);
    private static final StructLayout COUNTED = StructLayout.builder("counted", "count then array")
            .u32("count", 0, "elements").u32("reserved", 4, "zero")
            .u64Array("pfn_array", 8, "pfns", v -> (int) v.getLong("count"))
            .build(8);

    @Test
    void shouldRefuseGapsOverlapsAndWrongLength() {
        final IllegalStateException gap = assertThrows(IllegalStateException.class,
                () -> StructLayout.builder("g", "g").u8("a", 0, "a").u16("b", 2, "b").build(4));
        assertTrue(gap.getMessage().contains("name the gap"), gap.getMessage());
        final IllegalStateException overlap = assertThrows(IllegalStateException.class,
                () -> StructLayout.builder("o", "o").u32("a", 0, "a").u16("b", 2, "b").build(4));
        assertTrue(overlap.getMessage().contains("overlap"), overlap.getMessage());
        assertThrows(IllegalStateException.class, () -> StructLayout.builder("l", "l").u32("a", 0, "a").build(8));
    }

    @Test
    void shouldEncodeLittleEndianAndDecodeBack() {
        final FieldValues v = FIXED.newValues().set("a", 0x11).set("b", 0x2233).set("c", 0x44556677L)
                .set("d", 0x8899aabbccddeeffL);
        final byte[] bytes = FIXED.encode(v);
        assertArrayEquals(HexDump.parse("11 00 33 22 77 66 55 44 ff ee dd cc bb aa 99 88"), bytes);
        assertEquals(v, FIXED.decode(bytes));
    }

    @Test
    void shouldRejectValuesThatDoNotFit() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FIXED.newValues().set("b", 0x10000));
        assertTrue(e.getMessage().contains("does not fit u16"), e.getMessage());
        final IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> FIXED.newValues().setText("nope", "1"));
        assertTrue(unknown.getMessage().contains("fields: a, pad, b, c, d"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FIXED.newValues().setText("c", "12x"));
    }

    @Test
    void shouldReportShortInputAndOutOfRegionClearly() {
        final WireFormatException shortInput = assertThrows(WireFormatException.class,
                () -> FIXED.decode(new byte[15]));
        assertTrue(shortInput.getMessage().contains("too short: length=15 (expected: >= 16)"),
                shortInput.getMessage());
        final ByteArrayRegion r = new ByteArrayRegion("guest", new byte[32], 0x1000);
        assertThrows(MemoryAccessException.class, () -> FIXED.decode(r, 0x1011));
        assertThrows(MemoryAccessException.class, () -> FIXED.decode(r, 0x0fff));
        assertThrows(MemoryAccessException.class, () -> FIXED.encode(FIXED.newValues(), r, 0x1018));
    }

    @Test
    void shouldDecodeCountedArrayAndRefuseOverlongCount() {
        final FieldValues v = COUNTED.newValues().set("count", 2).set("pfn_array", new long[] {7, 9});
        final byte[] bytes = COUNTED.encode(v);
        assertEquals(24, bytes.length);
        final StructLayout.Decoded d = COUNTED.decode(ByteArrayRegion.wrap(bytes), 0, bytes.length);
        assertEquals(v, d.values());
        assertEquals(24, d.consumed());
        bytes[0] = 3;
        final WireFormatException e = assertThrows(WireFormatException.class, () -> COUNTED.decode(bytes));
        assertTrue(e.getMessage().contains("count=3 needs 24 bytes, have 16"), e.getMessage());
    }

    @Test
    void shouldRenderTextFormsThatParseBack() {
        for (final FieldKind k : new FieldKind[] {FieldKind.U8, FieldKind.U32, FieldKind.U64}) {
            assertEquals(200L, k.parse(k.format(200L)));
        }
        assertEquals(-1L, FieldKind.U64.parse("0xffffffffffffffff"));
        assertArrayEquals(new long[] {1, 2, 0x10}, (long[]) FieldKind.U64_ARRAY.parse("1, 2,0x10"));
        assertArrayEquals(new byte[] {1, (byte) 0xab}, (byte[]) FieldKind.BYTES.parse("01 ab"));
    }
}
