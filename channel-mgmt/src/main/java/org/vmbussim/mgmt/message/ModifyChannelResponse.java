package org.vmbussim.mgmt.message;

import org.vmbussim.wire.LittleEndian;

/**
 * CHANNELMSG_MODIFY_CHANNEL_RESPONSE ({@link ModifyChannelResponseLayout}): the host acknowledges a MODIFYCHANNEL.
 *
 * @param childRelid the relid
 * @param status 0 = done
 */
public record ModifyChannelResponse(int childRelid, int status) implements ChannelMessage {

    static ModifyChannelResponse read(final byte[] bytes) {
        return new ModifyChannelResponse(MessageBytes.u32(bytes, ModifyChannelResponseLayout.CHILD_RELID_OFFSET),
                MessageBytes.u32(bytes, ModifyChannelResponseLayout.STATUS_OFFSET));
    }

    @Override
    public ChannelMessageType type() {
        return ChannelMessageType.MODIFY_CHANNEL_RESPONSE;
    }

    @Override
    public byte[] encode() {
        final byte[] bytes = MessageBytes.withU32(type(), ModifyChannelResponseLayout.LENGTH, childRelid);
        LittleEndian.putInt(bytes, ModifyChannelResponseLayout.STATUS_OFFSET, status);
        return bytes;
    }
}
