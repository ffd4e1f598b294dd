package org.vmbussim.mgmt.message;

/** CHANNELMSG_ALL_OFFERS_DELIVERED: the host has sent every offer; the header alone. */
public record AllOffersDelivered() implements ChannelMessage {

    @Override
    public ChannelMessageType type() {
        return ChannelMessageType.ALL_OFFERS_DELIVERED;
    }

    @Override
    public byte[] encode() {
        return MessageBytes.allocate(type(), ChannelMessageHeaderLayout.LENGTH);
    }
}
