package org.vmbussim.mgmt.message;

import org.vmbussim.wire.StructLayout;

/**
 * Layout of {@code struct vmbus_channel_gpadl_torndown} (12 bytes), CHANNELMSG_GPADL_TORNDOWN: the host no longer
 * uses the GPADL's pages; matched on {@code gpadl} (VMBUS-REFERENCE.md §4.4).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +---------------------------------------------------------------+
 * |                      header.msgtype (12)                      |  0
 * |                         header.padding                        |  4
 * |                             gpadl                             |  8
 * +---------------------------------------------------------------+
 * </pre>
 */
public final class GpadlTorndownLayout {
    /** The GPADL handle. */
    public static final int GPADL_OFFSET = ChannelMessageHeaderLayout.LENGTH;
    /** Size of the message: 12. */
    public static final int LENGTH = GPADL_OFFSET + Integer.BYTES;

    /** The struct's description, for golden vectors, the dissector and the docs. */
    public static final StructLayout STRUCT = ChannelMessageHeaderLayout.header(StructLayout.builder(
                    "vmbus_channel_gpadl_torndown", "CHANNELMSG_GPADL_TORNDOWN (12), host to guest"))
            .u32("gpadl", GPADL_OFFSET, "the GPADL handle")
            .build(LENGTH);

    private GpadlTorndownLayout() {
    }
}
