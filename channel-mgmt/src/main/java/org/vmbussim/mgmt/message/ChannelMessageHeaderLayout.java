package org.vmbussim.mgmt.message;

import org.vmbussim.wire.StructLayout;

/**
 * Layout of {@code struct vmbus_channel_message_header} (8 bytes), the start of every channel message
 * (VMBUS-REFERENCE.md §4.2). REQUESTOFFERS, ALLOFFERS_DELIVERED, UNLOAD and UNLOAD_RESPONSE carry
 * nothing else.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +---------------------------------------------------------------+
 * |                     msgtype (CHANNELMSG_*)                    |  0
 * |               padding (write 0, ignore on read)               |  4
 * +---------------------------------------------------------------+
 * </pre>
 */
public final class ChannelMessageHeaderLayout {
    /** The message type, a {@link ChannelMessageType} wire id. */
    public static final int MSGTYPE_OFFSET = 0;
    /** Padding; written as 0, ignored on read. */
    public static final int PADDING_OFFSET = MSGTYPE_OFFSET + Integer.BYTES;
    /** Size of the header: 8. */
    public static final int LENGTH = PADDING_OFFSET + Integer.BYTES;

    /** The struct's description, for golden vectors, the dissector and the docs. */
    public static final StructLayout STRUCT = StructLayout.builder("vmbus_channel_message_header",
                    "start of every channel message; the whole of REQUESTOFFERS, ALLOFFERS_DELIVERED, UNLOAD and"
                            + " UNLOAD_RESPONSE")
            .u32("msgtype", MSGTYPE_OFFSET, "CHANNELMSG_* type")
            .u32("padding", PADDING_OFFSET, "0; ignored on read")
            .build(LENGTH);

    private ChannelMessageHeaderLayout() {
    }

    /**
     * Adds the header's two fields, named {@code header.msgtype} and {@code header.padding}, to the
     * description of a message that starts with it.
     *
     * @param builder the message's description
     * @return the builder
     */
    public static StructLayout.Builder header(final StructLayout.Builder builder) {
        return builder.u32("header.msgtype", MSGTYPE_OFFSET, "CHANNELMSG_* type")
                .u32("header.padding", PADDING_OFFSET, "0; ignored on read");
    }
}
