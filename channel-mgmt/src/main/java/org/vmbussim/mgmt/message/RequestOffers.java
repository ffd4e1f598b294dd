package org.vmbussim.mgmt.message;

/** CHANNELMSG_REQUEST_OFFERS: the guest asks for every offer; the header alone. */
public record RequestOffers() implements ChannelMessage {

    @Override
    public ChannelMessageType type() {
        return ChannelMessageType.REQUEST_OFFERS;
    }

    @Override
    public byte[] encode() {
        return MessageBytes.allocate(type(), ChannelMessageHeaderLayout.LENGTH);
    }
}
