package org.vmbussim.mgmt.message;

import org.vmbussim.wire.StructLayout;

/**
 * Layout of {@code struct vmbus_channel_offer_channel} (196 bytes), CHANNELMSG_OFFERCHANNEL: the host
 * offers one channel (VMBUS-REFERENCE.md §4.3).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +---------------------------------------------------------------+
 * |                      header.msgtype (1)                       |  0
 * |                        header.padding                         |  4
 * |        offer (176 bytes, see ChannelOfferLayout)              |  8
 * |                          child_relid                          | 184
 * |   monitorid   |M| reserved    |D|      reserved               | 188
 * |                         connection_id                         | 192
 * +---------------------------------------------------------------+
 *   M = monitor_allocated (bit 0 of byte 189), D = is_dedicated_interrupt (bit 0 of u16 at 190)
 * </pre>
 */
public final class OfferChannelLayout {
    /** The embedded {@code struct vmbus_channel_offer}. */
    public static final int OFFER_OFFSET = ChannelMessageHeaderLayout.LENGTH;
    /** The channel's relid; also its event-flag bit. */
    public static final int CHILD_RELID_OFFSET = OFFER_OFFSET + ChannelOfferLayout.LENGTH;
    /** Monitor (MNF) id: group = id / 32, bit = id % 32. */
    public static final int MONITORID_OFFSET = CHILD_RELID_OFFSET + Integer.BYTES;
    /** Bit 0: monitor_allocated; bits 1-7 reserved. */
    public static final int MONITOR_ALLOCATED_OFFSET = MONITORID_OFFSET + Byte.BYTES;
    /** Bit 0: is_dedicated_interrupt; bits 1-15 reserved. */
    public static final int IS_DEDICATED_INTERRUPT_OFFSET = MONITOR_ALLOCATED_OFFSET + Byte.BYTES;
    /** Connection id the guest signals the channel's events on. */
    public static final int CONNECTION_ID_OFFSET = IS_DEDICATED_INTERRUPT_OFFSET + Short.BYTES;
    /** Size of the message: 196. */
    public static final int LENGTH = CONNECTION_ID_OFFSET + Integer.BYTES;

    /** Absolute offset of {@code offer.if_type}. */
    public static final int IF_TYPE_OFFSET = OFFER_OFFSET + ChannelOfferLayout.IF_TYPE_OFFSET;
    /** Absolute offset of {@code offer.if_instance}. */
    public static final int IF_INSTANCE_OFFSET = OFFER_OFFSET + ChannelOfferLayout.IF_INSTANCE_OFFSET;
    /** Absolute offset of {@code offer.chn_flags}. */
    public static final int CHN_FLAGS_OFFSET = OFFER_OFFSET + ChannelOfferLayout.CHN_FLAGS_OFFSET;
    /** Absolute offset of {@code offer.sub_channel_index}. */
    public static final int SUB_CHANNEL_INDEX_OFFSET = OFFER_OFFSET + ChannelOfferLayout.SUB_CHANNEL_INDEX_OFFSET;

    /** The struct's description, for golden vectors, the dissector and the docs. */
    public static final StructLayout STRUCT = ChannelOfferLayout.fields(ChannelMessageHeaderLayout.header(
                    StructLayout.builder("vmbus_channel_offer_channel", "CHANNELMSG_OFFERCHANNEL (1), host to guest")),
                    "offer.", OFFER_OFFSET)
            .u32("child_relid", CHILD_RELID_OFFSET, "the channel's relid")
            .u8("monitorid", MONITORID_OFFSET, "MNF id: group id/32, bit id%32")
            .u8("monitor_allocated", MONITOR_ALLOCATED_OFFSET, "bit 0: monitor allocated; bits 1-7 reserved")
            .u16("is_dedicated_interrupt", IS_DEDICATED_INTERRUPT_OFFSET, "bit 0: dedicated interrupt; rest reserved")
            .u32("connection_id", CONNECTION_ID_OFFSET, "connection id for signalling the host")
            .build(LENGTH);

    private OfferChannelLayout() {
    }
}
