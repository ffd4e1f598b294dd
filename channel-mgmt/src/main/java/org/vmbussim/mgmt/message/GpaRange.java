package org.vmbussim.mgmt.message;

import java.util.Arrays;
import java.util.Objects;

/**
 * One {@code struct gpa_range} of a GPADL: {@code byteCount} bytes starting {@code byteOffset} bytes into the
 * first of {@code pfns}, which holds exactly {@link #pageCount(int, int)} page numbers (VMBUS-REFERENCE.md §2.3).
 *
 * @param byteCount  bytes the range covers, more than 0
 * @param byteOffset offset into the first page, below 4096
 * @param pfns       the 4 KiB page numbers
 */
public record GpaRange(int byteCount, int byteOffset, long[] pfns) {

    /**
     * Validates and copies.
     *
     * @param byteCount  the byte count
     * @param byteOffset the offset into the first page
     * @param pfns       the pages
     */
    public GpaRange {
        if (byteCount <= 0 || byteOffset < 0 || byteOffset >= VmbusProtocol.HV_PAGE_SIZE) {
            throw new IllegalArgumentException("byteCount=" + byteCount + ", byteOffset=" + byteOffset
                    + " (expected: byteCount > 0, 0 <= byteOffset < 4096)");
        }
        if (pfns.length != pageCount(byteOffset, byteCount)) {
            throw new IllegalArgumentException("pfns.length=" + pfns.length + " (expected: "
                    + pageCount(byteOffset, byteCount) + ")");
        }
        pfns = pfns.clone();
    }

    /**
     * How many pages a range spans: {@code ceil((byteOffset + byteCount) / 4096)}.
     *
     * @param byteOffset offset into the first page
     * @param byteCount  bytes
     * @return pages
     */
    public static int pageCount(final int byteOffset, final int byteCount) {
        return (int) ((Integer.toUnsignedLong(byteOffset) + Integer.toUnsignedLong(byteCount)
                + VmbusProtocol.HV_PAGE_SIZE - 1) / VmbusProtocol.HV_PAGE_SIZE);
    }

    /**
     * The page numbers.
     *
     * @return a copy
     */
    @Override
    public long[] pfns() {
        return pfns.clone();
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof GpaRange other && byteCount == other.byteCount && byteOffset == other.byteOffset
                && Arrays.equals(pfns, other.pfns);
    }

    @Override
    public int hashCode() {
        return Objects.hash(byteCount, byteOffset, Arrays.hashCode(pfns));
    }

    @Override
    public String toString() {
        return "GpaRange[byteCount=" + byteCount + ", byteOffset=" + byteOffset + ", pages=" + pfns.length + "]";
    }
}
