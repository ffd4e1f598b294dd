package org.vmbussim.mgmt.message;

import org.vmbussim.wire.StructLayout;

/**
 * Layout of {@code struct vmbus_channel_open_channel} (148 bytes), CHANNELMSG_OPENCHANNEL: the guest opens a
 * channel on a ring GPADL it created; the host answers with OPENCHANNEL_RESULT (VMBUS-REFERENCE.md §4.4).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +---------------------------------------------------------------+
 * |                       header.msgtype (5)                      |  0
 * |                         header.padding                        |  4
 * |                          child_relid                          |  8
 * |                             openid                            | 12
 * |                     ringbuffer_gpadlhandle                    | 16
 * |                           target_vp                           | 20
 * |                downstream_ringbuffer_pageoffset               | 24
 * |                      userdata (120 bytes)                     | 28
 * +---------------------------------------------------------------+
 * </pre>
 */
public final class OpenChannelLayout {
    /** The channel's relid. */
    public static final int CHILD_RELID_OFFSET = ChannelMessageHeaderLayout.LENGTH;
    /** Matches the reply to the request; Linux sets it to the relid. */
    public static final int OPENID_OFFSET = CHILD_RELID_OFFSET + Integer.BYTES;
    /** The GPADL that covers both rings. */
    public static final int RINGBUFFER_GPADLHANDLE_OFFSET = OPENID_OFFSET + Integer.BYTES;
    /** The virtual processor the host interrupts. */
    public static final int TARGET_VP_OFFSET = RINGBUFFER_GPADLHANDLE_OFFSET + Integer.BYTES;
    /** First page of the host-to-guest ring in the GPADL, in 4 KiB pages. */
    public static final int DOWNSTREAM_RINGBUFFER_PAGEOFFSET_OFFSET = TARGET_VP_OFFSET + Integer.BYTES;
    /** Device-specific open data, 120 bytes. */
    public static final int USERDATA_OFFSET = DOWNSTREAM_RINGBUFFER_PAGEOFFSET_OFFSET + Integer.BYTES;
    /** Size of the message: 148. */
    public static final int LENGTH = USERDATA_OFFSET + ChannelOfferLayout.MAX_USER_DEFINED_BYTES;

    /** The struct's description, for golden vectors, the dissector and the docs. */
    public static final StructLayout STRUCT = ChannelMessageHeaderLayout.header(StructLayout.builder(
                    "vmbus_channel_open_channel", "CHANNELMSG_OPENCHANNEL (5), guest to host"))
            .u32("child_relid", CHILD_RELID_OFFSET, "the channel's relid")
            .u32("openid", OPENID_OFFSET, "matches the reply to the request; Linux sets it to the relid")
            .u32("ringbuffer_gpadlhandle", RINGBUFFER_GPADLHANDLE_OFFSET, "the GPADL that covers both rings")
            .u32("target_vp", TARGET_VP_OFFSET, "the virtual processor the host interrupts")
            .u32("downstream_ringbuffer_pageoffset", DOWNSTREAM_RINGBUFFER_PAGEOFFSET_OFFSET,
                    "first page of the host-to-guest ring in the GPADL, in 4 KiB pages")
            .bytes("userdata", USERDATA_OFFSET, ChannelOfferLayout.MAX_USER_DEFINED_BYTES,
                    "device-specific open data, 120 bytes")
            .build(LENGTH);

    private OpenChannelLayout() {
    }
}
