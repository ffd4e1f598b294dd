package org.vmbussim.mgmt.message;

import org.vmbussim.wire.LittleEndian;

/**
 * CHANNELMSG_VERSION_RESPONSE ({@link VersionResponseLayout}): the host's answer to INITIATE_CONTACT.
 *
 * @param versionSupported whether the proposed version is accepted
 * @param connectionState  the connection state byte (informational)
 * @param msgConnId        where later guest messages go (protocol 5.0+)
 */
public record VersionResponse(boolean versionSupported, int connectionState, int msgConnId)
        implements ChannelMessage {

    /**
     * Validates the state byte.
     *
     * @param versionSupported accepted or not
     * @param connectionState  0-255
     * @param msgConnId        the connection id
     */
    public VersionResponse {
        MessageBytes.checkU8("connectionState", connectionState);
    }

    static VersionResponse read(final byte[] bytes) {
        return new VersionResponse(bytes[VersionResponseLayout.VERSION_SUPPORTED_OFFSET] != 0,
                MessageBytes.u8(bytes, VersionResponseLayout.CONNECTION_STATE_OFFSET),
                MessageBytes.u32(bytes, VersionResponseLayout.MSG_CONN_ID_OFFSET));
    }

    @Override
    public ChannelMessageType type() {
        return ChannelMessageType.VERSION_RESPONSE;
    }

    @Override
    public byte[] encode() {
        final byte[] bytes = MessageBytes.allocate(type(), VersionResponseLayout.LENGTH);
        bytes[VersionResponseLayout.VERSION_SUPPORTED_OFFSET] = (byte) (versionSupported ? 1 : 0);
        bytes[VersionResponseLayout.CONNECTION_STATE_OFFSET] = (byte) connectionState;
        LittleEndian.putInt(bytes, VersionResponseLayout.MSG_CONN_ID_OFFSET, msgConnId);
        return bytes;
    }
}
