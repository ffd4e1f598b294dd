package org.vmbussim.mgmt.message;

/**
 * CHANNELMSG_GPADL_TORNDOWN ({@link GpadlTorndownLayout}): the host no longer uses a GPADL's pages.
 *
 * @param gpadl the GPADL handle
 */
public record GpadlTorndown(int gpadl) implements ChannelMessage {

    static GpadlTorndown read(final byte[] bytes) {
        return new GpadlTorndown(MessageBytes.u32(bytes, GpadlTorndownLayout.GPADL_OFFSET));
    }

    @Override
    public ChannelMessageType type() {
        return ChannelMessageType.GPADL_TORNDOWN;
    }

    @Override
    public byte[] encode() {
        return MessageBytes.withU32(type(), GpadlTorndownLayout.LENGTH, gpadl);
    }
}
