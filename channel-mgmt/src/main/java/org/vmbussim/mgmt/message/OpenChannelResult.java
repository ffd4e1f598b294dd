package org.vmbussim.mgmt.message;

import org.vmbussim.wire.LittleEndian;

/**
 * CHANNELMSG_OPEN_CHANNEL_RESULT ({@link OpenChannelResultLayout}): the host's answer to OPENCHANNEL; matched
 * on (childRelid,
 * openId).
 *
 * @param childRelid the relid
 * @param openId the open id of the request
 * @param status 0 = opened
 */
public record OpenChannelResult(int childRelid, int openId, int status) implements ChannelMessage {

    static OpenChannelResult read(final byte[] bytes) {
        return new OpenChannelResult(MessageBytes.u32(bytes, OpenChannelResultLayout.CHILD_RELID_OFFSET),
                MessageBytes.u32(bytes, OpenChannelResultLayout.OPENID_OFFSET),
                MessageBytes.u32(bytes, OpenChannelResultLayout.STATUS_OFFSET));
    }

    @Override
    public ChannelMessageType type() {
        return ChannelMessageType.OPEN_CHANNEL_RESULT;
    }

    @Override
    public byte[] encode() {
        final byte[] bytes = MessageBytes.withU32(type(), OpenChannelResultLayout.LENGTH, childRelid);
        LittleEndian.putInt(bytes, OpenChannelResultLayout.OPENID_OFFSET, openId);
        LittleEndian.putInt(bytes, OpenChannelResultLayout.STATUS_OFFSET, status);
        return bytes;
    }
}
