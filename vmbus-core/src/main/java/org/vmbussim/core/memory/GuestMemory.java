package org.vmbussim.core.memory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.vmbussim.uapi.Errno;
import org.vmbussim.uapi.ErrnoException;
import org.vmbussim.wire.MemoryAccessException;
import org.vmbussim.wire.MemoryRegion;

/**
 * Guest physical memory: one region of 4 KiB pages with PFNs {@code [basePfn, basePfn + pageCount)},
 * addressed by guest physical address ({@code GPA = pfn * 4096 + offset}), with a page allocator and
 * per-page pin counts.
 *
 * <p>The base PFN is never 0 (default {@value #DEFAULT_BASE_PFN}), so code that confuses a page index with
 * a PFN, or treats GPA 0 as valid, fails loudly. The bytes live in one direct {@link ByteBuffer}, hence
 * the size limit of {@link #MAX_PAGE_COUNT} pages (just under 2 GiB).
 *
 * <p><b>Accessors</b> ({@link MemoryRegion}) reach every byte of guest RAM, allocated or not, as a
 * hypervisor would; they check the whole range first and throw {@link MemoryAccessException}, never
 * {@link IndexOutOfBoundsException}. They are plain accesses with no ordering; shared control words use
 * {@link #sharedView} plus VarHandles.
 *
 * <p><b>Allocator.</b> {@link #allocateContiguous} hands out zeroed runs from the bottom of RAM (ring
 * buffers); {@link #allocatePages} hands out zeroed pages from the top, deliberately neither contiguous nor
 * ascending where free memory allows (process memory, so PFN lists are exercised). Pages are zeroed again
 * when they return to the allocator, so no stale bytes survive a free.
 *
 * <p><b>Pins.</b> Each page has a pin count (Linux page references taken by {@code get_user_pages}). A page
 * freed while pinned stays allocated until its last unpin, then is zeroed and returned: this is how a
 * {@code munmap} of a pinned range keeps its pages alive while the host may still use them.
 *
 * <p>Thread-safe: allocator and pin state are guarded by one lock; accessors use absolute operations on
 * the shared buffer and need no lock.
 */
public final class GuestMemory implements MemoryRegion {
    /** Default first PFN of guest RAM (GPA {@code 0x100000}). */
    public static final long DEFAULT_BASE_PFN = 0x100;
    /** Largest page count: the whole region must fit in one {@link ByteBuffer} (at most 2 GiB - 1 bytes). */
    public static final int MAX_PAGE_COUNT = Integer.MAX_VALUE / HvPage.PAGE_SIZE;

    private static final byte[] ZERO_PAGE = new byte[HvPage.PAGE_SIZE];

    private final String name;
    private final long basePfn;
    private final int pageCount;
    private final long baseGpa;
    private final int sizeBytes;
    /** Direct, little-endian; only absolute operations are used on it, so it is safe to share. */
    private final ByteBuffer ram;

    private final Object lock = new Object();
    /** Page index (pfn - basePfn) → allocated; includes pages freed while pinned. Guarded by lock. */
    private final BitSet allocated;
    /** Page index → freed while pinned, to be released on the last unpin. Guarded by lock. */
    private final BitSet freedWhilePinned;
    /** Page index → pin count. Guarded by lock. */
    private final int[] pinCounts;
    private int freePageCount;
    private int pinnedPageCount;
    /**
     * Page index → how many times the page was released. Written under lock; read without it (volatile
     * reads) by {@link PfnListRegion} to refuse access to a page released since the region was built.
     */
    private final AtomicIntegerArray releases;

    private GuestMemory(final Builder builder) {
        this.name = builder.name;
        this.basePfn = builder.basePfn;
        this.pageCount = builder.pageCount;
        this.baseGpa = HvPage.gpaOf(basePfn);
        this.sizeBytes = pageCount * HvPage.PAGE_SIZE;
        this.ram = ByteBuffer.allocateDirect(sizeBytes).order(ByteOrder.LITTLE_ENDIAN);
        this.allocated = new BitSet(pageCount);
        this.freedWhilePinned = new BitSet(pageCount);
        this.pinCounts = new int[pageCount];
        this.freePageCount = pageCount;
        this.releases = new AtomicIntegerArray(pageCount);
    }

