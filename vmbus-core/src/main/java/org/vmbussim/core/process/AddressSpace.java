package org.vmbussim.core.process;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.vmbussim.core.memory.GuestMemory;
import org.vmbussim.core.memory.HvPage;
import org.vmbussim.uapi.Errno;
import org.vmbussim.uapi.ErrnoException;
import org.vmbussim.wire.LittleEndian;
import org.vmbussim.wire.MemoryAccessException;
import org.vmbussim.wire.MemoryRegion;

/**
 * A simulated process's user address space: page-granular mappings of user virtual addresses onto guest
 * pages (Linux {@code mm_struct} with its VMAs), shared by the threads of one process.
 *
 * <p><b>Mappings.</b> {@link #mmap} places a range top-down below {@link #MMAP_BASE} (Linux's default
 * layout), {@link #mmapFixed} at a given address (replacing what was there, like {@code MAP_FIXED}).
 * Pages come from {@link GuestMemory#allocatePages}, so a virtually contiguous buffer is physically
 * scattered. {@link #munmap} returns pages to guest memory; a pinned page stays alive until its last unpin.
 *
 * <p><b>Access.</b> The {@link MemoryRegion} methods are user copies ({@code copy_from_user} /
 * {@code copy_to_user}): the whole range is checked first, and any unmapped byte, a read of a
 * {@link Protection#NONE} page, or a write to a non-writable page throws {@link MemoryAccessException}
 * (the driver turns it into {@code EFAULT}) with nothing copied. {@link #checkRange} checks readability.
 *
 * <p><b>Pinning.</b> {@link #pin} is {@code get_user_pages}: all or nothing, direction-checked.
 *
 * <p><b>Errors.</b> Bad arguments to mmap/munmap/mprotect give {@link Errno#EINVAL} (unaligned address,
 * zero length, range outside user space) or {@link Errno#ENOMEM} (no room, no memory; mprotect of an
 * unmapped page, as Linux). After the process has exited every operation fails: {@link Errno#EFAULT} for
 * mmap/munmap/mprotect/pin (there is no mm left to resolve addresses in) and {@link MemoryAccessException}
 * for accesses (nothing is mapped).
 *
 * <p>Thread-safe: accesses and pins hold the read side of a read-write lock ({@code mmap_read_lock}),
 * map changes the write side, so a buffer cannot be unmapped half-way through a copy or a pin. Lock order:
 * this lock, then guest memory's.
 */
public final class AddressSpace implements MemoryRegion {
    /** Lowest address a mapping may start at (Linux {@code mmap_min_addr}). */
    public static final long MMAP_MIN_ADDRESS = 0x1_0000L;
    /** {@link #mmap} places mappings top-down below this address. */
    public static final long MMAP_BASE = 0x7f00_0000_0000L;
    /** End of user space (x86-64 {@code TASK_SIZE_MAX}); no mapping or access goes past it. */
    public static final long TASK_SIZE = 0x7fff_ffff_f000L;

    private final GuestMemory memory;
    private final String name;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /**
     * Start address → mapping; mappings never overlap. A sorted {@code long[]}, not a {@code TreeMap<Long, ...>}:
     * every user copy and pin looks mappings up, and a boxed key per look-up was a visible share of a fast-path
     * request's allocation. Guarded by lock.
     */
    private final SortedLongMap<Mapping> mappings = new SortedLongMap<>();
    /** Set once, under the write lock, when the process exits. */
    private boolean destroyed;

    AddressSpace(final GuestMemory memory, final String name) {
        this.memory = Objects.requireNonNull(memory, "memory");
        this.name = Objects.requireNonNull(name, "name");
    }

    /**
     * The guest memory backing this address space.
     *
     * @return guest RAM
     */
    public GuestMemory memory() {
        return memory;
    }

    // ---------------------------------------------------------------------------------------------
    // Mapping changes

