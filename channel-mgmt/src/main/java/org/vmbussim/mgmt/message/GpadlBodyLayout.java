package org.vmbussim.mgmt.message;

import org.vmbussim.wire.StructLayout;

/**
 * Layout of {@code struct vmbus_channel_gpadl_body} (16 bytes + 8 per PFN), CHANNELMSG_GPADL_BODY: the PFNs of a
 * GPADL that did not fit in its GPADL_HEADER, at most {@link #MAX_PFNS} per message (VMBUS-REFERENCE.md §4.4).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +---------------------------------------------------------------+
 * |                       header.msgtype (9)                      |  0
 * |                         header.padding                        |  4
 * |                           msgnumber                           |  8
 * |                             gpadl                             | 12
 * +---------------------------------------------------------------+
 * |                      pfn[] (u64 each) ...                     | 16
 * </pre>
 */
public final class GpadlBodyLayout {
    /** Message number; Linux leaves it 0 and hosts ignore it. */
    public static final int MSGNUMBER_OFFSET = ChannelMessageHeaderLayout.LENGTH;
    /** The GPADL handle. */
    public static final int GPADL_OFFSET = MSGNUMBER_OFFSET + Integer.BYTES;
    /** Size of the fixed part: 16; pfn[] follow. */
    public static final int LENGTH = GPADL_OFFSET + Integer.BYTES;
    /** First PFN. */
    public static final int PFN_OFFSET = LENGTH;
    /** Most PFNs one body message holds: (240 - 16) / 8 = 28. */
    public static final int MAX_PFNS = (VmbusProtocol.MAX_MESSAGE_PAYLOAD - PFN_OFFSET) / Long.BYTES;

    /** The struct's description, for golden vectors, the dissector and the docs. */
    public static final StructLayout STRUCT = ChannelMessageHeaderLayout.header(StructLayout.builder(
                    "vmbus_channel_gpadl_body", "CHANNELMSG_GPADL_BODY (9), guest to host: more PFNs of a GPADL"))
            .u32("msgnumber", MSGNUMBER_OFFSET, "message number; Linux leaves it 0 and hosts ignore it")
            .u32("gpadl", GPADL_OFFSET, "the GPADL handle")
            .u64Array("pfn", LENGTH, "4 KiB page numbers, the rest of the message", null)
            .build(LENGTH);

    private GpadlBodyLayout() {
    }
}
