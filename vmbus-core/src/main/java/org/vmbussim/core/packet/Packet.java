package org.vmbussim.core.packet;

import java.util.List;

/**
 * A validated packet, as {@link PacketParser} found it in a buffer: its descriptor fields, where its
 * payload lies, and for GPA-direct packets the ranges (with copies of their PFNs). Immutable; the
 * payload itself stays in the buffer the packet was parsed from, at
 * {@code [packetIndex + payloadOffset(), packetIndex + payloadOffset() + payloadLength())}.
 */
public final class Packet {
    private final PacketType type;
    private final int flags;
    private final long transactionId;
    private final int packetLength;
    private final int payloadOffset;
    private final List<GpaRange> ranges;

    Packet(final PacketType type, final int flags, final long transactionId, final int packetLength,
            final int payloadOffset, final List<GpaRange> ranges) {
        this.type = type;
        this.flags = flags;
        this.transactionId = transactionId;
        this.packetLength = packetLength;
        this.payloadOffset = payloadOffset;
        this.ranges = ranges;
    }

    /**
     * The packet type: {@link PacketType#DATA_INBAND}, {@link PacketType#DATA_USING_GPA_DIRECT} or
     * {@link PacketType#COMPLETION}.
     *
     * @return the type
     */
    public PacketType type() {
        return type;
    }

    /**
     * The flags field (only {@link PacketFlags#COMPLETION_REQUESTED} can be set).
     *
     * @return the flags
     */
    public int flags() {
        return flags;
    }

    /**
     * Whether the sender asked for a completion.
     *
     * @return true when COMPLETION_REQUESTED is set
     */
    public boolean isCompletionRequested() {
        return PacketFlags.isCompletionRequested(flags);
    }

    /**
     * Whether {@link #transactionId()} means anything: the sender asked for a completion, or this is
     * one (OpenVMM's rule). Other packets may carry any value there.
     *
     * @return true when the id should be used
     */
    public boolean hasTransactionId() {
        return isCompletionRequested() || type == PacketType.COMPLETION;
    }

    /**
     * The {@code trans_id} field, exactly as the peer wrote it (validate it against the requestor
     * table before trusting it).
     *
     * @return the raw u64
     */
    public long transactionId() {
        return transactionId;
    }

    /**
     * The packet length, {@code len8 * 8}: descriptor, descriptor area, payload and padding.
     *
     * @return bytes
     */
    public int packetLength() {
        return packetLength;
    }

    /**
     * Where the payload starts, {@code offset8 * 8}, from the first byte of the packet.
     *
     * @return bytes from the packet start
     */
    public int payloadOffset() {
        return payloadOffset;
    }

    /**
     * Payload bytes, {@code (len8 - offset8) * 8} (Linux {@code hv_pkt_datalen}): the sender's
     * payload rounded up to 8, padding included.
     *
     * @return bytes
     */
    public int payloadLength() {
        return packetLength - payloadOffset;
    }

    /**
     * The GPA ranges of a GPA-direct packet.
     *
     * @return the ranges in wire order; empty for other types
     */
    public List<GpaRange> ranges() {
        return ranges;
    }

    @Override
    public String toString() {
        return "Packet{type=" + type + ", flags=" + flags + ", transId=0x" + Long.toHexString(transactionId)
                + ", length=" + packetLength + ", payloadOffset=" + payloadOffset
                + (ranges.isEmpty() ? "" : ", ranges=" + ranges) + "}";
    }
}
