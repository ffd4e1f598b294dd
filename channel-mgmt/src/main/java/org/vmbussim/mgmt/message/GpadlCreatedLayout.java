package org.vmbussim.mgmt.message;

import org.vmbussim.wire.StructLayout;

/**
 * Layout of {@code struct vmbus_channel_gpadl_created} (20 bytes), CHANNELMSG_GPADL_CREATED; matched on
 * {@code (child_relid, gpadl)}; a non-zero status means the host refused the GPADL (Linux: -EDQUOT).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +---------------------------------------------------------------+
 * |                      header.msgtype (10)                      |  0
 * |                         header.padding                        |  4
 * |                          child_relid                          |  8
 * |                             gpadl                             | 12
 * |                        creation_status                        | 16
 * +---------------------------------------------------------------+
 * </pre>
 */
public final class GpadlCreatedLayout {
    /** The channel the GPADL belongs to. */
    public static final int CHILD_RELID_OFFSET = ChannelMessageHeaderLayout.LENGTH;
    /** The GPADL handle the guest chose. */
    public static final int GPADL_OFFSET = CHILD_RELID_OFFSET + Integer.BYTES;
    /** 0 = created. */
    public static final int CREATION_STATUS_OFFSET = GPADL_OFFSET + Integer.BYTES;
    /** Size of the message: 20. */
    public static final int LENGTH = CREATION_STATUS_OFFSET + Integer.BYTES;

    /** The struct's description, for golden vectors, the dissector and the docs. */
    public static final StructLayout STRUCT = ChannelMessageHeaderLayout.header(StructLayout.builder(
                    "vmbus_channel_gpadl_created", "CHANNELMSG_GPADL_CREATED (10), host to guest"))
            .u32("child_relid", CHILD_RELID_OFFSET, "the channel the GPADL belongs to")
            .u32("gpadl", GPADL_OFFSET, "the GPADL handle the guest chose")
            .u32("creation_status", CREATION_STATUS_OFFSET, "0 = created")
            .build(LENGTH);

    private GpadlCreatedLayout() {
    }
}
