package org.vmbussim.mgmt.message;

import org.vmbussim.wire.LittleEndian;

/**
 * CHANNELMSG_MODIFY_CHANNEL ({@link ModifyChannelLayout}): the guest moves a channel's interrupt to another VP.
 *
 * @param childRelid the relid
 * @param targetVp the new target VP
 */
public record ModifyChannel(int childRelid, int targetVp) implements ChannelMessage {

    static ModifyChannel read(final byte[] bytes) {
        return new ModifyChannel(MessageBytes.u32(bytes, ModifyChannelLayout.CHILD_RELID_OFFSET),
                MessageBytes.u32(bytes, ModifyChannelLayout.TARGET_VP_OFFSET));
    }

    @Override
    public ChannelMessageType type() {
        return ChannelMessageType.MODIFY_CHANNEL;
    }

    @Override
    public byte[] encode() {
        final byte[] bytes = MessageBytes.withU32(type(), ModifyChannelLayout.LENGTH, childRelid);
        LittleEndian.putInt(bytes, ModifyChannelLayout.TARGET_VP_OFFSET, targetVp);
        return bytes;
    }
}
