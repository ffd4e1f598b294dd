package org.vmbussim.testfixtures.reliability;

import java.util.ArrayList;
import java.util.List;
import org.vmbussim.azblob.protocol.AzBlobVspRequestLayout;
import org.vmbussim.core.memory.GuestMemory;
import org.vmbussim.core.memory.HvPage;
import org.vmbussim.wire.LittleEndian;

/**
 * Where the output buffers of a GPA-direct Azure Blob request land in guest RAM, read from the packet's bytes
 * by this test's own small decoder (not the provider's): the first range's offset and PFNs, the payload at
 * {@code offset8 * 8}, and the response and data buffers' (offset, length) in the range. These are the only
 * bytes the provider may write for that request. Whatever does not fit the bytes is left out (it cannot have
 * been named).
 */
final class NamedBuffers {
    private static final int RANGES_OFFSET = 24;

    private NamedBuffers() {
    }

    /**
     * The GPA pieces of the response and data buffers.
     *
     * @param written the packet's bytes as given to the ring writer
     * @param memory guest RAM (pieces outside it are dropped)
     * @return {@code {gpa, length}} pieces, each within one page
     */
    static List<long[]> outputPieces(final byte[] written, final GuestMemory memory) {
        final List<long[]> pieces = new ArrayList<>();
        // On the ring the packet is padded with zeros to a multiple of 8; the reader sees those bytes too.
        final byte[] packet = java.util.Arrays.copyOf(written, (written.length + 7) & ~7);
        if (packet.length < RANGES_OFFSET + 8) {
            return pieces;
        }
        final int offset8 = LittleEndian.getShort(packet, 2) & 0xFFFF;
        final long byteCount = Integer.toUnsignedLong(LittleEndian.getInt(packet, RANGES_OFFSET));
        final long byteOffset = Integer.toUnsignedLong(LittleEndian.getInt(packet, RANGES_OFFSET + 4));
        final int pfnsAt = RANGES_OFFSET + 8;
        final int pfnCount = Math.max(0, (packet.length - pfnsAt) / 8);
        final long[] pfns = new long[pfnCount];
        for (int i = 0; i < pfnCount; i++) {
            pfns[i] = LittleEndian.getLong(packet, pfnsAt + 8 * i);
        }
        final int payload = offset8 * 8;
        if (payload + AzBlobVspRequestLayout.LENGTH > packet.length) {
            return pieces;
        }
        add(pieces, memory, pfns, byteOffset, byteCount, u32(packet, payload
                + AzBlobVspRequestLayout.RESPONSE_BUFFER_OFFSET_OFFSET), u32(packet, payload
                + AzBlobVspRequestLayout.RESPONSE_BUFFER_LENGTH_OFFSET));
        add(pieces, memory, pfns, byteOffset, byteCount, u32(packet, payload
                + AzBlobVspRequestLayout.DATA_BUFFER_OFFSET_OFFSET), u32(packet, payload
                + AzBlobVspRequestLayout.DATA_BUFFER_LENGTH_OFFSET));
        return pieces;
    }

    private static long u32(final byte[] b, final int at) {
        return Integer.toUnsignedLong(LittleEndian.getInt(b, at));
    }

    private static void add(final List<long[]> pieces, final GuestMemory memory, final long[] pfns,
            final long byteOffset, final long byteCount, final long offset, final long length) {
        final long end = Math.min(offset + length, byteCount);
        long at = offset;
        while (at < end) {
            final long inRange = byteOffset + at;
            final long page = inRange / HvPage.PAGE_SIZE;
            final long pageEnd = Math.min(end, (page + 1) * HvPage.PAGE_SIZE - byteOffset);
            if (page < pfns.length && memory.isValidPfn(pfns[(int) page])) {
                pieces.add(new long[] {HvPage.gpaOf(pfns[(int) page]) + inRange % HvPage.PAGE_SIZE, pageEnd - at});
            }
            at = pageEnd;
        }
    }
}
