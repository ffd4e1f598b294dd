package org.vmbussim.mgmt.message;

import org.vmbussim.wire.StructLayout;

/**
 * Layout of {@code struct vmbus_channel_rescind_offer} (12 bytes), CHANNELMSG_RESCIND_CHANNELOFFER: the host
 * withdraws a channel; the guest answers with RELID_RELEASED once it has let go (VMBUS-REFERENCE.md §4.4, §4.8).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +---------------------------------------------------------------+
 * |                       header.msgtype (2)                      |  0
 * |                         header.padding                        |  4
 * |                          child_relid                          |  8
 * +---------------------------------------------------------------+
 * </pre>
 */
public final class RescindChannelOfferLayout {
    /** The rescinded channel's relid. */
    public static final int CHILD_RELID_OFFSET = ChannelMessageHeaderLayout.LENGTH;
    /** Size of the message: 12. */
    public static final int LENGTH = CHILD_RELID_OFFSET + Integer.BYTES;

    /** The struct's description, for golden vectors, the dissector and the docs. */
    public static final StructLayout STRUCT = ChannelMessageHeaderLayout.header(StructLayout.builder(
                    "vmbus_channel_rescind_offer", "CHANNELMSG_RESCIND_CHANNELOFFER (2), host to guest"))
            .u32("child_relid", CHILD_RELID_OFFSET, "the rescinded channel's relid")
            .build(LENGTH);

    private RescindChannelOfferLayout() {
    }
}
