package org.vmbussim.mgmt.message;

import org.vmbussim.wire.StructLayout;

/**
 * Layout of {@code struct vmbus_channel_gpadl_header} (20 bytes + ranges), CHANNELMSG_GPADL_HEADER: the guest
 * describes guest pages the host may use (a GPADL, "guest physical address descriptor list"). The ranges are
 * {@code struct gpa_range}s ({@code u32 byte_count, u32 byte_offset, u64 pfn_array[]}, with
 * {@code ceil((byte_offset + byte_count) / 4096)} PFNs each); {@code range_buflen} counts the bytes of all of
 * them, and the PFNs that do not fit here follow in GPADL_BODY messages (VMBUS-REFERENCE.md §4.4, §2.3).
 *
 * <p>{@link #STRUCT} describes the message as Linux sends it: one range, whose PFNs run to the end of the
 * message. At most {@link #MAX_PFNS} PFNs fit.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +---------------------------------------------------------------+
 * |                       header.msgtype (8)                      |  0
 * |                         header.padding                        |  4
 * |                          child_relid                          |  8
 * |                             gpadl                             | 12
 * |          range_buflen         |           rangecount          | 16
 * +---------------------------------------------------------------+
 * |                     range[0].byte_count                       | 20
 * |                     range[0].byte_offset                      | 24
 * |                 range[0].pfn_array (u64 each) ...             | 28
 * </pre>
 */
public final class GpadlHeaderLayout {
    /** The channel the GPADL belongs to. */
    public static final int CHILD_RELID_OFFSET = ChannelMessageHeaderLayout.LENGTH;
    /** The GPADL handle the guest chose. */
    public static final int GPADL_OFFSET = CHILD_RELID_OFFSET + Integer.BYTES;
    /** Bytes of all ranges together (range headers and PFNs), including PFNs sent in body messages. */
    public static final int RANGE_BUFLEN_OFFSET = GPADL_OFFSET + Integer.BYTES;
    /** Number of ranges. */
    public static final int RANGECOUNT_OFFSET = RANGE_BUFLEN_OFFSET + Short.BYTES;
    /** {@code sizeof(struct vmbus_channel_gpadl_header)}: 20; the ranges start here. */
    public static final int LENGTH = RANGECOUNT_OFFSET + Short.BYTES;

    /** Size of a range's fixed part ({@code byte_count} and {@code byte_offset}). */
    public static final int GPA_RANGE_HEADER_LENGTH = Integer.BYTES + Integer.BYTES;
    /** The first range's {@code byte_count}. */
    public static final int RANGE0_BYTE_COUNT_OFFSET = LENGTH;
    /** The first range's {@code byte_offset} into its first page. */
    public static final int RANGE0_BYTE_OFFSET_OFFSET = RANGE0_BYTE_COUNT_OFFSET + Integer.BYTES;
    /** The first range's first PFN. */
    public static final int RANGE0_PFN_ARRAY_OFFSET = RANGE0_BYTE_OFFSET_OFFSET + Integer.BYTES;
    /** Most PFNs a one-range header message holds: (240 - 28) / 8 = 26. */
    public static final int MAX_PFNS = (VmbusProtocol.MAX_MESSAGE_PAYLOAD - RANGE0_PFN_ARRAY_OFFSET) / Long.BYTES;

    /** The struct's description (one range), for golden vectors, the dissector and the docs. */
    public static final StructLayout STRUCT = ChannelMessageHeaderLayout.header(StructLayout.builder(
                    "vmbus_channel_gpadl_header", "CHANNELMSG_GPADL_HEADER (8), guest to host, with one gpa_range"))
            .u32("child_relid", CHILD_RELID_OFFSET, "the channel the GPADL belongs to")
            .u32("gpadl", GPADL_OFFSET, "the GPADL handle the guest chose")
            .u16("range_buflen", RANGE_BUFLEN_OFFSET, "bytes of all ranges, incl. PFNs sent in body messages")
            .u16("rangecount", RANGECOUNT_OFFSET, "number of ranges; Linux sends 1")
            .u32("range[0].byte_count", RANGE0_BYTE_COUNT_OFFSET, "bytes the range covers")
            .u32("range[0].byte_offset", RANGE0_BYTE_OFFSET_OFFSET, "offset into the first page")
            .u64Array("range[0].pfn_array", RANGE0_PFN_ARRAY_OFFSET,
                    "4 KiB page numbers in this message, the rest of it", null)
            .build(RANGE0_PFN_ARRAY_OFFSET);

    private GpadlHeaderLayout() {
    }
}
