package org.vmbussim.core.memory;

/**
 * Hyper-V page arithmetic: pages are 4 KiB on the wire whatever the guest's own page size
 * ({@code HV_HYP_PAGE_SIZE}). Addresses and PFNs are non-negative {@code long}s; every helper is
 * overflow-safe and refuses values it cannot represent rather than wrapping.
 */
public final class HvPage {
    /** Bytes in one page. */
    public static final int PAGE_SIZE = 4096;
    /** {@code log2(PAGE_SIZE)}. */
    public static final int PAGE_SHIFT = 12;
    /** Mask of the offset bits inside a page ({@code 0xFFF}). */
    public static final int OFFSET_MASK = PAGE_SIZE - 1;
    /** Largest PFN whose first byte's address fits in a non-negative {@code long}. */
    public static final long MAX_PFN = Long.MAX_VALUE >>> PAGE_SHIFT;

    private HvPage() {
    }

    /**
     * Number of pages touched by {@code length} bytes starting {@code offsetInFirstPage} bytes into the
     * first page: {@code ceil((offsetInFirstPage + length) / 4096)}, as Linux {@code get_buffer_pages} and
     * OpenVMM {@code gparange::parse} compute it. Computed without overflow for any {@code length}.
     *
     * @param offsetInFirstPage offset into the first page, {@code 0..4095}
     * @param length            bytes, not negative
     * @return the page count (0 when {@code offsetInFirstPage == 0 && length == 0})
     * @throws IllegalArgumentException when the offset is outside a page or the length is negative
     */
    public static long pageCount(final long offsetInFirstPage, final long length) {
        if (offsetInFirstPage < 0 || offsetInFirstPage > OFFSET_MASK) {
            throw new IllegalArgumentException("offsetInFirstPage=" + offsetInFirstPage + " (expected: 0..4095)");
        }
        if (length < 0) {
            throw new IllegalArgumentException("length=" + length + " (expected: >= 0)");
        }
        // Split so no intermediate sum can exceed Long.MAX_VALUE: whole pages of length, then the rest
        // (< 4096) plus the offset (< 4096) rounded up.
        return (length >>> PAGE_SHIFT) + (((length & OFFSET_MASK) + offsetInFirstPage + OFFSET_MASK) >>> PAGE_SHIFT);
    }

    /**
     * The PFN of the page holding an address.
     *
     * @param address a guest physical (or user virtual) address, not negative
     * @return {@code address / 4096}
     * @throws IllegalArgumentException when the address is negative
     */
    public static long pfnOf(final long address) {
        if (address < 0) {
            throw new IllegalArgumentException("address=0x" + Long.toHexString(address) + " (expected: >= 0)");
        }
        return address >>> PAGE_SHIFT;
    }

    /**
     * The address of the first byte of a page.
     *
     * @param pfn the page frame number, {@code 0..MAX_PFN}
     * @return {@code pfn * 4096}
     * @throws IllegalArgumentException when {@code pfn * 4096} is not representable
     */
    public static long gpaOf(final long pfn) {
        if (pfn < 0 || pfn > MAX_PFN) {
            throw new IllegalArgumentException("pfn=0x" + Long.toHexString(pfn)
                    + " (expected: 0..0x" + Long.toHexString(MAX_PFN) + ")");
        }
        return pfn << PAGE_SHIFT;
    }

    /**
     * The offset of an address inside its page.
     *
     * @param address any address
     * @return {@code address & 0xFFF}, {@code 0..4095}
     */
    public static int offsetInPage(final long address) {
        return (int) (address & OFFSET_MASK);
    }

    /**
     * Whether an address is the first byte of a page.
     *
     * @param address any address
     * @return true when {@code address % 4096 == 0}
     */
    public static boolean isPageAligned(final long address) {
        return (address & OFFSET_MASK) == 0;
    }

    /**
     * Rounds a non-negative value up to a whole number of pages.
     *
     * @param value bytes, not negative
     * @return the smallest multiple of 4096 that is {@code >= value}
     * @throws ArithmeticException when the result does not fit in a {@code long}
     * @throws IllegalArgumentException when the value is negative
     */
    public static long roundUpToPage(final long value) {
        if (value < 0) {
            throw new IllegalArgumentException("value=" + value + " (expected: >= 0)");
        }
        return Math.addExact(value, OFFSET_MASK) & ~(long) OFFSET_MASK;
    }
}
