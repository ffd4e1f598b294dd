package org.vmbussim.mgmt.message;

import org.vmbussim.wire.LittleEndian;

/**
 * CHANNELMSG_GPADL_CREATED ({@link GpadlCreatedLayout}): the host's answer to a complete GPADL; matched on (childRelid,
 * gpadl).
 *
 * @param childRelid the channel's relid
 * @param gpadl the GPADL handle
 * @param creationStatus 0 = created
 */
public record GpadlCreated(int childRelid, int gpadl, int creationStatus) implements ChannelMessage {

    static GpadlCreated read(final byte[] bytes) {
        return new GpadlCreated(MessageBytes.u32(bytes, GpadlCreatedLayout.CHILD_RELID_OFFSET),
                MessageBytes.u32(bytes, GpadlCreatedLayout.GPADL_OFFSET),
                MessageBytes.u32(bytes, GpadlCreatedLayout.CREATION_STATUS_OFFSET));
    }

    @Override
    public ChannelMessageType type() {
        return ChannelMessageType.GPADL_CREATED;
    }

    @Override
    public byte[] encode() {
        final byte[] bytes = MessageBytes.withU32(type(), GpadlCreatedLayout.LENGTH, childRelid);
        LittleEndian.putInt(bytes, GpadlCreatedLayout.GPADL_OFFSET, gpadl);
        LittleEndian.putInt(bytes, GpadlCreatedLayout.CREATION_STATUS_OFFSET, creationStatus);
        return bytes;
    }
}
