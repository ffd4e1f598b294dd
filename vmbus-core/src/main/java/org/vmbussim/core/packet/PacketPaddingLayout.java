package org.vmbussim.core.packet;

import org.vmbussim.wire.StructLayout;

/**
 * The zero bytes that round a packet up to a multiple of 8 (Linux's third kvec, {@code aligned_data};
 * VMBUS-REFERENCE.md §2.1): 0 to 7 bytes after the payload, covered by {@code len8}. Not a C struct:
 * a pseudo-struct so that golden vectors and the dissector can show a whole packet as descriptor,
 * payload struct and padding laid end to end.
 *
 * <pre>
 * +---------------------------------------------------------------+
 * |                pad (0..7 zero bytes, variable)                |  0
 * +---------------------------------------------------------------+
 * </pre>
 */
public final class PacketPaddingLayout {
    /** The padding bytes. */
    public static final int PAD_OFFSET = 0;
    /** Size of the fixed part: 0. */
    public static final int LENGTH = PAD_OFFSET;

    /** The pseudo-struct's description, for golden vectors, the dissector and the docs. */
    public static final StructLayout STRUCT = StructLayout.builder("vmbus_packet_padding",
                    "pseudo-struct: the 0-7 zero bytes that pad a packet to a multiple of 8 (inside len8)")
            .bytesTail("pad", PAD_OFFSET, "zero bytes; a receiver ignores them")
            .build(LENGTH);

    private PacketPaddingLayout() {
    }
}
