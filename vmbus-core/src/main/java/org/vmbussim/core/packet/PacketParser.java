package org.vmbussim.core.packet;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.vmbussim.core.packet.PacketFormatException.Reason;

/**
 * Validates and decodes one packet that the ring reader has already copied out of shared memory into
 * a private buffer (Linux {@code hv_pkt_iter_first}; VMBUS-REFERENCE.md §1.6, §2). The bytes are the
 * peer's and are treated as hostile: the ring layer's clamping of {@code len8}/{@code offset8} is
 * checked again here, and every rule below is enforced in this order, the first one broken giving a
 * {@link PacketFormatException} with its {@link Reason}:
 *
 * <ol>
 * <li>descriptor lengths (OpenVMM {@code InvalidDescriptorLengths}): at least 16 bytes given,
 *     {@code offset8 >= 2}, {@code len8 >= offset8}, {@code len8 * 8 <= length given};</li>
 * <li>flags: no bit other than COMPLETION_REQUESTED;</li>
 * <li>type: in-band (6), GPA-direct (9) or completion (0xb); any other value, defined or not, is
 *     refused as OpenVMM and QEMU do for the types they do not carry;</li>
 * <li>GPA-direct only: {@code dataoffset8 >= 3} (room for reserved and rangecount),
 *     {@code rangecount >= 1}, and then for each range in wire order (OpenVMM
 *     {@code gparange::parse}): its 8-byte header fits before {@code dataoffset8 * 8},
 *     {@code byte_count > 0}, {@code byte_offset <= 0xfff}, {@code byte_count + byte_offset + 4095}
 *     fits a u32, and its {@code ceil((byte_offset + byte_count) / 4096)} PFNs fit before
 *     {@code dataoffset8 * 8}. Bytes between the last range and the payload are ignored (OpenVMM
 *     uses the validated prefix only). The {@code reserved} field is ignored.</li>
 * </ol>
 *
 * <p>Sizes are computed in {@code long}; nothing is allocated before the whole descriptor area has
 * been validated, so a hostile range count cannot make the parser allocate more than the packet's own
 * size. Whether each PFN lies in guest RAM is the host's check when it maps the range.
 */
public final class PacketParser {

    private PacketParser() {
    }

    /**
     * Parses the packet at {@code [index, index + length)}. The packet occupies its first
     * {@code len8 * 8} bytes; a longer {@code length} is allowed (the rest is not looked at).
     *
     * @param src    the private copy of the packet
     * @param index  first byte of the packet in {@code src}
     * @param length bytes available for it
     * @return the packet
     * @throws PacketFormatException    when the bytes do not form a valid packet
     * @throws IllegalArgumentException when {@code [index, index + length)} is not inside {@code src}
     *                                  (a caller bug)
     */
    public static Packet parse(final ByteBuf src, final int index, final int length) {
        if (index < 0 || length < 0 || index > src.capacity() - length) {
            throw new IllegalArgumentException("index=" + index + ", length=" + length + " (expected: inside src"
                    + " capacity " + src.capacity() + ")");
        }
        if (length < PacketDescriptorLayout.LENGTH) {
            throw new PacketFormatException(Reason.INVALID_DESCRIPTOR_LENGTHS, "length=" + length
                    + " (expected: >= " + PacketDescriptorLayout.LENGTH + ")");
        }
        // Each field is read exactly once into a local; only the locals are used afterwards.
        final int typeWire = src.getUnsignedShortLE(index + PacketDescriptorLayout.TYPE_OFFSET);
        final int offset8 = src.getUnsignedShortLE(index + PacketDescriptorLayout.DATA_OFFSET8_OFFSET);
        final int len8 = src.getUnsignedShortLE(index + PacketDescriptorLayout.LENGTH8_OFFSET);
        final int flags = src.getUnsignedShortLE(index + PacketDescriptorLayout.FLAGS_OFFSET);
        final long transactionId = src.getLongLE(index + PacketDescriptorLayout.TRANSACTION_ID_OFFSET);

        final int packetLength = len8 * PacketSize.ALIGNMENT;
        final int payloadOffset = offset8 * PacketSize.ALIGNMENT;
        if (offset8 < PacketDescriptorLayout.LENGTH / PacketSize.ALIGNMENT || len8 < offset8
                || packetLength > length) {
            throw new PacketFormatException(Reason.INVALID_DESCRIPTOR_LENGTHS, "offset8=" + offset8 + ", len8="
                    + len8 + ", length=" + length + " (expected: 2 <= offset8 <= len8, len8 * 8 <= length)");
        }
        if (!PacketFlags.isValid(flags)) {
            throw new PacketFormatException(Reason.INVALID_DESCRIPTOR_FLAGS, "flags=0x" + Integer.toHexString(flags)
                    + " (expected: only bit 0, COMPLETION_REQUESTED)");
        }
        final PacketType type = PacketType.fromWire(typeWire);
        switch (type) {
            case DATA_INBAND:
            case COMPLETION:
                return new Packet(type, flags, transactionId, packetLength, payloadOffset, List.of());
            case DATA_USING_GPA_DIRECT:
                return new Packet(type, flags, transactionId, packetLength, payloadOffset,
                        parseRanges(src, index, offset8));
            default:
                throw new PacketFormatException(Reason.INVALID_DESCRIPTOR_TYPE, "type=" + type + " (0x"
                        + Integer.toHexString(typeWire) + ") is not carried (expected: 0x6, 0x9 or 0xb)");
        }
    }

