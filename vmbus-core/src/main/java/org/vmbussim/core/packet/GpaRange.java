package org.vmbussim.core.packet;

import java.util.Arrays;

/**
 * One validated {@code gpa_range}: {@code byteCount} bytes of guest memory starting
 * {@code byteOffset} bytes into the first of its 4 KiB pages (VMBUS-REFERENCE.md §2.3). Immutable;
 * holds its own copy of the page numbers (or an array handed over to it, see {@link #adopt}).
 *
 * <p>A range only says which pages; whether each PFN is inside guest RAM (and may be accessed) is the
 * host's check when it maps the range, not this class's.
 */
public final class GpaRange {
    /** Hyper-V page size ({@code HV_HYP_PAGE_SIZE}): the unit of every PFN. */
    public static final int PAGE_SIZE = 4096;
    /** Largest {@code byte_offset}: an offset inside the first page. */
    public static final int MAX_BYTE_OFFSET = PAGE_SIZE - 1;
    /** Largest {@code byte_count}: the field is a u32. */
    public static final long MAX_BYTE_COUNT = 0xFFFF_FFFFL;

    private final int byteOffset;
    private final long byteCount;
    private final long[] pfns;

    private GpaRange(final int byteOffset, final long byteCount, final long[] pfns) {
        this.byteOffset = byteOffset;
        this.byteCount = byteCount;
        this.pfns = pfns;
    }

    /**
     * Creates a range, checking it the way a receiver would.
     *
     * @param byteOffset offset into the first page, 0 to {@link #MAX_BYTE_OFFSET}
     * @param byteCount  bytes, 1 to {@link #MAX_BYTE_COUNT}; {@code byteOffset + byteCount + 4095} must
     *                   fit a u32 too
     * @param pfns       exactly {@link #pfnCount(long, long)} page numbers (copied)
     * @return the range
     * @throws IllegalArgumentException when a value is out of range or the PFN count does not match
     */
    public static GpaRange of(final int byteOffset, final long byteCount, final long... pfns) {
        return of(byteOffset, byteCount, pfns, 0, pfns.length);
    }

    /**
     * Creates a range from part of a PFN array.
     *
     * @param byteOffset offset into the first page, 0 to {@link #MAX_BYTE_OFFSET}
     * @param byteCount  bytes, 1 to {@link #MAX_BYTE_COUNT}
     * @param pfns       the page numbers
     * @param from       the first one to take
     * @param count      how many to take: exactly {@link #pfnCount(long, long)}
     * @return the range
     * @throws IllegalArgumentException when a value is out of range or the PFN count does not match
     */
    public static GpaRange of(final int byteOffset, final long byteCount, final long[] pfns, final int from,
            final int count) {
        check(byteOffset, byteCount, pfns, from, count);
        return new GpaRange(byteOffset, byteCount, Arrays.copyOfRange(pfns, from, from + count));
    }

    /**
     * Creates a range that takes over a PFN array instead of copying it, checked as {@link #of(int, long, long...)}
     * checks it: for a sender that filled the array for this range alone.
     *
     * <p>Ownership: the array belongs to the range from this call on. The caller must not write to it afterwards
     * (nor hand it to anyone who might): the range is immutable only as long as nobody else changes its array.
     *
     * @param byteOffset offset into the first page, 0 to {@link #MAX_BYTE_OFFSET}
     * @param byteCount  bytes, 1 to {@link #MAX_BYTE_COUNT}
     * @param pfns       exactly {@link #pfnCount(long, long)} page numbers, held by the range (not copied)
     * @return the range
     * @throws IllegalArgumentException when a value is out of range or the PFN count does not match
     */
    public static GpaRange adopt(final int byteOffset, final long byteCount, final long[] pfns) {
        check(byteOffset, byteCount, pfns, 0, pfns.length);
        return new GpaRange(byteOffset, byteCount, pfns);
    }