    /**
     * Starts describing a guest memory.
     *
     * @return a builder with name {@code "guest-ram"}, base PFN {@value #DEFAULT_BASE_PFN} and no page count
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The name used in error messages.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The first PFN of guest RAM.
     *
     * @return the base PFN, never 0
     */
    public long basePfn() {
        return basePfn;
    }

    /**
     * One past the last PFN of guest RAM.
     *
     * @return {@code basePfn() + pageCount()}
     */
    public long endPfn() {
        return basePfn + pageCount;
    }

    /**
     * The number of pages of guest RAM.
     *
     * @return the page count
     */
    public int pageCount() {
        return pageCount;
    }

    /**
     * The GPA of the first byte of guest RAM.
     *
     * @return {@code basePfn() * 4096}
     */
    public long baseGpa() {
        return baseGpa;
    }

    /**
     * The size of guest RAM.
     *
     * @return bytes
     */
    public int sizeBytes() {
        return sizeBytes;
    }

    /**
     * Whether a PFN lies in guest RAM.
     *
     * @param pfn any 64-bit value (wire PFNs are u64; negative here means huge)
     * @return true when {@code basePfn() <= pfn < endPfn()}
     */
    public boolean isValidPfn(final long pfn) {
        return pfn >= basePfn && pfn - basePfn < pageCount;
    }

    /**
     * Checks that a PFN lies in guest RAM.
     *
     * @param pfn any 64-bit value
     * @throws InvalidPfnException naming the PFN and the guest RAM range when it does not
     */
    public void checkPfn(final long pfn) {
        if (!isValidPfn(pfn)) {
            throw new InvalidPfnException(describeInvalidPfn(pfn, InvalidPfnException.NO_INDEX), pfn,
                    InvalidPfnException.NO_INDEX);
        }
    }

    String describeInvalidPfn(final long pfn, final int index) {
        return String.format("%s: pfn=0x%x%s outside guest RAM (expected: pfn in [0x%x, 0x%x))", name, pfn,
                index == InvalidPfnException.NO_INDEX ? "" : " at index " + index, basePfn, endPfn());
    }

    // ---------------------------------------------------------------------------------------------
    // MemoryRegion: byte access by GPA

    @Override
    public void checkRange(final long address, final long length) {
        // address - baseGpa cannot overflow: both are non-negative once address >= baseGpa.
        if (length < 0 || address < baseGpa || address - baseGpa > sizeBytes
                || length > sizeBytes - (address - baseGpa)) {
            throw MemoryAccessException.outOfBounds(name, address, length, baseGpa, sizeBytes);
        }
    }

    private int index(final long address, final long length) {
        checkRange(address, length);
        return (int) (address - baseGpa);
    }

    @Override
    public void getBytes(final long address, final byte[] dst, final int dstOffset, final int length) {
        ram.get(index(address, length), dst, dstOffset, length);
    }

    @Override
    public void putBytes(final long address, final byte[] src, final int srcOffset, final int length) {
        ram.put(index(address, length), src, srcOffset, length);
    }

    @Override
    public byte getByte(final long address) {
        return ram.get(index(address, Byte.BYTES));
    }

    @Override
    public void putByte(final long address, final byte value) {
        ram.put(index(address, Byte.BYTES), value);
    }

    @Override
    public short getShortLE(final long address) {
        return ram.getShort(index(address, Short.BYTES));
    }

    @Override
    public void putShortLE(final long address, final int value) {
        ram.putShort(index(address, Short.BYTES), (short) value);
    }

    @Override
    public int getIntLE(final long address) {
        return ram.getInt(index(address, Integer.BYTES));
    }

    @Override
    public void putIntLE(final long address, final int value) {
        ram.putInt(index(address, Integer.BYTES), value);
    }