    private static List<GpaRange> parseRanges(final ByteBuf src, final int index, final int offset8) {
        final int descriptorEnd = offset8 * PacketSize.ALIGNMENT;
        if (descriptorEnd < GpaDirectLayout.HEADER_LENGTH) {
            throw new PacketFormatException(Reason.INVALID_DATA_OFFSET, "dataoffset8=" + offset8
                    + " (expected: >= " + GpaDirectLayout.HEADER_LENGTH / PacketSize.ALIGNMENT + ")");
        }
        final long rangeCount = src.getUnsignedIntLE(index + GpaDirectLayout.RANGE_COUNT_OFFSET);
        if (rangeCount == 0) {
            throw new PacketFormatException(Reason.INVALID_RANGE_COUNT, "rangecount=0 (expected: >= 1)");
        }
        // Pass 1: validate every range without allocating. Each range takes at least 16 bytes, so a
        // range count that passes this loop is at most (descriptorEnd - 24) / 16.
        long at = GpaDirectLayout.RANGES_OFFSET;
        for (long i = 0; i < rangeCount; i++) {
            at = checkRange(src, index, at, descriptorEnd, i);
        }
        // Pass 2: build. The values re-read here are the same bytes (the buffer is private to the reader).
        final int firstRange = index + GpaDirectLayout.RANGES_OFFSET;
        if (rangeCount == 1) {
            return List.of(rangeAt(src, firstRange)); // the usual packet: one immutable list object, no array
        }
        final List<GpaRange> ranges = new ArrayList<>((int) rangeCount);
        int pos = firstRange;
        for (int i = 0; i < rangeCount; i++) {
            final GpaRange range = rangeAt(src, pos);
            ranges.add(range);
            pos += range.wireLength();
        }
        return Collections.unmodifiableList(ranges);
    }

    /** Reads the range checked by pass 1 whose header is at buffer index {@code pos}. */
    private static GpaRange rangeAt(final ByteBuf src, final int pos) {
        final long byteCount = src.getUnsignedIntLE(pos + GpaRangeLayout.BYTE_COUNT_OFFSET);
        final int byteOffset = (int) src.getUnsignedIntLE(pos + GpaRangeLayout.BYTE_OFFSET_OFFSET);
        final long[] pfns = new long[(int) GpaRange.pfnCount(byteOffset, byteCount)];
        for (int p = 0; p < pfns.length; p++) {
            pfns[p] = src.getLongLE(pos + GpaRangeLayout.PFN_ARRAY_OFFSET + p * Long.BYTES);
        }
        return GpaRange.trusted(byteOffset, byteCount, pfns);
    }

    /** Checks the range whose header is at packet offset {@code at}; returns the offset after it. */
    private static long checkRange(final ByteBuf src, final int index, final long at, final int descriptorEnd,
            final long rangeIndex) {
        if (at + GpaRangeLayout.LENGTH > descriptorEnd) {
            throw new PacketFormatException(Reason.RANGE_OUTSIDE_DESCRIPTOR, "range " + rangeIndex + " header at "
                    + at + " (expected: header end <= dataoffset8 * 8 = " + descriptorEnd + ")");
        }
        final int pos = index + (int) at;
        final long byteCount = src.getUnsignedIntLE(pos + GpaRangeLayout.BYTE_COUNT_OFFSET);
        final long byteOffset = src.getUnsignedIntLE(pos + GpaRangeLayout.BYTE_OFFSET_OFFSET);
        if (byteCount == 0) {
            throw new PacketFormatException(Reason.INVALID_RANGE_LENGTH, "range " + rangeIndex
                    + ": byte_count=0 (expected: > 0)");
        }
        if (byteOffset > GpaRange.MAX_BYTE_OFFSET) {
            throw new PacketFormatException(Reason.INVALID_RANGE_OFFSET, "range " + rangeIndex + ": byte_offset=0x"
                    + Long.toHexString(byteOffset) + " (expected: <= 0xfff)");
        }
        if (byteCount + byteOffset + GpaRange.MAX_BYTE_OFFSET > GpaRange.MAX_BYTE_COUNT) {
            throw new PacketFormatException(Reason.RANGE_LENGTH_OVERFLOW, "range " + rangeIndex + ": byte_count="
                    + byteCount + ", byte_offset=" + byteOffset + " (expected: sum + 4095 <= 0xffffffff)");
        }
        final long pfnCount = GpaRange.pfnCount(byteOffset, byteCount);
        final long end = at + GpaRangeLayout.LENGTH + pfnCount * Long.BYTES;
        if (end > descriptorEnd) {
            throw new PacketFormatException(Reason.RANGE_OUTSIDE_DESCRIPTOR, "range " + rangeIndex + ": "
                    + pfnCount + " PFNs end at " + end + " (expected: <= dataoffset8 * 8 = " + descriptorEnd + ")");
        }
        return end;
    }
}
