package org.vmbussim.mgmt.message;

import org.vmbussim.wire.StructLayout;

/**
 * Layout of {@code struct vmbus_channel_close_channel} (12 bytes), CHANNELMSG_CLOSECHANNEL: the guest closes an
 * open channel; there is no reply (VMBUS-REFERENCE.md §4.4).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +---------------------------------------------------------------+
 * |                       header.msgtype (7)                      |  0
 * |                         header.padding                        |  4
 * |                          child_relid                          |  8
 * +---------------------------------------------------------------+
 * </pre>
 */
public final class CloseChannelLayout {
    /** The channel's relid. */
    public static final int CHILD_RELID_OFFSET = ChannelMessageHeaderLayout.LENGTH;
    /** Size of the message: 12. */
    public static final int LENGTH = CHILD_RELID_OFFSET + Integer.BYTES;

    /** The struct's description, for golden vectors, the dissector and the docs. */
    public static final StructLayout STRUCT = ChannelMessageHeaderLayout.header(StructLayout.builder(
                    "vmbus_channel_close_channel", "CHANNELMSG_CLOSECHANNEL (7), guest to host; no reply"))
            .u32("child_relid", CHILD_RELID_OFFSET, "the channel's relid")
            .build(LENGTH);

    private CloseChannelLayout() {
    }
}