    @Override
    public long getLongLE(final long address) {
        return ram.getLong(index(address, Long.BYTES));
    }

    @Override
    public void putLongLE(final long address, final long value) {
        ram.putLong(index(address, Long.BYTES), value);
    }

    /**
     * A direct buffer over guest bytes {@code [gpa, gpa + length)}: position 0, limit {@code length},
     * little-endian. It <b>aliases</b> guest memory (writes through it are guest memory writes and vice
     * versa); the ring-buffer code puts VarHandle acquire/release accessors over such views. The view stays
     * valid after the pages are freed, so its owner must stop using it when it frees them.
     *
     * @param gpa    first byte
     * @param length bytes
     * @return the view
     * @throws MemoryAccessException when any byte is outside guest RAM
     */
    public ByteBuffer sharedView(final long gpa, final int length) {
        return ram.slice(index(gpa, length), length).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The backing buffer, for {@link PfnListRegion}'s page-chunked copies; absolute operations only. */
    ByteBuffer ram() {
        return ram;
    }

    /** Byte index of a PFN's first byte in {@link #ram()}; the caller has validated the PFN. */
    int ramIndexOf(final long pfn) {
        return (int) (pfn - basePfn) << HvPage.PAGE_SHIFT;
    }

    // ---------------------------------------------------------------------------------------------
    // Page allocator

    /**
     * Allocates a zeroed run of contiguous pages, first fit from the bottom of RAM (for ring buffers).
     *
     * @param pages pages wanted, at least 1
     * @return the first PFN of the run
     * @throws ErrnoException {@link Errno#ENOMEM} when no free run is long enough; nothing is allocated
     * @throws IllegalArgumentException when {@code pages < 1}
     */
    public long allocateContiguous(final int pages) {
        requirePositive(pages);
        synchronized (lock) {
            int largestRun = 0;
            int from = 0;
            while (from < pageCount) {
                final int runStart = allocated.nextClearBit(from);
                if (runStart >= pageCount) {
                    break;
                }
                int runEnd = allocated.nextSetBit(runStart);
                if (runEnd < 0) {
                    runEnd = pageCount;
                }
                if (runEnd - runStart >= pages) {
                    for (int i = runStart; i < runStart + pages; i++) {
                        takeLocked(i);
                    }
                    return basePfn + runStart;
                }
                largestRun = Math.max(largestRun, runEnd - runStart);
                from = runEnd;
            }
            throw new ErrnoException(Errno.ENOMEM, String.format(
                    "%s: no run of %d contiguous free pages (free=%d, largest free run=%d)",
                    name, pages, freePageCount, largestRun));
        }
    }

    /**
     * Allocates zeroed pages for process memory. The pages are taken from the top of RAM downwards,
     * skipping every other free page while free memory allows, so the result is neither contiguous nor
     * ascending: code that assumes either breaks in tests. The choice is deterministic.
     *
     * @param pages pages wanted, at least 1
     * @return their PFNs, in the order the caller should use them
     * @throws ErrnoException {@link Errno#ENOMEM} when fewer pages are free; nothing is allocated
     * @throws IllegalArgumentException when {@code pages < 1}
     */
    public long[] allocatePages(final int pages) {
        requirePositive(pages);
        synchronized (lock) {
            if (pages > freePageCount) {
                throw new ErrnoException(Errno.ENOMEM, String.format("%s: %d pages wanted, %d free",
                        name, pages, freePageCount));
            }
            final long[] pfns = new long[pages];
            int n = 0;
            // Pass 1: every other free page, top down. Pass 2: the ones skipped, top down.
            boolean take = true;
            for (int i = allocated.previousClearBit(pageCount - 1); i >= 0 && n < pages;
                    i = allocated.previousClearBit(i - 1)) {
                if (take) {
                    takeLocked(i);
                    pfns[n++] = basePfn + i;
                }
                take = !take;
            }
            for (int i = allocated.previousClearBit(pageCount - 1); n < pages; i = allocated.previousClearBit(i - 1)) {
                takeLocked(i);
                pfns[n++] = basePfn + i;
            }
            return pfns;
        }
    }

    /**
     * Returns pages to the allocator. A page with a non-zero pin count stays allocated until its last
     * unpin and is released then. All PFNs are checked before any is freed.
     *
     * @param pfns the pages, each allocated and listed once
     * @throws IllegalArgumentException when a PFN is outside guest RAM or listed twice (caller bug)
     * @throws IllegalStateException    when a page is not allocated, or already freed (caller bug)
     */
    public void freePages(final long... pfns) {
        Objects.requireNonNull(pfns, "pfns");
        synchronized (lock) {
            // Validate everything before freeing anything. Duplicates are found by sorting a copy, so the check
            // costs O(n log n) in the list's length, not an allocation as large as guest memory per unmap.
            for (int k = 0; k < pfns.length; k++) {
                requireAllocatedLocked("freePages", pfns[k], k);
            }
            final long[] sorted = pfns.clone();
            Arrays.sort(sorted);
            for (int k = 1; k < sorted.length; k++) {
                if (sorted[k] == sorted[k - 1]) {
                    throw new IllegalArgumentException(String.format("freePages: pfn=0x%x listed twice", sorted[k]));
                }
            }
            for (final long pfn : pfns) {
                final int i = (int) (pfn - basePfn);
                if (pinCounts[i] > 0) {
                    freedWhilePinned.set(i);
                } else {
                    releaseLocked(i);
                }
            }
        }
    }

    /**
     * The number of pages the allocator can hand out.
     *
     * @return free pages (pages freed while pinned are not free yet)
     */
    public int freePageCount() {
        synchronized (lock) {
            return freePageCount;
        }
    }

    /**
     * Whether a page is allocated (including a page freed while pinned, which is still in use).
     *
     * @param pfn a PFN in guest RAM
     * @return true when allocated
     * @throws IllegalArgumentException when the PFN is outside guest RAM
     */
    public boolean isAllocated(final long pfn) {
        final int i = pageIndexOrThrow("isAllocated", pfn, InvalidPfnException.NO_INDEX);
        synchronized (lock) {
            return allocated.get(i);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Pin counts

    /**
     * Takes one pin reference on a page.
     *
     * @param pfn an allocated page not yet freed
     * @throws IllegalArgumentException when the PFN is outside guest RAM
     * @throws IllegalStateException    when the page is not allocated or was freed
     */
    public void pin(final long pfn) {
        pinAll(new long[] {pfn});
    }

    /**
     * Takes one pin reference on each listed page (a page listed twice is pinned twice). Either all are
     * pinned or, on an exception, none.
     *
     * @param pfns allocated pages not yet freed
     * @throws IllegalArgumentException when a PFN is outside guest RAM
     * @throws IllegalStateException    when a page is not allocated, was freed, or its count would overflow
     */
    public void pinAll(final long[] pfns) {
        Objects.requireNonNull(pfns, "pfns");
        pinAll(pfns, 0, pfns.length);
    }

    /**
     * Takes one pin reference on each page listed in {@code pfns[from, to)}; see {@link #pinAll(long[])}. The
     * rest of the array is not read, so several buffers' PFNs can share one list.
     *
     * @param pfns an array holding allocated pages not yet freed
     * @param from index of the first PFN to pin
     * @param to   index after the last
     * @throws IndexOutOfBoundsException when {@code [from, to)} is not inside the array
     * @throws IllegalArgumentException when a PFN is outside guest RAM
     * @throws IllegalStateException    when a page is not allocated, was freed, or its count would overflow
     */
    public void pinAll(final long[] pfns, final int from, final int to) {
        Objects.requireNonNull(pfns, "pfns");
        Objects.checkFromToIndex(from, to, pfns.length);
        final int count = to - from;
        synchronized (lock) {
            for (int k = from; k < to; k++) {
                final int i = requireAllocatedLocked("pin", pfns[k], k);
                if (pinCounts[i] > Integer.MAX_VALUE - count) {
                    throw new IllegalStateException(String.format("pin: pfn=0x%x pin count %d would overflow",
                            pfns[k], pinCounts[i]));
                }
            }
            for (int k = from; k < to; k++) {
                final int i = (int) (pfns[k] - basePfn);
                if (pinCounts[i]++ == 0) {
                    pinnedPageCount++;
                }
            }
        }
    }

    /**
     * Drops one pin reference on a page; on the last one a page freed while pinned is zeroed and released.
     *
     * @param pfn a pinned page
     * @throws IllegalArgumentException when the PFN is outside guest RAM
     * @throws IllegalStateException    when the page is not pinned
     */
    public void unpin(final long pfn) {
        unpinAll(new long[] {pfn});
    }

    /**
     * Drops one pin reference on each listed page (a page listed twice loses two). Either all are unpinned
     * or, on an exception, none.
     *
     * @param pfns pinned pages
     * @throws IllegalArgumentException when a PFN is outside guest RAM
     * @throws IllegalStateException    when a page has fewer pins than it is listed
     */
    public void unpinAll(final long[] pfns) {
        Objects.requireNonNull(pfns, "pfns");
        unpinAll(pfns, 0, pfns.length);
    }

    /**
     * Drops one pin reference on each page listed in {@code pfns[from, to)}; see {@link #unpinAll(long[])}.
     *
     * @param pfns an array holding pinned pages
     * @param from index of the first PFN to unpin
     * @param to   index after the last
     * @throws IndexOutOfBoundsException when {@code [from, to)} is not inside the array
     * @throws IllegalArgumentException when a PFN is outside guest RAM
     * @throws IllegalStateException    when a page is not pinned
     */
    public void unpinAll(final long[] pfns, final int from, final int to) {
        Objects.requireNonNull(pfns, "pfns");
        Objects.checkFromToIndex(from, to, pfns.length);
        synchronized (lock) {
            for (int k = from; k < to; k++) {
                pageIndexOrThrow("unpin", pfns[k], k);
            }
            for (int k = from; k < to; k++) {
                final int i = (int) (pfns[k] - basePfn);
                if (pinCounts[i] == 0) {
                    rollBackUnpinsLocked(pfns, from, k);
                    throw new IllegalStateException(String.format("unpin: pfn=0x%x at index %d is not pinned",
                            pfns[k], k));
                }
                if (--pinCounts[i] == 0) {
                    pinnedPageCount--;
                }
            }
            for (int k = from; k < to; k++) {
                final int i = (int) (pfns[k] - basePfn);
                // Release clears the flag, so a page listed twice is released once.
                if (pinCounts[i] == 0 && freedWhilePinned.get(i)) {
                    releaseLocked(i);
                }
            }
        }
    }

    private void rollBackUnpinsLocked(final long[] pfns, final int from, final int to) {
        for (int k = from; k < to; k++) {
            final int i = (int) (pfns[k] - basePfn);
            if (pinCounts[i]++ == 0) {
                pinnedPageCount++;
            }
        }
    }

    /**
     * A page's pin count.
     *
     * @param pfn a PFN in guest RAM
     * @return the count, 0 when not pinned
     * @throws IllegalArgumentException when the PFN is outside guest RAM
     */
    public int pinCount(final long pfn) {
        final int i = pageIndexOrThrow("pinCount", pfn, InvalidPfnException.NO_INDEX);
        synchronized (lock) {
            return pinCounts[i];
        }
    }

    /**
     * The number of pages with a pin count above zero: the leak check every test ends with.
     *
     * @return pinned pages
     */
    public int pinnedPageCount() {
        synchronized (lock) {
            return pinnedPageCount;
        }
    }

    // ---------------------------------------------------------------------------------------------

    private int pageIndexOrThrow(final String operation, final long pfn, final int index) {
        if (!isValidPfn(pfn)) {
            throw new IllegalArgumentException(operation + ": " + describeInvalidPfn(pfn, index));
        }
        return (int) (pfn - basePfn);
    }

    private int requireAllocatedLocked(final String operation, final long pfn, final int index) {
        final int i = pageIndexOrThrow(operation, pfn, index);
        if (!allocated.get(i) || freedWhilePinned.get(i)) {
            throw new IllegalStateException(String.format("%s: pfn=0x%x at index %d is %s", operation, pfn, index,
                    allocated.get(i) ? "already freed (still pinned)" : "not allocated"));
        }
        return i;
    }

    private void takeLocked(final int pageIndex) {
        allocated.set(pageIndex);
        freePageCount--;
        // Zeroed on allocation as well as on release: guest RAM is reachable by GPA while free.
        zeroPage(pageIndex);
    }

    private void releaseLocked(final int pageIndex) {
        releases.incrementAndGet(pageIndex);
        zeroPage(pageIndex);
        freedWhilePinned.clear(pageIndex);
        allocated.clear(pageIndex);
        freePageCount++;
    }

    /**
     * How many times a page has been released to the allocator: a host view built before a release
     * sees a different number after it.
     *
     * @param pfn a PFN in guest RAM
     * @return the release count
     * @throws IllegalArgumentException when the PFN is outside guest RAM
     */
    public int releaseCount(final long pfn) {
        return releases.get(pageIndexOrThrow("releaseCount", pfn, InvalidPfnException.NO_INDEX));
    }

    /** {@link #releaseCount} by RAM byte index (already validated), for {@link PfnListRegion}. */
    int releaseCountAtRamIndex(final int ramIndex) {
        return releases.get(ramIndex >>> HvPage.PAGE_SHIFT);
    }

    private void zeroPage(final int pageIndex) {
        ram.put(pageIndex << HvPage.PAGE_SHIFT, ZERO_PAGE, 0, HvPage.PAGE_SIZE);
    }

    private static void requirePositive(final int pages) {
        if (pages < 1) {
            throw new IllegalArgumentException("pages=" + pages + " (expected: >= 1)");
        }
    }

    @Override
    public String toString() {
        return String.format("GuestMemory[%s pfns=[0x%x, 0x%x)]", name, basePfn, endPfn());
    }

    /** Describes a {@link GuestMemory}; {@link #pageCount(int)} is required. */
    public static final class Builder {
        private String name = "guest-ram";
        private long basePfn = DEFAULT_BASE_PFN;
        private int pageCount;

        private Builder() {
        }

        /**
         * Sets the name used in error messages.
         *
         * @param name the name
         * @return this builder
         */
        public Builder name(final String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Sets the first PFN.
         *
         * @param basePfn at least 1
         * @return this builder
         */
        public Builder basePfn(final long basePfn) {
            this.basePfn = basePfn;
            return this;
        }

        /**
         * Sets the size in pages.
         *
         * @param pageCount {@code 1..MAX_PAGE_COUNT}
         * @return this builder
         */
        public Builder pageCount(final int pageCount) {
            this.pageCount = pageCount;
            return this;
        }

        /**
         * Allocates the memory (all pages free and zero).
         *
         * @return the guest memory
         * @throws IllegalArgumentException when the base PFN is 0 or negative, the page count is out of range,
         *                                  or the end of RAM is not addressable
         */
        public GuestMemory build() {
            if (basePfn < 1) {
                throw new IllegalArgumentException("basePfn=" + basePfn
                        + " (expected: >= 1; a zero base would hide page-index/PFN mix-ups)");
            }
            if (pageCount < 1 || pageCount > MAX_PAGE_COUNT) {
                throw new IllegalArgumentException(String.format(
                        "pageCount=%d (expected: 1..%d; guest RAM is one direct ByteBuffer, so it must be"
                                + " smaller than 2 GiB)", pageCount, MAX_PAGE_COUNT));
            }
            if (basePfn > HvPage.MAX_PFN - pageCount) {
                throw new IllegalArgumentException(String.format(
                        "basePfn=0x%x + pageCount=%d passes the largest addressable PFN 0x%x",
                        basePfn, pageCount, HvPage.MAX_PFN));
            }
            return new GuestMemory(this);
        }
    }
}
