package org.vmbussim.mgmt.message;

/**
 * CHANNELMSG_RELID_RELEASED: the guest lets go of a relid.
 *
 * @param childRelid the channel's relid
 */
public record RelidReleased(int childRelid) implements ChannelMessage {

    static RelidReleased read(final byte[] bytes) {
        return new RelidReleased(MessageBytes.u32(bytes, RelidReleasedLayout.CHILD_RELID_OFFSET));
    }

    @Override
    public ChannelMessageType type() {
        return ChannelMessageType.RELID_RELEASED;
    }

    @Override
    public byte[] encode() {
        return MessageBytes.withU32(type(), RelidReleasedLayout.LENGTH, childRelid);
    }
}
