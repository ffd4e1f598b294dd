package org.vmbussim.mgmt.message;

/**
 * CHANNELMSG_CLOSE_CHANNEL: the guest closes an open channel.
 *
 * @param childRelid the channel's relid
 */
public record CloseChannel(int childRelid) implements ChannelMessage {

    static CloseChannel read(final byte[] bytes) {
        return new CloseChannel(MessageBytes.u32(bytes, CloseChannelLayout.CHILD_RELID_OFFSET));
    }

    @Override
    public ChannelMessageType type() {
        return ChannelMessageType.CLOSE_CHANNEL;
    }

    @Override
    public byte[] encode() {
        return MessageBytes.withU32(type(), CloseChannelLayout.LENGTH, childRelid);
    }
}
