package org.vmbussim.azblob.vsp.provider;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.List;
import org.vmbussim.azblob.protocol.AzBlobProtocol;
import org.vmbussim.azblob.protocol.AzBlobVspRequestLayout;
import org.vmbussim.core.memory.GuestMemory;
import org.vmbussim.core.memory.HvPage;
import org.vmbussim.core.memory.InvalidPfnException;
import org.vmbussim.core.memory.InvalidPfnListException;
import org.vmbussim.core.memory.PfnListRegion;
import org.vmbussim.core.packet.GpaRange;
import org.vmbussim.core.packet.Packet;
import org.vmbussim.core.packet.PacketFormatException;
import org.vmbussim.core.packet.PacketParser;
import org.vmbussim.core.packet.PacketType;
import org.vmbussim.core.ring.ReadResult;
import org.vmbussim.wire.Guid;

/**
 * Turns one received packet into a {@link VspRequest}, or refuses it. Every value comes from the guest
 * and is checked before any guest memory is touched, in the order of {@link Refusal}: the packet copy is
 * whole; the descriptor and the GPA range encoding are valid ({@link PacketParser}, §2.3); the type is
 * GPA-direct with exactly one range of at most 8192 pages; the payload holds the 56-byte request;
 * {@code version} 0; {@code operation_type} 0x100; each length at most 32 MiB; request and response
 * buffers not empty; {@code data_valid <= data_length}; each buffer inside the range (checked as
 * {@code offset > size || length > size - offset} in {@code long}, so no sum can wrap); the two buffers
 * the host writes do not overlap; every PFN of the range in guest RAM and none of them a page of the
 * channel's rings.
 *
 * <p>The request buffer may overlap the others: the provider snapshots the request head and body before
 * it writes anything. Two buffers may share a page (adjacent unaligned user buffers, RELIABILITY P4);
 * only an overlap of byte offsets in the range is refused, and only between the two output buffers.
 *
 * <p>Stateless and thread-safe.
 */
final class VspRequestDecoder {
    /** Largest buffer, and largest range: {@code AZ_BLOB_MAX_PAGES} pages of 4 KiB, 32 MiB. */
    static final long MAX_BUFFER_BYTES = (long) AzBlobProtocol.AZ_BLOB_MAX_PAGES * HvPage.PAGE_SIZE;

    private final GuestMemory memory;
    /** Sorted; PFNs the guest may not name (the channel's ring pages). */
    private final long[] ringPfns;

    VspRequestDecoder(final GuestMemory memory, final long[] ringPfns) {
        this.memory = memory;
        this.ringPfns = ringPfns.clone();
        Arrays.sort(this.ringPfns);
    }

