package org.vmbussim.core.packet;

import org.vmbussim.wire.StructLayout;

/**
 * Layout of {@code struct vmpacket_descriptor} (16 bytes, packed, little-endian): the header at the
 * start of every VMBus packet (VMBUS-REFERENCE.md §2.1). {@code offset8} and {@code len8} count 8-byte
 * units from the start of the packet; {@code len8} covers the descriptor, any extended descriptor and
 * the zero padding, but not the 8-byte ring trailer.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-------------------------------+-------------------------------+
 * |             type              |     offset8 (payload / 8)     |  0
 * +-------------------------------+-------------------------------+
 * |      len8 (packet / 8)        |             flags             |  4
 * +-------------------------------+-------------------------------+
 * |                       trans_id (u64)                          |  8
 * |                                                               |
 * +---------------------------------------------------------------+
 * </pre>
 */
public final class PacketDescriptorLayout {
    /** {@code enum vmbus_packet_type}, see {@link PacketType}. */
    public static final int TYPE_OFFSET = 0;
    /** Offset of the payload from the start of the packet, in 8-byte units (at least 2). */
    public static final int DATA_OFFSET8_OFFSET = TYPE_OFFSET + Short.BYTES;
    /** Length of the whole packet without the ring trailer, in 8-byte units. */
    public static final int LENGTH8_OFFSET = DATA_OFFSET8_OFFSET + Short.BYTES;
    /** Flags, see {@link PacketFlags}. */
    public static final int FLAGS_OFFSET = LENGTH8_OFFSET + Short.BYTES;
    /** Transaction id; a completion echoes the request's. */
    public static final int TRANSACTION_ID_OFFSET = FLAGS_OFFSET + Short.BYTES;
    /** Size of the descriptor: 16. */
    public static final int LENGTH = TRANSACTION_ID_OFFSET + Long.BYTES;

    /** The struct's description, for golden vectors, the dissector and the docs. */
    public static final StructLayout STRUCT = StructLayout.builder("vmpacket_descriptor",
                    "header of every VMBus packet; a completion or in-band payload follows at offset8*8")
            .u16("type", TYPE_OFFSET, "enum vmbus_packet_type: 6 in-band, 9 GPA-direct, 0xb completion")
            .u16("offset8", DATA_OFFSET8_OFFSET, "payload offset from the packet start, in 8-byte units (>= 2)")
            .u16("len8", LENGTH8_OFFSET, "packet length incl. padding, excl. the ring trailer, in 8-byte units")
            .u16("flags", FLAGS_OFFSET, "bit 0: COMPLETION_REQUESTED; other bits invalid")
            .u64("trans_id", TRANSACTION_ID_OFFSET, "transaction id; a completion echoes the request's")
            .build(LENGTH);

    private PacketDescriptorLayout() {
    }
}
