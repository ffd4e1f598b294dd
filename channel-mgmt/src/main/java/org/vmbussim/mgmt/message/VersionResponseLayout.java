package org.vmbussim.mgmt.message;

import org.vmbussim.wire.StructLayout;

/**
 * Layout of {@code struct vmbus_channel_version_response} (16 bytes), CHANNELMSG_VERSION_RESPONSE: the host
 * accepts or refuses the version of an INITIATE_CONTACT (VMBUS-REFERENCE.md §4.4).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +---------------------------------------------------------------+
 * |                      header.msgtype (15)                      |  0
 * |                         header.padding                        |  4
 * |version_support|connection_stat|            padding            |  8
 * |                          msg_conn_id                          | 12
 * +---------------------------------------------------------------+
 * </pre>
 */
public final class VersionResponseLayout {
    /** 1 = the requested version is accepted. */
    public static final int VERSION_SUPPORTED_OFFSET = ChannelMessageHeaderLayout.LENGTH;
    /** Connection state; informational. */
    public static final int CONNECTION_STATE_OFFSET = VERSION_SUPPORTED_OFFSET + Byte.BYTES;
    /** Padding; written 0. */
    public static final int PADDING_OFFSET = CONNECTION_STATE_OFFSET + Byte.BYTES;
    /** Connection id for later messages (protocol 5.0 and later). */
    public static final int MSG_CONN_ID_OFFSET = PADDING_OFFSET + Short.BYTES;
    /** Size of the message: 16. */
    public static final int LENGTH = MSG_CONN_ID_OFFSET + Integer.BYTES;

    /** The struct's description, for golden vectors, the dissector and the docs. */
    public static final StructLayout STRUCT = ChannelMessageHeaderLayout.header(StructLayout.builder(
                    "vmbus_channel_version_response", "CHANNELMSG_VERSION_RESPONSE (15), host to guest"))
            .u8("version_supported", VERSION_SUPPORTED_OFFSET, "1 = the requested version is accepted")
            .u8("connection_state", CONNECTION_STATE_OFFSET, "connection state; informational")
            .u16("padding", PADDING_OFFSET, "padding; written 0")
            .u32("msg_conn_id", MSG_CONN_ID_OFFSET, "connection id for later messages (protocol 5.0 and later)")
            .build(LENGTH);

    private VersionResponseLayout() {
    }
}
