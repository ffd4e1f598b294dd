package org.vmbussim.core.ring;

import org.vmbussim.wire.StructLayout;

/**
 * Layout of {@code struct hv_ring_buffer}: the 4 KiB header ("control") page at the start of every
 * VMBus ring, followed by the data area (VMBUS-REFERENCE.md §1.1–§1.2). All fields little-endian.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +---------------------------------------------------------------+
 * |                          write_index                          |     0  writer only
 * |                          read_index                           |     4  reader only
 * |                        interrupt_mask                         |     8  reader sets, writer reads
 * |                        pending_send_sz                        |    12  writer sets, reader reads
 * |                 reserved1 (48 bytes, u32[12])                 |    16
 * |     feature_bits (bit 0 = FEAT_PENDING_SEND_SZ)               |    64
 * |                 reserved2 (4028 bytes, to 4096)               |    68
 * +---------------------------------------------------------------+
 * |                 data area (ring size - 4096 bytes)            |  4096
 * </pre>
 *
 * <p>{@code *_OFFSET} constants are byte offsets from the start of the header page; a
 * {@code dataIndex} elsewhere in this package is a byte offset into the data area, which is what
 * {@code write_index} and {@code read_index} hold. Reserved fields may contain garbage: ignore on
 * read, write zero.
 *
 * <p>Every packet in the data area is a multiple of 8 bytes (at least a 16-byte
 * {@code vmpacket_descriptor}) followed by an 8-byte trailer whose high 32 bits are the packet's
 * start index ({@code (u64)write_index << 32}); readers skip the trailer without reading it.
 */
public final class RingControlLayout {
    /** Byte offset in the data area where the writer puts the next packet; only the writer stores it. */
    public static final int WRITE_INDEX_OFFSET = 0;
    /** Byte offset in the data area of the next unread packet; only the reader stores it. */
    public static final int READ_INDEX_OFFSET = WRITE_INDEX_OFFSET + Integer.BYTES;
    /** Non-zero: the reader of this ring asks the writer not to signal (it is draining or polling). */
    public static final int INTERRUPT_MASK_OFFSET = READ_INDEX_OFFSET + Integer.BYTES;
    /** Free bytes a blocked writer needs before the reader should signal it; 0 = not blocked. */
    public static final int PENDING_SEND_SZ_OFFSET = INTERRUPT_MASK_OFFSET + Integer.BYTES;
    /** {@code u32 reserved1[12]}: may contain garbage; ignore on read, write zero. */
    public static final int RESERVED1_OFFSET = PENDING_SEND_SZ_OFFSET + Integer.BYTES;
    /** Length of {@code reserved1}. */
    public static final int RESERVED1_LENGTH = 12 * Integer.BYTES;
    /** Feature bits ({@code union { u32 value; struct { u32 feat_pending_send_sz:1; }; }}). */
    public static final int FEATURE_BITS_OFFSET = RESERVED1_OFFSET + RESERVED1_LENGTH;
    /** {@code reserved2}: padding to the end of the page; may contain garbage; ignore on read, write zero. */
    public static final int RESERVED2_OFFSET = FEATURE_BITS_OFFSET + Integer.BYTES;
    /** Size of the header page and offset of the data area within the ring: 4096. */
    public static final int HEADER_LENGTH = 4096;
    /** Length of {@code reserved2}: 4028. */
    public static final int RESERVED2_LENGTH = HEADER_LENGTH - RESERVED2_OFFSET;
    /** Alias of {@link #HEADER_LENGTH}: the data area starts at this byte of the ring. */
    public static final int DATA_OFFSET = HEADER_LENGTH;

    /** {@code feature_bits} bit 0: the writer of this ring uses the pending_send_sz protocol (§1.1). */
    public static final int FEAT_PENDING_SEND_SZ = 1;
    /** Page size of every ring size and PFN on the wire ({@code HV_HYP_PAGE_SIZE}). */
    public static final int PAGE_LENGTH = 4096;
    /** Bytes after every packet ({@code VMBUS_PKT_TRAILER}): u64 = start index {@code << 32}. */
    public static final int TRAILER_LENGTH = Long.BYTES;
    /** Packets, trailers and both indices are multiples of this. */
    public static final int PACKET_ALIGNMENT = 8;
    /** Smallest packet: one {@code vmpacket_descriptor} (16 bytes). */
    public static final int MIN_PACKET_LENGTH = 16;
    /** Smallest ring: the header page plus one data page. */
    public static final int MIN_RING_LENGTH = HEADER_LENGTH + PAGE_LENGTH;
    /**
     * Largest ring this simulator accepts (1 GiB): keeps {@code dataIndex + length} inside an int.
     * Linux rings are at most a few MiB.
     */
    public static final int MAX_RING_LENGTH = 1 << 30;

    /** The struct's description, for golden vectors, the dissector and the docs. */
    public static final StructLayout STRUCT = StructLayout.builder("hv_ring_buffer",
                    "VMBus ring header (control) page; the ring data follows at byte 4096")
            .u32("write_index", WRITE_INDEX_OFFSET, "data-area offset of the next packet; writer only")
            .u32("read_index", READ_INDEX_OFFSET, "data-area offset of the next unread packet; reader only")
            .u32("interrupt_mask", INTERRUPT_MASK_OFFSET, "non-zero: reader asks the writer not to signal")
            .u32("pending_send_sz", PENDING_SEND_SZ_OFFSET, "free bytes a blocked writer needs; 0 = not blocked")
            .bytes("reserved1", RESERVED1_OFFSET, RESERVED1_LENGTH, "u32[12]; ignore on read, write zero")
            .u32("feature_bits", FEATURE_BITS_OFFSET, "bit 0 = feat_pending_send_sz")
            .bytes("reserved2", RESERVED2_OFFSET, RESERVED2_LENGTH, "to the end of the page; ignore on read, write 0")
            .build(HEADER_LENGTH);

    private RingControlLayout() {
    }

    /**
     * Checks a ring size (header page included, as Linux's {@code vmbus_alloc_ring} and the channel
     * open message count it) and returns the size of its data area.
     *
     * @param ringLength bytes of the whole ring
     * @return {@code ringLength - 4096}
     * @throws IllegalArgumentException unless the size is a multiple of 4096, holds the header and at
     *                                  least one data page, and is at most {@link #MAX_RING_LENGTH}
     */
    public static int checkRingLength(final long ringLength) {
        if (ringLength < MIN_RING_LENGTH || ringLength > MAX_RING_LENGTH || ringLength % PAGE_LENGTH != 0) {
            throw new IllegalArgumentException("ringLength=" + ringLength + " (expected: a multiple of "
                    + PAGE_LENGTH + " in [" + MIN_RING_LENGTH + ", " + MAX_RING_LENGTH + "], header page included)");
        }
        return (int) ringLength - HEADER_LENGTH;
    }
}
