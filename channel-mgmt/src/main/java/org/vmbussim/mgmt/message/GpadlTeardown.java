package org.vmbussim.mgmt.message;

import org.vmbussim.wire.LittleEndian;

/**
 * CHANNELMSG_GPADL_TEARDOWN ({@link GpadlTeardownLayout}): the guest tears a GPADL down.
 *
 * @param childRelid the channel's relid
 * @param gpadl the GPADL handle
 */
public record GpadlTeardown(int childRelid, int gpadl) implements ChannelMessage {

    static GpadlTeardown read(final byte[] bytes) {
        return new GpadlTeardown(MessageBytes.u32(bytes, GpadlTeardownLayout.CHILD_RELID_OFFSET),
                MessageBytes.u32(bytes, GpadlTeardownLayout.GPADL_OFFSET));
    }

    @Override
    public ChannelMessageType type() {
        return ChannelMessageType.GPADL_TEARDOWN;
    }

    @Override
    public byte[] encode() {
        final byte[] bytes = MessageBytes.withU32(type(), GpadlTeardownLayout.LENGTH, childRelid);
        LittleEndian.putInt(bytes, GpadlTeardownLayout.GPADL_OFFSET, gpadl);
        return bytes;
    }
}
