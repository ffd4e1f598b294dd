package org.vmbussim.azblob.vsc.testing;

import java.util.Arrays;
import org.vmbussim.azblob.protocol.AzBlobVspRequestLayout;
import org.vmbussim.core.memory.GuestMemory;
import org.vmbussim.core.memory.HvPage;
import org.vmbussim.core.memory.PfnListRegion;
import org.vmbussim.core.packet.GpaRange;
import org.vmbussim.core.packet.Packet;
import org.vmbussim.wire.Guid;
import org.vmbussim.wire.LittleEndian;

/**
 * One packet the {@link ScriptedHost} received, as a host sees it: the raw bytes, the parsed descriptor
 * and, for a well-formed Azure Blob request, the {@code az_blob_vsp_request} fields and the guest pages
 * its range names. Immutable apart from the guest memory it can reach.
 */
public final class HostRequest {
    private final byte[] packetBytes;
    private final Packet packet;
    private final byte[] payload;
    private final GuestMemory memory;

    HostRequest(final byte[] packetBytes, final Packet packet, final GuestMemory memory) {
        this.packetBytes = packetBytes;
        this.packet = packet;
        this.payload = Arrays.copyOfRange(packetBytes, packet.payloadOffset(), packet.packetLength());
        this.memory = memory;
    }

    /**
     * The packet exactly as it was in the ring ({@code len8 * 8} bytes, padding included).
     *
     * @return a copy
     */
    public byte[] packetBytes() {
        return packetBytes.clone();
    }

    /**
     * The parsed descriptor.
     *
     * @return the packet
     */
    public Packet packet() {
        return packet;
    }

    /**
     * The descriptor's {@code trans_id}: what a completion must echo.
     *
     * @return the id
     */
    public long transactionId() {
        return packet.transactionId();
    }

    /**
     * The payload bytes after the descriptor area (padding included).
     *
     * @return a copy
     */
    public byte[] payload() {
        return payload.clone();
    }

    /**
     * The single range of the request.
     *
     * @return the range
     */
    public GpaRange range() {
        return packet.ranges().get(0);
    }

    /**
     * A u32 field of the {@code az_blob_vsp_request} payload.
     *
     * @param offset the field's {@code *_OFFSET} in {@link AzBlobVspRequestLayout}
     * @return the value
     */
    public int field(final int offset) {
        return LittleEndian.getInt(payload, offset);
    }

    /**
     * The user's GUID as the host got it.
     *
     * @return the {@code transaction_id} field
     */
    public Guid guid() {
        return Guid.fromWire(Arrays.copyOfRange(payload, AzBlobVspRequestLayout.TRANSACTION_ID_OFFSET,
                AzBlobVspRequestLayout.TRANSACTION_ID_OFFSET + Guid.LENGTH));
    }

    /**
     * The whole range as the host maps it.
     *
     * @return a region over the range's PFNs
     */
    public PfnListRegion rangeRegion() {
        final GpaRange r = range();
        return PfnListRegion.of(memory, r.pfns(), r.byteOffset(), r.byteCount());
    }

    /**
     * Reads the request buffer.
     *
     * @return {@code request_buffer_length} bytes
     */
    public byte[] readRequestBuffer() {
        return rangeRegion().getBytes(field(AzBlobVspRequestLayout.REQUEST_BUFFER_OFFSET_OFFSET),
                field(AzBlobVspRequestLayout.REQUEST_BUFFER_LENGTH_OFFSET));
    }

    /**
     * Reads the valid bytes of the data buffer.
     *
     * @return {@code data_buffer_valid} bytes
     */
    public byte[] readDataBuffer() {
        return rangeRegion().getBytes(field(AzBlobVspRequestLayout.DATA_BUFFER_OFFSET_OFFSET),
                field(AzBlobVspRequestLayout.DATA_BUFFER_VALID_OFFSET));
    }

    /**
     * Writes into the response buffer, from its start.
     *
     * @param bytes at most {@code response_buffer_length} bytes
     */
    public void writeResponseBuffer(final byte[] bytes) {
        rangeRegion().putBytes(field(AzBlobVspRequestLayout.RESPONSE_BUFFER_OFFSET_OFFSET), bytes);
    }

    /**
     * Writes into the data buffer, from its start.
     *
     * @param bytes at most {@code data_buffer_length} bytes
     */
    public void writeDataBuffer(final byte[] bytes) {
        rangeRegion().putBytes(field(AzBlobVspRequestLayout.DATA_BUFFER_OFFSET_OFFSET), bytes);
    }

    /**
     * Pages of the range.
     *
     * @return {@code range.byte_count / 4096}
     */
    public int pageCount() {
        return (int) (range().byteCount() / HvPage.PAGE_SIZE);
    }

    @Override
    public String toString() {
        return "HostRequest[trans_id=" + transactionId() + " " + packet + "]";
    }
}
