package org.vmbussim.mgmt.message;

import org.vmbussim.wire.StructLayout;

/**
 * Layout of {@code struct vmbus_channel_modifychannel} (16 bytes), CHANNELMSG_MODIFYCHANNEL: the guest moves a
 * channel's interrupt to another virtual processor (protocol 4.1 and later).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +---------------------------------------------------------------+
 * |                      header.msgtype (22)                      |  0
 * |                         header.padding                        |  4
 * |                          child_relid                          |  8
 * |                           target_vp                           | 12
 * +---------------------------------------------------------------+
 * </pre>
 */
public final class ModifyChannelLayout {
    /** The channel's relid. */
    public static final int CHILD_RELID_OFFSET = ChannelMessageHeaderLayout.LENGTH;
    /** The new target virtual processor. */
    public static final int TARGET_VP_OFFSET = CHILD_RELID_OFFSET + Integer.BYTES;
    /** Size of the message: 16. */
    public static final int LENGTH = TARGET_VP_OFFSET + Integer.BYTES;

    /** The struct's description, for golden vectors, the dissector and the docs. */
    public static final StructLayout STRUCT = ChannelMessageHeaderLayout.header(StructLayout.builder(
                    "vmbus_channel_modifychannel", "CHANNELMSG_MODIFYCHANNEL (22), guest to host (protocol 4.1+)"))
            .u32("child_relid", CHILD_RELID_OFFSET, "the channel's relid")
            .u32("target_vp", TARGET_VP_OFFSET, "the new target virtual processor")
            .build(LENGTH);

    private ModifyChannelLayout() {
    }
}
