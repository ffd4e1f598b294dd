package org.vmbussim.mgmt.message;

/** CHANNELMSG_UNLOAD: the guest disconnects; the header alone. */
public record Unload() implements ChannelMessage {

    @Override
    public ChannelMessageType type() {
        return ChannelMessageType.UNLOAD;
    }

    @Override
    public byte[] encode() {
        return MessageBytes.allocate(type(), ChannelMessageHeaderLayout.LENGTH);
    }
}
