package org.vmbussim.mgmt.message;

/** CHANNELMSG_UNLOAD_RESPONSE: the host has reset the connection; the header alone. */
public record UnloadResponse() implements ChannelMessage {

    @Override
    public ChannelMessageType type() {
        return ChannelMessageType.UNLOAD_RESPONSE;
    }

    @Override
    public byte[] encode() {
        return MessageBytes.allocate(type(), ChannelMessageHeaderLayout.LENGTH);
    }
}
