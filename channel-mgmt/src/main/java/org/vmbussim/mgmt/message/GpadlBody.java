package org.vmbussim.mgmt.message;

import java.util.Arrays;
import java.util.Objects;
import org.vmbussim.wire.LittleEndian;
import org.vmbussim.wire.WireFormatException;

/**
 * CHANNELMSG_GPADL_BODY ({@link GpadlBodyLayout}): more PFNs of a GPADL.
 *
 * @param msgNumber message number (Linux leaves it 0; hosts ignore it)
 * @param gpadl     the GPADL handle
 * @param pfns      at most {@link GpadlBodyLayout#MAX_PFNS} page numbers
 */
public record GpadlBody(int msgNumber, int gpadl, long[] pfns) implements ChannelMessage {

    /**
     * Validates and copies.
     *
     * @param msgNumber the message number
     * @param gpadl     the handle
     * @param pfns      the PFNs
     */
    public GpadlBody {
        if (pfns.length > GpadlBodyLayout.MAX_PFNS) {
            throw new IllegalArgumentException("pfns.length=" + pfns.length + " (expected: <= "
                    + GpadlBodyLayout.MAX_PFNS + ")");
        }
        pfns = pfns.clone();
    }

    static GpadlBody read(final byte[] bytes) {
        final int tail = bytes.length - GpadlBodyLayout.PFN_OFFSET;
        if (tail % Long.BYTES != 0) {
            throw new WireFormatException("GPADL_BODY: " + tail + " PFN bytes (expected: a multiple of 8)");
        }
        final long[] pfns = new long[tail / Long.BYTES];
        for (int i = 0; i < pfns.length; i++) {
            pfns[i] = LittleEndian.getLong(bytes, GpadlBodyLayout.PFN_OFFSET + i * Long.BYTES);
        }
        return new GpadlBody(MessageBytes.u32(bytes, GpadlBodyLayout.MSGNUMBER_OFFSET),
                MessageBytes.u32(bytes, GpadlBodyLayout.GPADL_OFFSET), pfns);
    }

    /**
     * The PFNs.
     *
     * @return a copy
     */
    @Override
    public long[] pfns() {
        return pfns.clone();
    }

    @Override
    public ChannelMessageType type() {
        return ChannelMessageType.GPADL_BODY;
    }

    @Override
    public byte[] encode() {
        final byte[] bytes = MessageBytes.withU32(type(), GpadlBodyLayout.PFN_OFFSET + pfns.length * Long.BYTES,
                msgNumber);
        LittleEndian.putInt(bytes, GpadlBodyLayout.GPADL_OFFSET, gpadl);
        for (int i = 0; i < pfns.length; i++) {
            LittleEndian.putLong(bytes, GpadlBodyLayout.PFN_OFFSET + i * Long.BYTES, pfns[i]);
        }
        return bytes;
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof GpadlBody other && msgNumber == other.msgNumber && gpadl == other.gpadl
                && Arrays.equals(pfns, other.pfns);
    }

    @Override
    public int hashCode() {
        return Objects.hash(msgNumber, gpadl, Arrays.hashCode(pfns));
    }

    @Override
    public String toString() {
        return "GpadlBody[gpadl=0x" + Integer.toHexString(gpadl) + ", pfns=" + pfns.length + "]";
    }
}
