package org.vmbussim.core.packet;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * Builds packets into a caller-provided {@link ByteBuf} (VMBUS-REFERENCE.md §2.1, §2.4): in-band
 * (Linux {@code vmbus_sendpacket}), GPA-direct (Linux {@code vmbus_sendpacket_mpb_desc}, one or
 * several ranges) and completions (QEMU {@code vmbus_channel_send_completion}).
 *
 * <p>Buffer contract: each method writes exactly the packet's bytes at {@code [index, index + length)}
 * with absolute little-endian setters, and returns {@code length} (a multiple of 8). It does not move
 * the buffer's reader or writer index, so a channel can reuse one scratch buffer (heap or direct) for
 * every packet. In-band and completion writes allocate nothing; the one-range GPA-direct write wraps
 * its range in a one-element list. Every byte of the packet is written: reserved fields and
 * the padding after the payload are zeroed, so a reused buffer never leaks stale bytes to the peer.
 * The payload is copied from {@code payload}, which must not overlap the destination.
 *
 * <p>In-band and GPA-direct packets carry {@link #PLACEHOLDER_TRANSACTION_ID} (Linux
 * {@code VMBUS_RQST_ERROR}) until the ring writer replaces it with the requestor id, or the raw
 * request id, through {@link #setTransactionId(ByteBuf, int, long)}.
 *
 * <p>Arguments that cannot form a valid packet (bad flags, no ranges, a payload or destination range
 * outside its buffer, a packet over {@link PacketSize#MAX_PACKET_LENGTH}) are caller bugs and give
 * {@link IllegalArgumentException} before anything is written.
 */
public final class PacketWriter {
    /** Linux {@code VMBUS_RQST_ERROR} (U64_MAX - 1): the transaction id until the ring write sets it. */
    public static final long PLACEHOLDER_TRANSACTION_ID = 0xFFFF_FFFF_FFFF_FFFEL;

    private PacketWriter() {
    }

    /**
     * Writes an in-band packet: type 6, {@code offset8 = 2}, {@code len8 = ALIGN(16 + payload, 8) / 8},
     * the placeholder transaction id, the payload and zero padding.
     *
     * @param dst           the destination
     * @param index         where the packet starts in {@code dst}
     * @param flags         {@link PacketFlags#NONE} or {@link PacketFlags#COMPLETION_REQUESTED}
     * @param payload       the payload bytes (may be null when {@code payloadLength} is 0)
     * @param payloadIndex  first payload byte in {@code payload}
     * @param payloadLength payload bytes
     * @return the packet length in bytes, {@link PacketSize#inBand(int)}
     */
    public static int writeInBand(final ByteBuf dst, final int index, final int flags, final ByteBuf payload,
            final int payloadIndex, final int payloadLength) {
        checkFlags(flags);
        final int length = PacketSize.inBand(payloadLength);
        checkRanges(dst, index, length, payload, payloadIndex, payloadLength);
        writeDescriptor(dst, index, PacketType.DATA_INBAND, PacketDescriptorLayout.LENGTH, length, flags,
                PLACEHOLDER_TRANSACTION_ID);
        writePayload(dst, index, PacketDescriptorLayout.LENGTH, length, payload, payloadIndex, payloadLength);
        return length;
    }

    /**
     * Writes a completion: type 0xb, flags 0, the request's transaction id echoed, the payload and
     * zero padding. A 12-byte response makes a 32-byte packet.
     *
     * @param dst           the destination
     * @param index         where the packet starts in {@code dst}
     * @param transactionId the {@code trans_id} of the request being completed
     * @param payload       the payload bytes (may be null when {@code payloadLength} is 0)
     * @param payloadIndex  first payload byte in {@code payload}
     * @param payloadLength payload bytes
     * @return the packet length in bytes, {@link PacketSize#completion(int)}
     */
    public static int writeCompletion(final ByteBuf dst, final int index, final long transactionId,
            final ByteBuf payload, final int payloadIndex, final int payloadLength) {
        final int length = PacketSize.completion(payloadLength);
        checkRanges(dst, index, length, payload, payloadIndex, payloadLength);
        writeDescriptor(dst, index, PacketType.COMPLETION, PacketDescriptorLayout.LENGTH, length, PacketFlags.NONE,
                transactionId);
        writePayload(dst, index, PacketDescriptorLayout.LENGTH, length, payload, payloadIndex, payloadLength);
        return length;
    }

    /**
     * Writes a GPA-direct packet with one range ({@code struct vmbus_packet_mpb_array}): type 9,
     * flags COMPLETION_REQUESTED, {@code dataoffset8 = (32 + 8n) / 8},
     * {@code length8 = ALIGN(32 + 8n + payload, 8) / 8}, reserved 0, rangecount 1, the range, the
     * payload and zero padding.
     *
     * @param dst           the destination
     * @param index         where the packet starts in {@code dst}
     * @param range         the range
     * @param payload       the payload bytes (may be null when {@code payloadLength} is 0)
     * @param payloadIndex  first payload byte in {@code payload}
     * @param payloadLength payload bytes
     * @return the packet length in bytes, {@link PacketSize#gpaDirect(int, int, int)}
     */
    public static int writeGpaDirect(final ByteBuf dst, final int index, final GpaRange range,
            final ByteBuf payload, final int payloadIndex, final int payloadLength) {
        return writeGpaDirect(dst, index, List.of(range), payload, payloadIndex, payloadLength);
    }

    /**
     * Writes a GPA-direct packet with one or several ranges, laid out one after another from offset 24
     * (as Linux since commit 380b75d30786 and {@code vmbus_sendpacket_pagebuffer}). Otherwise as
     * {@link #writeGpaDirect(ByteBuf, int, GpaRange, ByteBuf, int, int)}.
     *
     * @param dst           the destination
     * @param index         where the packet starts in {@code dst}
     * @param ranges        the ranges, at least one
     * @param payload       the payload bytes (may be null when {@code payloadLength} is 0)
     * @param payloadIndex  first payload byte in {@code payload}
     * @param payloadLength payload bytes
     * @return the packet length in bytes, {@link PacketSize#gpaDirect(int, int, int)}
     */
    public static int writeGpaDirect(final ByteBuf dst, final int index, final List<GpaRange> ranges,
            final ByteBuf payload, final int payloadIndex, final int payloadLength) {
        final int rangeCount = ranges.size();
        long totalPfns = 0;
        for (int i = 0; i < rangeCount; i++) {
            totalPfns += ranges.get(i).pfnCount();
        }
        // Any count above the packet limit is refused below; clamping keeps the int conversion honest.
        final int pfns = (int) Math.min(totalPfns, Integer.MAX_VALUE);
        final int descriptorLength = PacketSize.gpaDirectDescriptor(rangeCount, pfns);
        final int length = PacketSize.gpaDirect(rangeCount, pfns, payloadLength);
        checkRanges(dst, index, length, payload, payloadIndex, payloadLength);
        writeGpaDirectHead(dst, index, descriptorLength, length, rangeCount);
        int at = index + GpaDirectLayout.RANGES_OFFSET;
        for (int i = 0; i < rangeCount; i++) {
            final GpaRange range = ranges.get(i);
            writeRange(dst, at, range);
            at += range.wireLength();
        }
        writePayload(dst, index, descriptorLength, length, payload, payloadIndex, payloadLength);
        return length;
    }

    /**
     * Replaces a packet's transaction id (the ring writer's step, Linux {@code hv_ringbuffer_write}).
     *
     * @param packet        the buffer holding the packet
     * @param index         where the packet starts
     * @param transactionId the id to send
     */
    public static void setTransactionId(final ByteBuf packet, final int index, final long transactionId) {
        packet.setLongLE(index + PacketDescriptorLayout.TRANSACTION_ID_OFFSET, transactionId);
    }

    private static void writeDescriptor(final ByteBuf dst, final int index, final PacketType type,
            final int dataOffset, final int length, final int flags, final long transactionId) {
        dst.setShortLE(index + PacketDescriptorLayout.TYPE_OFFSET, type.wireValue());
        dst.setShortLE(index + PacketDescriptorLayout.DATA_OFFSET8_OFFSET, dataOffset / PacketSize.ALIGNMENT);
        dst.setShortLE(index + PacketDescriptorLayout.LENGTH8_OFFSET, length / PacketSize.ALIGNMENT);
        dst.setShortLE(index + PacketDescriptorLayout.FLAGS_OFFSET, flags);
        dst.setLongLE(index + PacketDescriptorLayout.TRANSACTION_ID_OFFSET, transactionId);
    }

    private static void writeGpaDirectHead(final ByteBuf dst, final int index, final int descriptorLength,
            final int length, final int rangeCount) {
        writeDescriptor(dst, index, PacketType.DATA_USING_GPA_DIRECT, descriptorLength, length,
                PacketFlags.COMPLETION_REQUESTED, PLACEHOLDER_TRANSACTION_ID);
        dst.setIntLE(index + GpaDirectLayout.RESERVED_OFFSET, 0);
        dst.setIntLE(index + GpaDirectLayout.RANGE_COUNT_OFFSET, rangeCount);
    }

    private static void writeRange(final ByteBuf dst, final int at, final GpaRange range) {
        dst.setIntLE(at + GpaRangeLayout.BYTE_COUNT_OFFSET, (int) range.byteCount());
        dst.setIntLE(at + GpaRangeLayout.BYTE_OFFSET_OFFSET, range.byteOffset());
        final int pfnCount = range.pfnCount();
        for (int i = 0; i < pfnCount; i++) {
            dst.setLongLE(at + GpaRangeLayout.PFN_ARRAY_OFFSET + i * Long.BYTES, range.pfn(i));
        }
    }

    private static void writePayload(final ByteBuf dst, final int index, final int payloadOffset, final int length,
            final ByteBuf payload, final int payloadIndex, final int payloadLength) {
        if (payloadLength > 0) {
            dst.setBytes(index + payloadOffset, payload, payloadIndex, payloadLength);
        }
        final int end = payloadOffset + payloadLength;
        if (end < length) {
            dst.setZero(index + end, length - end);
        }
    }

    private static void checkFlags(final int flags) {
        if (!PacketFlags.isValid(flags)) {
            throw new IllegalArgumentException("flags=0x" + Integer.toHexString(flags) + " (expected: 0 or "
                    + PacketFlags.COMPLETION_REQUESTED + ")");
        }
    }

    private static void checkRanges(final ByteBuf dst, final int index, final int length, final ByteBuf payload,
            final int payloadIndex, final int payloadLength) {
        if (index < 0 || index > dst.capacity() - length) {
            throw new IllegalArgumentException("index=" + index + ", length=" + length + " (expected: inside dst"
                    + " capacity " + dst.capacity() + ")");
        }
        if (payloadLength > 0 && (payload == null || payloadIndex < 0
                || payloadIndex > payload.capacity() - payloadLength)) {
            throw new IllegalArgumentException("payloadIndex=" + payloadIndex + ", payloadLength=" + payloadLength
                    + " (expected: inside payload capacity "
                    + (payload == null ? "(null)" : Integer.toString(payload.capacity())) + ")");
        }
    }
}
