package org.vmbussim.mgmt.message;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.vmbussim.wire.LittleEndian;
import org.vmbussim.wire.WireFormatException;

/**
 * Splitting a GPADL into a GPADL_HEADER and GPADL_BODY messages (Linux {@code create_gpadl_header}), and
 * reading the ranges back once every byte has arrived (the host's side).
 */
public final class GpadlMessages {

    private GpadlMessages() {
    }

    /**
     * The messages that describe one range: a header with the first {@link GpadlHeaderLayout#MAX_PFNS} PFNs,
     * then bodies of up to {@link GpadlBodyLayout#MAX_PFNS} each.
     *
     * @param childRelid the channel
     * @param gpadl      the handle
     * @param range      the range
     * @return the header followed by its bodies
     * @throws IllegalArgumentException when {@code range_buflen} would not fit its u16
     */
    public static List<ChannelMessage> forRange(final int childRelid, final int gpadl, final GpaRange range) {
        final long[] pfns = range.pfns();
        final int rangeBufLength = GpadlHeaderLayout.GPA_RANGE_HEADER_LENGTH + pfns.length * Long.BYTES;
        if (rangeBufLength > 0xFFFF) {
            throw new IllegalArgumentException("pages=" + pfns.length + " (expected: <= "
                    + (0xFFFF - GpadlHeaderLayout.GPA_RANGE_HEADER_LENGTH) / Long.BYTES + ": range_buflen is a u16)");
        }
        final int inHeader = Math.min(pfns.length, GpadlHeaderLayout.MAX_PFNS);
        final byte[] rangeBytes = new byte[GpadlHeaderLayout.GPA_RANGE_HEADER_LENGTH + inHeader * Long.BYTES];
        LittleEndian.putInt(rangeBytes, 0, range.byteCount());
        LittleEndian.putInt(rangeBytes, Integer.BYTES, range.byteOffset());
        for (int i = 0; i < inHeader; i++) {
            LittleEndian.putLong(rangeBytes, GpadlHeaderLayout.GPA_RANGE_HEADER_LENGTH + i * Long.BYTES, pfns[i]);
        }
        final List<ChannelMessage> out = new ArrayList<>();
        out.add(new GpadlHeader(childRelid, gpadl, rangeBufLength, 1, rangeBytes));
        for (int from = inHeader; from < pfns.length; from += GpadlBodyLayout.MAX_PFNS) {
            final int to = Math.min(pfns.length, from + GpadlBodyLayout.MAX_PFNS);
            out.add(new GpadlBody(0, gpadl, Arrays.copyOfRange(pfns, from, to)));
        }
        return out;
    }

    /**
     * Reads the ranges of a complete GPADL, refusing anything inconsistent: no ranges, a range with no bytes or
     * an offset past its first page, PFNs missing, or bytes left over.
     *
     * @param rangeBytes every range byte, from the header and the bodies in order
     * @param rangeCount the header's {@code rangecount}
     * @return the ranges
     * @throws WireFormatException naming what is wrong
     */
    public static List<GpaRange> parseRanges(final byte[] rangeBytes, final int rangeCount) {
        if (rangeCount < 1) {
            throw new WireFormatException("rangecount=" + rangeCount + " (expected: >= 1)");
        }
        final List<GpaRange> ranges = new ArrayList<>(rangeCount);
        int at = 0;
        for (int r = 0; r < rangeCount; r++) {
            if (rangeBytes.length - at < GpadlHeaderLayout.GPA_RANGE_HEADER_LENGTH) {
                throw new WireFormatException("range " + r + ": header needs 8 bytes, " + (rangeBytes.length - at)
                        + " left");
            }
            final int byteCount = LittleEndian.getInt(rangeBytes, at);
            final int byteOffset = LittleEndian.getInt(rangeBytes, at + Integer.BYTES);
            if (byteCount == 0 || Integer.toUnsignedLong(byteOffset) >= VmbusProtocol.HV_PAGE_SIZE) {
                throw new WireFormatException("range " + r + ": byte_count=" + Integer.toUnsignedString(byteCount)
                        + ", byte_offset=" + Integer.toUnsignedString(byteOffset)
                        + " (expected: byte_count > 0, byte_offset < 4096)");
            }
            at += GpadlHeaderLayout.GPA_RANGE_HEADER_LENGTH;
            final long pages = (Integer.toUnsignedLong(byteOffset) + Integer.toUnsignedLong(byteCount)
                    + VmbusProtocol.HV_PAGE_SIZE - 1) / VmbusProtocol.HV_PAGE_SIZE;
            if (pages * Long.BYTES > rangeBytes.length - at || byteCount < 0) {
                throw new WireFormatException("range " + r + ": " + pages + " pages need " + pages * Long.BYTES
                        + " bytes, " + (rangeBytes.length - at) + " left");
            }
            final long[] pfns = new long[(int) pages];
            for (int i = 0; i < pfns.length; i++) {
                pfns[i] = LittleEndian.getLong(rangeBytes, at);
                at += Long.BYTES;
            }
            ranges.add(new GpaRange(byteCount, byteOffset, pfns));
        }
        if (at != rangeBytes.length) {
            throw new WireFormatException((rangeBytes.length - at) + " bytes after " + rangeCount
                    + " ranges (expected: none)");
        }
        return List.copyOf(ranges);
    }
}
