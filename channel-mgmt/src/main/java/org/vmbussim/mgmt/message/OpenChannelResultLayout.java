package org.vmbussim.mgmt.message;

import org.vmbussim.wire.StructLayout;

/**
 * Layout of {@code struct vmbus_channel_open_result} (20 bytes), CHANNELMSG_OPENCHANNEL_RESULT; matched on
 * {@code (child_relid, openid)}; status 0 is success (VMBUS-REFERENCE.md §4.4).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +---------------------------------------------------------------+
 * |                       header.msgtype (6)                      |  0
 * |                         header.padding                        |  4
 * |                          child_relid                          |  8
 * |                             openid                            | 12
 * |                             status                            | 16
 * +---------------------------------------------------------------+
 * </pre>
 */
public final class OpenChannelResultLayout {
    /** The channel's relid. */
    public static final int CHILD_RELID_OFFSET = ChannelMessageHeaderLayout.LENGTH;
    /** The openid of the request. */
    public static final int OPENID_OFFSET = CHILD_RELID_OFFSET + Integer.BYTES;
    /** 0 = opened; anything else = refused. */
    public static final int STATUS_OFFSET = OPENID_OFFSET + Integer.BYTES;
    /** Size of the message: 20. */
    public static final int LENGTH = STATUS_OFFSET + Integer.BYTES;

    /** The struct's description, for golden vectors, the dissector and the docs. */
    public static final StructLayout STRUCT = ChannelMessageHeaderLayout.header(StructLayout.builder(
                    "vmbus_channel_open_result", "CHANNELMSG_OPENCHANNEL_RESULT (6), host to guest"))
            .u32("child_relid", CHILD_RELID_OFFSET, "the channel's relid")
            .u32("openid", OPENID_OFFSET, "the openid of the request")
            .u32("status", STATUS_OFFSET, "0 = opened; anything else = refused")
            .build(LENGTH);

    private OpenChannelResultLayout() {
    }
}
