package org.vmbussim.core.packet;

/**
 * Pure size arithmetic for packets, in the spirit of OpenVMM's {@code PacketSize}: how many bytes a
 * packet takes (descriptor, extended descriptor, payload, zero padding to 8; never the 8-byte ring
 * trailer). Every result is a multiple of 8 and at most {@link #MAX_PACKET_LENGTH}, the most a u16
 * {@code len8} can describe.
 *
 * <p>Arguments out of range are caller bugs and give {@link IllegalArgumentException}.
 */
public final class PacketSize {
    /** Packets are multiples of this many bytes ({@code len8}, {@code offset8} units). */
    public static final int ALIGNMENT = 8;
    /** Largest {@code len8} / {@code offset8}: both are u16. */
    public static final int MAX_LENGTH8 = 0xFFFF;
    /** Largest packet: 65535 * 8 = 524,280 bytes. */
    public static final int MAX_PACKET_LENGTH = MAX_LENGTH8 * ALIGNMENT;

    private PacketSize() {
    }

    /**
     * Bytes of an in-band packet (Linux {@code vmbus_sendpacket}): {@code ALIGN(16 + payload, 8)}.
     *
     * @param payloadLength payload bytes, not negative
     * @return packet bytes
     * @throws IllegalArgumentException when the packet would exceed {@link #MAX_PACKET_LENGTH}
     */
    public static int inBand(final int payloadLength) {
        return packet(PacketDescriptorLayout.LENGTH, payloadLength);
    }

    /**
     * Bytes of a completion packet: the same frame as in-band.
     *
     * @param payloadLength payload bytes, not negative
     * @return packet bytes
     * @throws IllegalArgumentException when the packet would exceed {@link #MAX_PACKET_LENGTH}
     */
    public static int completion(final int payloadLength) {
        return inBand(payloadLength);
    }

    /**
     * Bytes of a GPA-direct descriptor area, which is {@code dataoffset8 * 8}: 24 + 8 per range + 8 per
     * PFN (for one range, {@code sizeof(vmbus_packet_mpb_array) + 8n = 32 + 8n}).
     *
     * @param rangeCount    ranges, at least 1
     * @param totalPfnCount PFNs of all ranges together, at least {@code rangeCount}
     * @return bytes, a multiple of 8
     * @throws IllegalArgumentException when a count is out of range or {@code dataoffset8} would
     *                                  overflow its u16
     */
    public static int gpaDirectDescriptor(final int rangeCount, final int totalPfnCount) {
        if (rangeCount < 1 || totalPfnCount < rangeCount) {
            throw new IllegalArgumentException("rangeCount=" + rangeCount + ", totalPfnCount=" + totalPfnCount
                    + " (expected: rangeCount >= 1, totalPfnCount >= rangeCount)");
        }
        final long length = GpaDirectLayout.HEADER_LENGTH + (long) rangeCount * GpaRangeLayout.LENGTH
                + (long) totalPfnCount * Long.BYTES;
        if (length > MAX_PACKET_LENGTH) {
            throw new IllegalArgumentException("descriptor length=" + length + " (expected: <= "
                    + MAX_PACKET_LENGTH + ")");
        }
        return (int) length;
    }

    /**
     * Bytes of a GPA-direct packet (Linux {@code vmbus_sendpacket_mpb_desc}): {@code ALIGN(desc + payload, 8)}.
     * The hv_azure_blob request with n pages is {@code gpaDirect(1, n, 56) = 88 + 8n}.
     *
     * @param rangeCount    ranges, at least 1
     * @param totalPfnCount PFNs of all ranges together, at least {@code rangeCount}
     * @param payloadLength payload bytes, not negative
     * @return packet bytes
     * @throws IllegalArgumentException when a count is out of range or the packet would exceed
     *                                  {@link #MAX_PACKET_LENGTH}
     */
    public static int gpaDirect(final int rangeCount, final int totalPfnCount, final int payloadLength) {
        return packet(gpaDirectDescriptor(rangeCount, totalPfnCount), payloadLength);
    }

    /**
     * Rounds up to a multiple of 8.
     *
     * @param length bytes, 0 to {@code Integer.MAX_VALUE - 7}
     * @return the aligned length
     */
    public static int align8(final int length) {
        if (length < 0 || length > Integer.MAX_VALUE - (ALIGNMENT - 1)) {
            throw new IllegalArgumentException("length=" + length + " (expected: 0 to "
                    + (Integer.MAX_VALUE - (ALIGNMENT - 1)) + ")");
        }
        return (length + ALIGNMENT - 1) & -ALIGNMENT;
    }

    private static int packet(final int descriptorLength, final int payloadLength) {
        if (payloadLength < 0) {
            throw new IllegalArgumentException("payloadLength=" + payloadLength + " (expected: >= 0)");
        }
        final long aligned = ((long) descriptorLength + payloadLength + ALIGNMENT - 1) & -ALIGNMENT;
        if (aligned > MAX_PACKET_LENGTH) {
            throw new IllegalArgumentException("packet length=" + aligned + " for payloadLength=" + payloadLength
                    + " (expected: <= " + MAX_PACKET_LENGTH + ")");
        }
        return (int) aligned;
    }
}
