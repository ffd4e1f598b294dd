package org.vmbussim.mgmt.message;

import org.vmbussim.wire.Guid;
import org.vmbussim.wire.StructLayout;

/**
 * Layout of {@code struct vmbus_channel_tl_connect_request} (40 bytes), CHANNELMSG_TL_CONNECT_REQUEST: an hv_sock
 * connect; the host answers by offering a channel with the TLNPI_PROVIDER_OFFER flag.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +---------------------------------------------------------------+
 * |                      header.msgtype (21)                      |  0
 * |                         header.padding                        |  4
 * |                  guest_endpoint_id (16 bytes)                 |  8
 * |                   host_service_id (16 bytes)                  | 24
 * +---------------------------------------------------------------+
 * </pre>
 */
public final class TlConnectRequestLayout {
    /** The guest's endpoint GUID. */
    public static final int GUEST_ENDPOINT_ID_OFFSET = ChannelMessageHeaderLayout.LENGTH;
    /** The host service GUID. */
    public static final int HOST_SERVICE_ID_OFFSET = GUEST_ENDPOINT_ID_OFFSET + Guid.LENGTH;
    /** Size of the message: 40. */
    public static final int LENGTH = HOST_SERVICE_ID_OFFSET + Guid.LENGTH;

    /** The struct's description, for golden vectors, the dissector and the docs. */
    public static final StructLayout STRUCT = ChannelMessageHeaderLayout.header(StructLayout.builder(
                    "vmbus_channel_tl_connect_request", "CHANNELMSG_TL_CONNECT_REQUEST (21), guest to host (hv_sock)"))
            .guid("guest_endpoint_id", GUEST_ENDPOINT_ID_OFFSET, "the guest's endpoint GUID")
            .guid("host_service_id", HOST_SERVICE_ID_OFFSET, "the host service GUID")
            .build(LENGTH);

    private TlConnectRequestLayout() {
    }
}
