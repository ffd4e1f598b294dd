package org.vmbussim.mgmt.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vmbussim.wire.LittleEndian;
import org.vmbussim.wire.WireFormatException;

class GpadlMessagesTest {

    private static long[] pfns(final int n) {
        final long[] p = new long[n];
        for (int i = 0; i < n; i++) {
            p[i] = 0x10000 + i;
        }
        return p;
    }

    @Test
    void sixtyFourPagesSplitIntoAHeaderOf26AndBodiesOf28And10() {
        final List<ChannelMessage> ms = GpadlMessages.forRange(5, 0xE1E10, new GpaRange(64 * 4096, 0, pfns(64)));
        assertEquals(3, ms.size());
        final GpadlHeader h = (GpadlHeader) ms.get(0);
        assertEquals(520, h.rangeBufLength());
        assertEquals(1, h.rangeCount());
        assertEquals(236, h.encode().length);
        assertEquals(28, ((GpadlBody) ms.get(1)).pfns().length);
        assertEquals(240, ms.get(1).encode().length);
        assertEquals(10, ((GpadlBody) ms.get(2)).pfns().length);

        final ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(h.rangeBytes());
        for (final ChannelMessage m : ms.subList(1, 3)) {
            for (final long p : ((GpadlBody) m).pfns()) {
                final byte[] b = new byte[8];
                LittleEndian.putLong(b, 0, p);
                all.writeBytes(b);
            }
        }
        final List<GpaRange> back = GpadlMessages.parseRanges(all.toByteArray(), 1);
        assertEquals(List.of(new GpaRange(64 * 4096, 0, pfns(64))), back);
    }

    @Test
    void exactly26PagesNeedNoBody() {
        assertEquals(1, GpadlMessages.forRange(1, 1, new GpaRange(26 * 4096, 0, pfns(26))).size());
        assertEquals(2, GpadlMessages.forRange(1, 1, new GpaRange(27 * 4096, 0, pfns(27))).size());
    }

    @Test
    void parseRefusesInconsistentRanges() {
        final byte[] ok = new byte[16];
        LittleEndian.putInt(ok, 0, 4096);
        LittleEndian.putLong(ok, 8, 7);
        assertEquals(1, GpadlMessages.parseRanges(ok, 1).size());
        assertThrows(WireFormatException.class, () -> GpadlMessages.parseRanges(ok, 0));
        assertThrows(WireFormatException.class, () -> GpadlMessages.parseRanges(ok, 2));
        final byte[] leftover = java.util.Arrays.copyOf(ok, 24);
        assertThrows(WireFormatException.class, () -> GpadlMessages.parseRanges(leftover, 1));
        final byte[] zeroCount = ok.clone();
        LittleEndian.putInt(zeroCount, 0, 0);
        assertThrows(WireFormatException.class, () -> GpadlMessages.parseRanges(zeroCount, 1));
        final byte[] badOffset = ok.clone();
        LittleEndian.putInt(badOffset, 4, 4096);
        assertThrows(WireFormatException.class, () -> GpadlMessages.parseRanges(badOffset, 1));
        final byte[] spansTwo = ok.clone();
        LittleEndian.putInt(spansTwo, 4, 1);
        assertThrows(WireFormatException.class, () -> GpadlMessages.parseRanges(spansTwo, 1));
        final byte[] huge = ok.clone();
        LittleEndian.putInt(huge, 0, -1);
        assertThrows(WireFormatException.class, () -> GpadlMessages.parseRanges(huge, 1));
    }

    @Test
    void twoRangesParse() {
        final byte[] b = new byte[16 + 24];
        LittleEndian.putInt(b, 0, 100);
        LittleEndian.putInt(b, 4, 4000);
        LittleEndian.putLong(b, 8, 1);
        LittleEndian.putLong(b, 16, 2);
        LittleEndian.putInt(b, 24, 10);
        LittleEndian.putLong(b, 32, 9);
        final List<GpaRange> r = GpadlMessages.parseRanges(b, 2);
        assertArrayEquals(new long[] {1, 2}, r.get(0).pfns());
        assertArrayEquals(new long[] {9}, r.get(1).pfns());
    }

    @Test
    void aRangeTooBigForAU16BuflenIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> GpadlMessages.forRange(1, 1, new GpaRange(8192 * 4096, 0, pfns(8192))));
    }
}
