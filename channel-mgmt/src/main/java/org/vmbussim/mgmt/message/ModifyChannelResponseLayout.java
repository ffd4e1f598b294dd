package org.vmbussim.mgmt.message;

import org.vmbussim.wire.StructLayout;

/**
 * Layout of {@code struct vmbus_channel_modifychannel_response} (16 bytes),
 * CHANNELMSG_MODIFYCHANNEL_RESPONSE: hosts on protocol 5.3 and later acknowledge a MODIFYCHANNEL.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +---------------------------------------------------------------+
 * |                      header.msgtype (24)                      |  0
 * |                         header.padding                        |  4
 * |                          child_relid                          |  8
 * |                             status                            | 12
 * +---------------------------------------------------------------+
 * </pre>
 */
public final class ModifyChannelResponseLayout {
    /** The channel's relid. */
    public static final int CHILD_RELID_OFFSET = ChannelMessageHeaderLayout.LENGTH;
    /** 0 = done. */
    public static final int STATUS_OFFSET = CHILD_RELID_OFFSET + Integer.BYTES;
    /** Size of the message: 16. */
    public static final int LENGTH = STATUS_OFFSET + Integer.BYTES;

    /** The struct's description, for golden vectors, the dissector and the docs. */
    public static final StructLayout STRUCT = ChannelMessageHeaderLayout.header(StructLayout.builder(
                    "vmbus_channel_modifychannel_response",
                    "CHANNELMSG_MODIFYCHANNEL_RESPONSE (24), host to guest (protocol 5.3+)"))
            .u32("child_relid", CHILD_RELID_OFFSET, "the channel's relid")
            .u32("status", STATUS_OFFSET, "0 = done")
            .build(LENGTH);

    private ModifyChannelResponseLayout() {
    }
}