    private static void check(final int byteOffset, final long byteCount, final long[] pfns, final int from,
            final int count) {
        if (byteOffset < 0 || byteOffset > MAX_BYTE_OFFSET) {
            throw new IllegalArgumentException("byteOffset=" + byteOffset + " (expected: 0 to " + MAX_BYTE_OFFSET
                    + ")");
        }
        if (byteCount <= 0 || byteCount > MAX_BYTE_COUNT) {
            throw new IllegalArgumentException("byteCount=" + byteCount + " (expected: 1 to " + MAX_BYTE_COUNT + ")");
        }
        if (byteOffset + byteCount + MAX_BYTE_OFFSET > MAX_BYTE_COUNT) {
            // Receivers compute the page count in u32 and refuse a sum that overflows (OpenVMM Overflow).
            throw new IllegalArgumentException("byteOffset + byteCount + 4095 = " + (byteOffset + byteCount
                    + MAX_BYTE_OFFSET) + " (expected: <= " + MAX_BYTE_COUNT + ")");
        }
        final long expected = pfnCount(byteOffset, byteCount);
        if (count != expected) {
            throw new IllegalArgumentException("pfnCount=" + count + " (expected: " + expected
                    + " for byteOffset=" + byteOffset + ", byteCount=" + byteCount + ")");
        }
        if (from < 0 || from > pfns.length - count) {
            throw new IllegalArgumentException("from=" + from + ", count=" + count + " (expected: inside "
                    + pfns.length + " PFNs)");
        }
    }

    /**
     * Wraps an array the parser has just filled; no copy, no checks.
     *
     * @param byteOffset validated offset
     * @param byteCount  validated count
     * @param pfns       a fresh array of exactly the right length, owned by the new range
     * @return the range
     */
    static GpaRange trusted(final int byteOffset, final long byteCount, final long[] pfns) {
        return new GpaRange(byteOffset, byteCount, pfns);
    }

    /**
     * Pages a range spans: {@code ceil((byteOffset + byteCount) / 4096)} (OpenVMM
     * {@code gparange::parse}). Pure arithmetic in {@code long}; no range checks.
     *
     * @param byteOffset offset into the first page (unsigned 32-bit value)
     * @param byteCount  bytes (unsigned 32-bit value)
     * @return the page count
     */
    public static long pfnCount(final long byteOffset, final long byteCount) {
        return (byteOffset + byteCount + PAGE_SIZE - 1) / PAGE_SIZE;
    }

    /**
     * Offset of the first byte in the first page.
     *
     * @return 0 to 0xfff
     */
    public int byteOffset() {
        return byteOffset;
    }

    /**
     * Bytes the range describes.
     *
     * @return 1 to 0xffffffff
     */
    public long byteCount() {
        return byteCount;
    }

    /**
     * Number of page numbers.
     *
     * @return at least 1
     */
    public int pfnCount() {
        return pfns.length;
    }

    /**
     * One page number.
     *
     * @param index 0 to {@link #pfnCount()} - 1
     * @return the PFN, as the peer wrote it (not yet checked against guest RAM)
     * @throws IndexOutOfBoundsException for a bad index (a caller bug)
     */
    public long pfn(final int index) {
        return pfns[index];
    }

    /**
     * A copy of the page numbers.
     *
     * @return a new array
     */
    public long[] pfns() {
        return pfns.clone();
    }

    /**
     * Bytes of descriptor area this range takes on the wire: 8 + 8 per PFN.
     *
     * @return bytes
     */
    public int wireLength() {
        return GpaRangeLayout.LENGTH + pfns.length * Long.BYTES;
    }

    @Override
    public boolean equals(final Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof GpaRange)) {
            return false;
        }
        final GpaRange other = (GpaRange) o;
        return byteOffset == other.byteOffset && byteCount == other.byteCount && Arrays.equals(pfns, other.pfns);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * byteOffset + Long.hashCode(byteCount)) + Arrays.hashCode(pfns);
    }

    @Override
    public String toString() {
        final StringBuilder sb = new StringBuilder("GpaRange{offset=0x").append(Integer.toHexString(byteOffset))
                .append(", count=").append(byteCount).append(", pfns=[");
        for (int i = 0; i < pfns.length; i++) {
            sb.append(i == 0 ? "0x" : ", 0x").append(Long.toHexString(pfns[i]));
        }
        return sb.append("]}").toString();
    }
}
