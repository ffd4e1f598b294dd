package org.vmbussim.mgmt.message;

import java.util.Arrays;
import org.vmbussim.wire.Guid;
import org.vmbussim.wire.LittleEndian;

/** Small helpers the message records share to build and read their bytes. */
final class MessageBytes {

    private MessageBytes() {
    }

    /** A zeroed message of a type and length with its header written. */
    static byte[] allocate(final ChannelMessageType type, final int length) {
        final byte[] bytes = new byte[length];
        LittleEndian.putInt(bytes, ChannelMessageHeaderLayout.MSGTYPE_OFFSET, type.wireId());
        return bytes;
    }

    /** A message of a type and length with one u32 after the header. */
    static byte[] withU32(final ChannelMessageType type, final int length, final int value) {
        final byte[] bytes = allocate(type, length);
        LittleEndian.putInt(bytes, ChannelMessageHeaderLayout.LENGTH, value);
        return bytes;
    }

    static int u32(final byte[] bytes, final int offset) {
        return LittleEndian.getInt(bytes, offset);
    }

    static int u16(final byte[] bytes, final int offset) {
        return LittleEndian.getShort(bytes, offset) & 0xFFFF;
    }

    static int u8(final byte[] bytes, final int offset) {
        return bytes[offset] & 0xFF;
    }

    static Guid guid(final byte[] bytes, final int offset) {
        return Guid.fromWire(Arrays.copyOfRange(bytes, offset, offset + Guid.LENGTH));
    }

    static void checkU16(final String name, final int value) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException(name + "=" + value + " (expected: 0 to 65535)");
        }
    }

    static void checkU8(final String name, final int value) {
        if (value < 0 || value > 0xFF) {
            throw new IllegalArgumentException(name + "=" + value + " (expected: 0 to 255)");
        }
    }
}
