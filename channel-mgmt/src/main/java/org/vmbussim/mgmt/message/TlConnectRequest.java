package org.vmbussim.mgmt.message;

import java.util.Objects;
import org.vmbussim.wire.Guid;

/**
 * CHANNELMSG_TL_CONNECT_REQUEST ({@link TlConnectRequestLayout}): an hv_sock connect.
 *
 * @param guestEndpointId the guest's endpoint GUID
 * @param hostServiceId   the host service GUID
 */
public record TlConnectRequest(Guid guestEndpointId, Guid hostServiceId) implements ChannelMessage {

    /**
     * Validates.
     *
     * @param guestEndpointId endpoint
     * @param hostServiceId   service
     */
    public TlConnectRequest {
        Objects.requireNonNull(guestEndpointId, "guestEndpointId");
        Objects.requireNonNull(hostServiceId, "hostServiceId");
    }

    static TlConnectRequest read(final byte[] bytes) {
        return new TlConnectRequest(MessageBytes.guid(bytes, TlConnectRequestLayout.GUEST_ENDPOINT_ID_OFFSET),
                MessageBytes.guid(bytes, TlConnectRequestLayout.HOST_SERVICE_ID_OFFSET));
    }

    @Override
    public ChannelMessageType type() {
        return ChannelMessageType.TL_CONNECT_REQUEST;
    }

    @Override
    public byte[] encode() {
        final byte[] bytes = MessageBytes.allocate(type(), TlConnectRequestLayout.LENGTH);
        guestEndpointId.toWire(bytes, TlConnectRequestLayout.GUEST_ENDPOINT_ID_OFFSET);
        hostServiceId.toWire(bytes, TlConnectRequestLayout.HOST_SERVICE_ID_OFFSET);
        return bytes;
    }
}
