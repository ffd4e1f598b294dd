package org.vmbussim.mgmt.message;

import org.vmbussim.wire.StructLayout;

/**
 * Layout of {@code struct vmbus_channel_relid_released} (12 bytes), CHANNELMSG_RELID_RELEASED: the guest has let
 * go of a channel (after a rescind, or when it declines an offer), so the host may reuse the relid.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +---------------------------------------------------------------+
 * |                      header.msgtype (13)                      |  0
 * |                         header.padding                        |  4
 * |                          child_relid                          |  8
 * +---------------------------------------------------------------+
 * </pre>
 */
public final class RelidReleasedLayout {
    /** The released relid. */
    public static final int CHILD_RELID_OFFSET = ChannelMessageHeaderLayout.LENGTH;
    /** Size of the message: 12. */
    public static final int LENGTH = CHILD_RELID_OFFSET + Integer.BYTES;

    /** The struct's description, for golden vectors, the dissector and the docs. */
    public static final StructLayout STRUCT = ChannelMessageHeaderLayout.header(StructLayout.builder(
                    "vmbus_channel_relid_released", "CHANNELMSG_RELID_RELEASED (13), guest to host"))
            .u32("child_relid", CHILD_RELID_OFFSET, "the released relid")
            .build(LENGTH);

    private RelidReleasedLayout() {
    }
}