    /**
     * Maps zeroed memory at an address chosen top-down below {@link #MMAP_BASE}.
     *
     * @param length     bytes, rounded up to whole pages
     * @param protection page protection
     * @return the first address of the mapping (page aligned)
     * @throws ErrnoException {@link Errno#EINVAL} for {@code length <= 0}; {@link Errno#ENOMEM} when the length
     *                        is too large, no address range or not enough guest memory is free;
     *                        {@link Errno#EFAULT} after exit
     */
    public long mmap(final long length, final Protection protection) {
        Objects.requireNonNull(protection, "protection");
        final int pages = pagesForMapping("mmap", length);
        final long bytes = (long) pages << HvPage.PAGE_SHIFT;
        lock.writeLock().lock();
        try {
            requireAliveLocked("mmap");
            final long va = findFreeRangeLocked(bytes);
            if (va < 0) {
                throw new ErrnoException(Errno.ENOMEM, name + ": mmap: no free range of " + bytes + " bytes");
            }
            mappings.put(va, new Mapping(va, protection, memory.allocatePages(pages)));
            return va;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Maps zeroed memory at a fixed address, replacing any mappings there ({@code MAP_FIXED}). On failure
     * nothing changes.
     *
     * @param va         page-aligned address, at least {@link #MMAP_MIN_ADDRESS}
     * @param length     bytes, rounded up to whole pages; the range must end by {@link #TASK_SIZE}
     * @param protection page protection
     * @return {@code va}
     * @throws ErrnoException {@link Errno#EINVAL} for a bad address or length; {@link Errno#ENOMEM} when guest
     *                        memory is short; {@link Errno#EFAULT} after exit
     */
    public long mmapFixed(final long va, final long length, final Protection protection) {
        Objects.requireNonNull(protection, "protection");
        final int pages = pagesForMapping("mmapFixed", length);
        final long bytes = (long) pages << HvPage.PAGE_SHIFT;
        if (!HvPage.isPageAligned(va) || va < MMAP_MIN_ADDRESS || va > TASK_SIZE - bytes) {
            throw new ErrnoException(Errno.EINVAL, String.format(
                    "%s: mmapFixed: va=0x%x length=%d (expected: page aligned, inside [0x%x, 0x%x))", name, va,
                    length, MMAP_MIN_ADDRESS, TASK_SIZE));
        }
        lock.writeLock().lock();
        try {
            requireAliveLocked("mmapFixed");
            // Allocate first, so running out of memory leaves the old mappings in place.
            final long[] pfns = memory.allocatePages(pages);
            unmapLocked(va, va + bytes);
            mappings.put(va, new Mapping(va, protection, pfns));
            return va;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Unmaps every page in a range (holes are fine). Pages return to guest memory; pinned ones on their last
     * unpin.
     *
     * @param va     page-aligned start
     * @param length bytes, rounded up to whole pages
     * @throws ErrnoException {@link Errno#EINVAL} for a bad address or length; {@link Errno#EFAULT} after exit
     */
    public void munmap(final long va, final long length) {
        final long end = checkedPageRange("munmap", va, length);
        lock.writeLock().lock();
        try {
            requireAliveLocked("munmap");
            unmapLocked(va, end);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Changes the protection of every page in a range. Existing pins are unaffected (as in Linux).
     *
     * @param va         page-aligned start
     * @param length     bytes, rounded up to whole pages
     * @param protection the new protection
     * @throws ErrnoException {@link Errno#EINVAL} for a bad address or length; {@link Errno#ENOMEM} when a page
     *                        in the range is not mapped (nothing changes); {@link Errno#EFAULT} after exit
     */
    public void mprotect(final long va, final long length, final Protection protection) {
        Objects.requireNonNull(protection, "protection");
        final long end = checkedPageRange("mprotect", va, length);
        lock.writeLock().lock();
        try {
            requireAliveLocked("mprotect");
            final long hole = firstFaultLocked(va, end - va, null);
            if (hole >= 0) {
                throw new ErrnoException(Errno.ENOMEM, String.format("%s: mprotect: va=0x%x is not mapped", name,
                        hole));
            }
            splitAtLocked(va);
            splitAtLocked(end);
            for (int i = mappings.ceilingPosition(va); i < mappings.size() && mappings.keyAt(i) < end; i++) {
                final Mapping m = mappings.valueAt(i);
                mappings.setValueAt(i, new Mapping(m.start, protection, m.pfns));
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private int pagesForMapping(final String operation, final long length) {
        if (length <= 0) {
            throw new ErrnoException(Errno.EINVAL, name + ": " + operation + ": length=" + length
                    + " (expected: > 0)");
        }
        if (length > TASK_SIZE || (length + HvPage.OFFSET_MASK) >>> HvPage.PAGE_SHIFT > Integer.MAX_VALUE) {
            throw new ErrnoException(Errno.ENOMEM, name + ": " + operation + ": length=" + length + " too large");
        }
        return (int) ((length + HvPage.OFFSET_MASK) >>> HvPage.PAGE_SHIFT);
    }

    /** Validates a page-aligned range for munmap/mprotect and returns its page-rounded end. */
    private long checkedPageRange(final String operation, final long va, final long length) {
        if (!HvPage.isPageAligned(va) || va < 0 || va > TASK_SIZE || length <= 0 || length > TASK_SIZE - va) {
            throw new ErrnoException(Errno.EINVAL, String.format(
                    "%s: %s: va=0x%x length=%d (expected: page aligned, length > 0, inside [0, 0x%x))", name,
                    operation, va, length, TASK_SIZE));
        }
        // va + length <= TASK_SIZE, which is page aligned, so rounding up cannot pass it.
        return HvPage.roundUpToPage(va + length);
    }

    /** Highest gap below MMAP_BASE (and above MMAP_MIN_ADDRESS) that fits, or -1. */
    private long findFreeRangeLocked(final long bytes) {
        long candidateEnd = MMAP_BASE;
        for (int i = mappings.lowerPosition(MMAP_BASE); i >= 0; i--) {
            final Mapping m = mappings.valueAt(i);
            if (m.end() <= candidateEnd && candidateEnd - m.end() >= bytes) {
                return candidateEnd - bytes;
            }
            candidateEnd = Math.min(candidateEnd, m.start);
        }
        return candidateEnd - MMAP_MIN_ADDRESS >= bytes ? candidateEnd - bytes : -1;
    }

    /** Makes {@code va} a mapping boundary by splitting the mapping that strictly contains it, if any. */
    private void splitAtLocked(final long va) {
        final Mapping m = mappings.lowerValue(va);
        if (m == null || m.end() <= va) {
            return;
        }
        final int leftPages = (int) ((va - m.start) >>> HvPage.PAGE_SHIFT);
        mappings.put(m.start, new Mapping(m.start, m.protection, Arrays.copyOfRange(m.pfns, 0, leftPages)));
        mappings.put(va, new Mapping(va, m.protection, Arrays.copyOfRange(m.pfns, leftPages, m.pfns.length)));
    }

    private void unmapLocked(final long start, final long end) {
        splitAtLocked(start);
        splitAtLocked(end);
        final int at = mappings.ceilingPosition(start);
        while (at < mappings.size() && mappings.keyAt(at) < end) {
            final long[] pfns = mappings.valueAt(at).pfns;
            mappings.removeRange(at, at + 1);
            memory.freePages(pfns);
        }
    }

    /** Unmaps everything and refuses all later operations; called once when the process exits. */
    void destroy() {
        lock.writeLock().lock();
        try {
            destroyed = true;
            for (int i = 0; i < mappings.size(); i++) {
                memory.freePages(mappings.valueAt(i).pfns);
            }
            mappings.clear();
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void requireAliveLocked(final String operation) {
        if (destroyed) {
            throw new ErrnoException(Errno.EFAULT, name + ": " + operation + ": the process has exited");
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Pinning

    /**
     * Pins a user buffer for the host ({@code get_user_pages}): every page must be mapped, readable for
     * {@link Access#HOST_READS} and writable for {@link Access#HOST_WRITES}. All or nothing: on any error no
     * page is left pinned.
     *
     * @param va     first byte of the buffer
     * @param length bytes
     * @param access what the host will do with the pages
     * @return the pinned buffer; the caller must unpin it
     * @throws ErrnoException {@link Errno#EINVAL} for {@code length <= 0}; {@link Errno#EFAULT} when
     *                        {@code va + length} overflows or leaves user space, any byte is unmapped, the
     *                        protection does not allow the access, or the process has exited
     */
    public PinnedBuffer pin(final long va, final long length, final Access access) {
        final long[] pfns = pinPages(va, length, access, null, 0);
        return new PinnedBuffer(memory, va, pfns, HvPage.offsetInPage(va), length, access);
    }

    /**
     * An empty list of pins with room for {@code capacityPages} pages, filled by
     * {@link PinnedPageList#pin}: several buffers pinned into one PFN array, without an object or an array
     * per buffer.
     *
     * @param capacityPages the pages the list will hold
     * @return the list; the caller must close it
     * @throws IllegalArgumentException when {@code capacityPages} is negative
     */
    public PinnedPageList pinnedPageList(final int capacityPages) {
        return new PinnedPageList(this, capacityPages);
    }

    /**
     * Pins a user buffer as {@link #pin} does, writing its PFNs into {@code pfns[at, at + pages)}, slots that
     * must hold {@link PinnedPageList#EMPTY}. All or nothing: on an exception those slots hold EMPTY again.
     *
     * @return the buffer's page count
     * @throws IndexOutOfBoundsException when the pages do not fit the array from {@code at}
     * @throws IllegalStateException     when one of the slots is taken already
     */
    int pinInto(final long va, final long length, final Access access, final long[] pfns, final int at) {
        pinPages(va, length, access, Objects.requireNonNull(pfns, "pfns"), at);
        return (int) HvPage.pageCount(HvPage.offsetInPage(va), length);
    }

    /**
     * Checks and pins; the PFNs go to {@code into[at, ...)}, or to a new array of the buffer's page count when
     * {@code into} is null (made only once every page is known to be mapped, so its size is bounded).
     */
    private long[] pinPages(final long va, final long length, final Access access, final long[] into,
            final int at) {
        checkPinArguments(va, length, access);
        lock.readLock().lock();
        try {
            requireAliveLocked("pin");
            final long fault = firstFaultLocked(va, length, access);
            if (fault >= 0) {
                throw new ErrnoException(Errno.EFAULT, String.format(
                        "%s: pin: va=0x%x length=%d %s: page at va=0x%x is %s", name, va, length, access,
                        fault & ~(long) HvPage.OFFSET_MASK, describeFaultLocked(fault)));
            }
            // Every byte is mapped, so the page count is bounded by guest memory and fits an int.
            final int firstPageOffset = HvPage.offsetInPage(va);
            final int pages = (int) HvPage.pageCount(firstPageOffset, length);
            final long[] pfns = into == null ? new long[pages] : into;
            Objects.checkFromIndexSize(at, pages, pfns.length);
            if (into != null) {
                PinnedPageList.requireEmptySlots(into, at, pages);
            }
            final long firstPageVa = va - firstPageOffset;
            try {
                Mapping m = null;
                for (int i = 0; i < pages; i++) {
                    final long pageVa = firstPageVa + ((long) i << HvPage.PAGE_SHIFT);
                    m = mappingCoveringLocked(m, pageVa);
                    pfns[at + i] = m.pfnAt(pageVa);
                }
                memory.pinAll(pfns, at, at + pages);
            } catch (final RuntimeException e) {
                if (into != null) {
                    // pinAll pins all or nothing: the slots written here hold nothing pinned.
                    Arrays.fill(into, at, at + pages, PinnedPageList.EMPTY);
                }
                throw e;
            }
            return pfns;
        } finally {
            lock.readLock().unlock();
        }
    }

    private void checkPinArguments(final long va, final long length, final Access access) {
        Objects.requireNonNull(access, "access");
        if (length <= 0) {
            throw new ErrnoException(Errno.EINVAL, name + ": pin: length=" + length + " (expected: > 0)");
        }
        if (va < 0 || va > TASK_SIZE || length > TASK_SIZE - va) {
            throw new ErrnoException(Errno.EFAULT, String.format(
                    "%s: pin: va=0x%x length=%d is not inside user space [0, 0x%x)", name, va, length, TASK_SIZE));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Queries

    /**
     * The protection of the page holding an address.
     *
     * @param va any address
     * @return the protection, or empty when unmapped
     */
    public Optional<Protection> protectionAt(final long va) {
        lock.readLock().lock();
        try {
            final Mapping m = mappingAtLocked(va);
            return m == null ? Optional.empty() : Optional.of(m.protection);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The PFN backing a mapped address (for tests that check what the host sees).
     *
     * @param va a mapped address
     * @return the PFN of its page
     * @throws MemoryAccessException when the address is not mapped
     */
    public long translate(final long va) {
        lock.readLock().lock();
        try {
            if (mappingAtLocked(va) == null) {
                throw new MemoryAccessException(String.format("%s: va=0x%x is not mapped", name, va), va, 1);
            }
            return pfnAtLocked(va);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The number of mapped pages.
     *
     * @return pages
     */
    public long mappedPageCount() {
        lock.readLock().lock();
        try {
            long pages = 0;
            for (int i = 0; i < mappings.size(); i++) {
                pages += mappings.valueAt(i).pfns.length;
            }
            return pages;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Whether the process has exited and the address space is gone.
     *
     * @return true after exit
     */
    public boolean isDestroyed() {
        lock.readLock().lock();
        try {
            return destroyed;
        } finally {
            lock.readLock().unlock();
        }
    }

    private Mapping mappingAtLocked(final long va) {
        final Mapping m = mappings.floorValue(va);
        return m == null || m.end() <= va ? null : m;
    }

    /**
     * The mapping holding a mapped address: {@code current} when it still covers it, else a look-up. Walking
     * a range page by page with it searches the mappings once per mapping, not per page.
     */
    private Mapping mappingCoveringLocked(final Mapping current, final long va) {
        return current != null && va >= current.start && va < current.end() ? current
                : mappings.floorValue(va);
    }

    /** PFN of a mapped address; the caller has checked it is mapped. */
    private long pfnAtLocked(final long va) {
        return mappings.floorValue(va).pfnAt(va);
    }

    /**
     * The first address in {@code [va, va + length)} that is unmapped or whose protection refuses the
     * access, or -1 when there is none. {@code access == null} only checks the pages are mapped; the range
     * is known to lie inside user space.
     */
    private long firstFaultLocked(final long va, final long length, final Access access) {
        final long end = va + length;
        long at = va;
        while (at < end) {
            final Mapping m = mappingAtLocked(at);
            if (m == null || (access != null && !access.allowedOn(m.protection))) {
                return at;
            }
            at = m.end();
        }
        return -1;
    }

    private String describeFaultLocked(final long va) {
        final Mapping m = mappingAtLocked(va);
        return m == null ? "not mapped" : "mapped " + m.protection;
    }

    // ---------------------------------------------------------------------------------------------
    // MemoryRegion: user copies

    @Override
    public void checkRange(final long address, final long length) {
        lock.readLock().lock();
        try {
            checkAccessLocked(address, length, Access.HOST_READS);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Throws unless every byte is mapped with a protection allowing reads ({@code HOST_READS}) or writes. */
    private void checkAccessLocked(final long address, final long length, final Access direction) {
        if (length < 0 || address < 0 || address > TASK_SIZE || length > TASK_SIZE - address) {
            throw MemoryAccessException.outOfBounds(name, address, length, 0, TASK_SIZE);
        }
        final long fault = firstFaultLocked(address, length, direction);
        if (fault >= 0) {
            final String what = direction == Access.HOST_WRITES ? "write" : "read";
            throw new MemoryAccessException(String.format("%s: %s fault at va=0x%x (page %s) in access"
                    + " address=0x%x length=%d", name, what, fault, describeFaultLocked(fault), address, length),
                    address, length);
        }
    }

    @Override
    public void getBytes(final long address, final byte[] dst, final int dstOffset, final int length) {
        Objects.checkFromIndexSize(dstOffset, length, dst.length);
        lock.readLock().lock();
        try {
            checkAccessLocked(address, length, Access.HOST_READS);
            copyLocked(address, dst, dstOffset, length, false);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void putBytes(final long address, final byte[] src, final int srcOffset, final int length) {
        Objects.checkFromIndexSize(srcOffset, length, src.length);
        lock.readLock().lock();
        try {
            checkAccessLocked(address, length, Access.HOST_WRITES);
            copyLocked(address, src, srcOffset, length, true);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Page-chunked copy between an array and user memory; the range is already checked. */
    private void copyLocked(final long address, final byte[] array, final int arrayOffset, final int length,
            final boolean toUser) {
        long va = address;
        int done = 0;
        Mapping m = null;
        while (done < length) {
            final int inPage = HvPage.offsetInPage(va);
            final int chunk = Math.min(length - done, HvPage.PAGE_SIZE - inPage);
            m = mappingCoveringLocked(m, va);
            final long gpa = HvPage.gpaOf(m.pfnAt(va)) + inPage;
            if (toUser) {
                memory.putBytes(gpa, array, arrayOffset + done, chunk);
            } else {
                memory.getBytes(gpa, array, arrayOffset + done, chunk);
            }
            done += chunk;
            va += chunk;
        }
    }

    /**
     * For a small access: checks it and returns the GPA when it stays in one page, or -1 when it crosses a
     * page boundary (the caller then goes through a byte array). Caller holds the read lock.
     */
    private long onePageGpaLocked(final long address, final int length, final Access direction) {
        checkAccessLocked(address, length, direction);
        final int inPage = HvPage.offsetInPage(address);
        return inPage > HvPage.PAGE_SIZE - length ? -1 : HvPage.gpaOf(pfnAtLocked(address)) + inPage;
    }

    private byte[] readAcrossPagesLocked(final long address, final int length) {
        final byte[] bytes = new byte[length];
        copyLocked(address, bytes, 0, length, false);
        return bytes;
    }

    @Override
    public byte getByte(final long address) {
        lock.readLock().lock();
        try {
            return memory.getByte(onePageGpaLocked(address, Byte.BYTES, Access.HOST_READS));
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void putByte(final long address, final byte value) {
        lock.readLock().lock();
        try {
            memory.putByte(onePageGpaLocked(address, Byte.BYTES, Access.HOST_WRITES), value);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public short getShortLE(final long address) {
        lock.readLock().lock();
        try {
            final long gpa = onePageGpaLocked(address, Short.BYTES, Access.HOST_READS);
            return gpa >= 0 ? memory.getShortLE(gpa)
                    : (short) LittleEndian.getShort(readAcrossPagesLocked(address, Short.BYTES), 0);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public int getIntLE(final long address) {
        lock.readLock().lock();
        try {
            final long gpa = onePageGpaLocked(address, Integer.BYTES, Access.HOST_READS);
            return gpa >= 0 ? memory.getIntLE(gpa)
                    : LittleEndian.getInt(readAcrossPagesLocked(address, Integer.BYTES), 0);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public long getLongLE(final long address) {
        lock.readLock().lock();
        try {
            final long gpa = onePageGpaLocked(address, Long.BYTES, Access.HOST_READS);
            return gpa >= 0 ? memory.getLongLE(gpa)
                    : LittleEndian.getLong(readAcrossPagesLocked(address, Long.BYTES), 0);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public String toString() {
        lock.readLock().lock();
        try {
            return "AddressSpace[" + name + " mappings=" + mappings.size() + (destroyed ? " destroyed" : "") + "]";
        } finally {
            lock.readLock().unlock();
        }
    }

    /** One mapping (a VMA): a page-aligned range, its protection and the PFN of each page. Immutable. */
    private static final class Mapping {
        final long start;
        final Protection protection;
        final long[] pfns;

        Mapping(final long start, final Protection protection, final long[] pfns) {
            this.start = start;
            this.protection = protection;
            this.pfns = pfns;
        }

        long end() {
            return start + ((long) pfns.length << HvPage.PAGE_SHIFT);
        }

        /** PFN of an address inside this mapping. */
        long pfnAt(final long va) {
            return pfns[(int) ((va - start) >>> HvPage.PAGE_SHIFT)];
        }
    }
}
