package org.vmbussim.mgmt.message;

/**
 * CHANNELMSG_RESCIND_CHANNEL_OFFER: the host withdraws a channel.
 *
 * @param childRelid the channel's relid
 */
public record RescindChannelOffer(int childRelid) implements ChannelMessage {

    static RescindChannelOffer read(final byte[] bytes) {
        return new RescindChannelOffer(MessageBytes.u32(bytes, RescindChannelOfferLayout.CHILD_RELID_OFFSET));
    }

    @Override
    public ChannelMessageType type() {
        return ChannelMessageType.RESCIND_CHANNEL_OFFER;
    }

    @Override
    public byte[] encode() {
        return MessageBytes.withU32(type(), RescindChannelOfferLayout.LENGTH, childRelid);
    }
}