    /**
     * Decodes and validates one packet.
     *
     * @param packet the channel's private copy, valid during the call only
     * @param info   the ring reader's view of the copy
     * @return the request, whose range is mapped but not yet read
     * @throws RequestRefusedException when any check fails
     */
    VspRequest decode(final ByteBuf packet, final ReadResult.Packet info) throws RequestRefusedException {
        if (info.isTruncated()) {
            throw new RequestRefusedException(Refusal.TRUNCATED_PACKET, "packet of " + info.wireLength()
                    + " bytes, copy holds " + info.length() + " (expected: <= "
                    + AzureBlobProvider.MAX_REQUEST_PACKET_BYTES + " and a host buffer that large)");
        }
        final Packet parsed;
        try {
            parsed = PacketParser.parse(packet, 0, info.length());
        } catch (final PacketFormatException e) {
            throw new RequestRefusedException(Refusal.MALFORMED_PACKET, e.getMessage());
        }
        if (parsed.type() != PacketType.DATA_USING_GPA_DIRECT) {
            throw new RequestRefusedException(Refusal.NOT_GPA_DIRECT, "type=" + parsed.type()
                    + " (expected: DATA_USING_GPA_DIRECT)");
        }
        final List<GpaRange> ranges = parsed.ranges();
        if (ranges.size() != 1) {
            throw new RequestRefusedException(Refusal.RANGE_COUNT, "rangecount=" + ranges.size()
                    + " (expected: 1)");
        }
        final GpaRange range = ranges.get(0);
        if (range.pfnCount() > AzBlobProtocol.AZ_BLOB_MAX_PAGES) {
            throw new RequestRefusedException(Refusal.RANGE_TOO_LARGE, "range of " + range.pfnCount()
                    + " pages (expected: <= " + AzBlobProtocol.AZ_BLOB_MAX_PAGES + ")");
        }
        if (parsed.payloadLength() < AzBlobVspRequestLayout.LENGTH) {
            throw new RequestRefusedException(Refusal.SHORT_PAYLOAD, "payload of " + parsed.payloadLength()
                    + " bytes (expected: >= " + AzBlobVspRequestLayout.LENGTH + ")");
        }
        final int at = parsed.payloadOffset();
        final long version = packet.getUnsignedIntLE(at + AzBlobVspRequestLayout.VERSION_OFFSET);
        if (version != AzBlobProtocol.VSP_PROTOCOL_VERSION_V1) {
            throw new RequestRefusedException(Refusal.UNSUPPORTED_VERSION, "version=" + version + " (expected: "
                    + AzBlobProtocol.VSP_PROTOCOL_VERSION_V1 + ")");
        }
        final long operation = packet.getUnsignedIntLE(at + AzBlobVspRequestLayout.OPERATION_TYPE_OFFSET);
        if (operation != AzBlobProtocol.AZ_BLOB_DRIVER_USER_REQUEST) {
            throw new RequestRefusedException(Refusal.UNSUPPORTED_OPERATION, "operation_type=0x"
                    + Long.toHexString(operation) + " (expected: 0x100)");
        }
        final long dataOffset = packet.getUnsignedIntLE(at + AzBlobVspRequestLayout.DATA_BUFFER_OFFSET_OFFSET);
        final long dataLength = packet.getUnsignedIntLE(at + AzBlobVspRequestLayout.DATA_BUFFER_LENGTH_OFFSET);
        final long dataValid = packet.getUnsignedIntLE(at + AzBlobVspRequestLayout.DATA_BUFFER_VALID_OFFSET);
        final long requestOffset = packet.getUnsignedIntLE(at + AzBlobVspRequestLayout.REQUEST_BUFFER_OFFSET_OFFSET);
        final long requestLength = packet.getUnsignedIntLE(at + AzBlobVspRequestLayout.REQUEST_BUFFER_LENGTH_OFFSET);
        final long responseOffset = packet.getUnsignedIntLE(
                at + AzBlobVspRequestLayout.RESPONSE_BUFFER_OFFSET_OFFSET);
        final long responseLength = packet.getUnsignedIntLE(
                at + AzBlobVspRequestLayout.RESPONSE_BUFFER_LENGTH_OFFSET);
        checkLength("data_buffer_length", dataLength);
        checkLength("request_buffer_length", requestLength);
        checkLength("response_buffer_length", responseLength);
        if (requestLength == 0 || responseLength == 0) {
            throw new RequestRefusedException(Refusal.EMPTY_BUFFER, "request_buffer_length=" + requestLength
                    + ", response_buffer_length=" + responseLength + " (expected: both >= 1)");
        }
        if (dataValid > dataLength) {
            throw new RequestRefusedException(Refusal.DATA_VALID_EXCEEDS_LENGTH, "data_buffer_valid=" + dataValid
                    + " (expected: <= data_buffer_length=" + dataLength + ")");
        }
        final long rangeBytes = range.byteCount();
        checkInside("data", dataOffset, dataLength, rangeBytes);
        checkInside("request", requestOffset, requestLength, rangeBytes);
        checkInside("response", responseOffset, responseLength, rangeBytes);
        if (dataLength > 0 && responseOffset < dataOffset + dataLength
                && dataOffset < responseOffset + responseLength) {
            throw new RequestRefusedException(Refusal.OUTPUT_BUFFERS_OVERLAP, "response [" + responseOffset + ", "
                    + (responseOffset + responseLength) + ") and data [" + dataOffset + ", "
                    + (dataOffset + dataLength) + ") overlap (expected: disjoint)");
        }
        final PfnListRegion region = mapRange(range);
        final Guid transactionGuid = transactionGuid(packet, at + AzBlobVspRequestLayout.TRANSACTION_ID_OFFSET);
        return new VspRequest(parsed.transactionId(), transactionGuid,
                packet.getUnsignedIntLE(at + AzBlobVspRequestLayout.TIMEOUT_MS_OFFSET), (int) dataOffset,
                (int) dataLength, (int) dataValid, (int) requestOffset, (int) requestLength, (int) responseOffset,
                (int) responseLength, region);
    }

    /** The request's GUID, copied straight out of the packet's array when it has one (the usual heap copy). */
    private static Guid transactionGuid(final ByteBuf packet, final int index) {
        if (packet.hasArray()) {
            return Guid.fromWire(packet.array(), packet.arrayOffset() + index);
        }
        final byte[] guid = new byte[Guid.LENGTH];
        packet.getBytes(index, guid);
        return Guid.fromWire(guid);
    }

    private static void checkLength(final String field, final long length) throws RequestRefusedException {
        if (length > MAX_BUFFER_BYTES) {
            throw new RequestRefusedException(Refusal.BUFFER_TOO_LARGE, field + "=" + length + " (expected: <= "
                    + MAX_BUFFER_BYTES + ")");
        }
    }

    /** All values are u32 held in a long, so neither the comparison nor the subtraction can wrap. */
    private static void checkInside(final String buffer, final long offset, final long length, final long rangeBytes)
            throws RequestRefusedException {
        if (offset > rangeBytes || length > rangeBytes - offset) {
            throw new RequestRefusedException(Refusal.BUFFER_OUTSIDE_RANGE, buffer + " buffer offset=" + offset
                    + " length=" + length + " (expected: offset + length <= range byte_count=" + rangeBytes + ")");
        }
    }

    private PfnListRegion mapRange(final GpaRange range) throws RequestRefusedException {
        final PfnListRegion region;
        try {
            // Lent page by page: the range's own list is read once, not copied (range.pfns() would copy it).
            region = PfnListRegion.of(memory, range.pfnCount(), range::pfn, range.byteOffset(), range.byteCount());
        } catch (final InvalidPfnException e) {
            throw new RequestRefusedException(Refusal.PFN_OUTSIDE_GUEST_RAM, e.getMessage());
        } catch (final InvalidPfnListException e) {
            // The parser has checked offset and page count already; kept as a second line of defence.
            throw new RequestRefusedException(Refusal.MALFORMED_PACKET, e.getMessage());
        }
        for (int i = 0; i < range.pfnCount(); i++) {
            if (Arrays.binarySearch(ringPfns, range.pfn(i)) >= 0) {
                throw new RequestRefusedException(Refusal.PFN_IN_RING_PAGES, "pfn[" + i + "]=0x"
                        + Long.toHexString(range.pfn(i)) + " is a page of this channel's rings");
            }
        }
        return region;
    }
}
