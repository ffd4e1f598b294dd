package org.vmbussim.mgmt.message;

import java.util.Arrays;
import java.util.Objects;
import org.vmbussim.wire.LittleEndian;

/**
 * CHANNELMSG_GPADL_HEADER ({@link GpadlHeaderLayout}): the start of a GPADL. The range bytes are kept raw
 * (range headers and PFNs as they appear after offset 20) because a range's PFNs may continue in
 * {@link GpadlBody} messages; {@link GpadlMessages#parseRanges} reads them once all have arrived.
 *
 * @param childRelid     the channel the GPADL belongs to
 * @param gpadl          the GPADL handle
 * @param rangeBufLength bytes of all ranges together ({@code range_buflen})
 * @param rangeCount     number of ranges
 * @param rangeBytes     the range bytes this message carries
 */
public record GpadlHeader(int childRelid, int gpadl, int rangeBufLength, int rangeCount, byte[] rangeBytes)
        implements ChannelMessage {

    /**
     * Validates and copies.
     *
     * @param childRelid     the relid
     * @param gpadl          the handle
     * @param rangeBufLength u16
     * @param rangeCount     u16
     * @param rangeBytes     at most 220 bytes
     */
    public GpadlHeader {
        MessageBytes.checkU16("rangeBufLength", rangeBufLength);
        MessageBytes.checkU16("rangeCount", rangeCount);
        if (GpadlHeaderLayout.LENGTH + rangeBytes.length > VmbusProtocol.MAX_MESSAGE_PAYLOAD) {
            throw new IllegalArgumentException("rangeBytes.length=" + rangeBytes.length + " (expected: <= "
                    + (VmbusProtocol.MAX_MESSAGE_PAYLOAD - GpadlHeaderLayout.LENGTH) + ")");
        }
        rangeBytes = rangeBytes.clone();
    }

    static GpadlHeader read(final byte[] bytes) {
        return new GpadlHeader(MessageBytes.u32(bytes, GpadlHeaderLayout.CHILD_RELID_OFFSET),
                MessageBytes.u32(bytes, GpadlHeaderLayout.GPADL_OFFSET),
                MessageBytes.u16(bytes, GpadlHeaderLayout.RANGE_BUFLEN_OFFSET),
                MessageBytes.u16(bytes, GpadlHeaderLayout.RANGECOUNT_OFFSET),
                Arrays.copyOfRange(bytes, GpadlHeaderLayout.LENGTH, bytes.length));
    }

    /**
     * The range bytes this message carries.
     *
     * @return a copy
     */
    @Override
    public byte[] rangeBytes() {
        return rangeBytes.clone();
    }

    @Override
    public ChannelMessageType type() {
        return ChannelMessageType.GPADL_HEADER;
    }

    @Override
    public byte[] encode() {
        final byte[] bytes = MessageBytes.withU32(type(), GpadlHeaderLayout.LENGTH + rangeBytes.length, childRelid);
        LittleEndian.putInt(bytes, GpadlHeaderLayout.GPADL_OFFSET, gpadl);
        LittleEndian.putShort(bytes, GpadlHeaderLayout.RANGE_BUFLEN_OFFSET, rangeBufLength);
        LittleEndian.putShort(bytes, GpadlHeaderLayout.RANGECOUNT_OFFSET, rangeCount);
        System.arraycopy(rangeBytes, 0, bytes, GpadlHeaderLayout.LENGTH, rangeBytes.length);
        return bytes;
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof GpadlHeader other && childRelid == other.childRelid && gpadl == other.gpadl
                && rangeBufLength == other.rangeBufLength && rangeCount == other.rangeCount
                && Arrays.equals(rangeBytes, other.rangeBytes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(childRelid, gpadl, rangeBufLength, rangeCount, Arrays.hashCode(rangeBytes));
    }

    @Override
    public String toString() {
        return "GpadlHeader[relid=" + childRelid + ", gpadl=0x" + Integer.toHexString(gpadl) + ", rangeBufLength="
                + rangeBufLength + ", rangeCount=" + rangeCount + ", carried=" + rangeBytes.length + "]";
    }
}
