package org.vmbussim.mgmt.message;

import org.vmbussim.wire.StructLayout;

/**
 * Layout of {@code struct vmbus_channel_gpadl_teardown} (16 bytes), CHANNELMSG_GPADL_TEARDOWN; the host answers
 * with GPADL_TORNDOWN (VMBUS-REFERENCE.md §4.4).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +---------------------------------------------------------------+
 * |                      header.msgtype (11)                      |  0
 * |                         header.padding                        |  4
 * |                          child_relid                          |  8
 * |                             gpadl                             | 12
 * +---------------------------------------------------------------+
 * </pre>
 */
public final class GpadlTeardownLayout {
    /** The channel the GPADL belongs to. */
    public static final int CHILD_RELID_OFFSET = ChannelMessageHeaderLayout.LENGTH;
    /** The GPADL handle. */
    public static final int GPADL_OFFSET = CHILD_RELID_OFFSET + Integer.BYTES;
    /** Size of the message: 16. */
    public static final int LENGTH = GPADL_OFFSET + Integer.BYTES;

    /** The struct's description, for golden vectors, the dissector and the docs. */
    public static final StructLayout STRUCT = ChannelMessageHeaderLayout.header(StructLayout.builder(
                    "vmbus_channel_gpadl_teardown", "CHANNELMSG_GPADL_TEARDOWN (11), guest to host"))
            .u32("child_relid", CHILD_RELID_OFFSET, "the channel the GPADL belongs to")
            .u32("gpadl", GPADL_OFFSET, "the GPADL handle")
            .build(LENGTH);

    private GpadlTeardownLayout() {
    }
}
