package org.vmbussim.core.memory;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.IntToLongFunction;

import org.vmbussim.wire.MemoryAccessException;
import org.vmbussim.wire.MemoryRegion;

/**
 * The host's view of guest memory: a virtually contiguous region of {@code length} bytes made of the pages
 * of a PFN list, starting {@code firstPageOffset} bytes into the first page (a GPA-direct range, VMBUS-REFERENCE
 * §2.3). Addresses run from {@code 0} to {@code length - 1}; byte {@code a} is at offset
 * {@code (firstPageOffset + a) % 4096} of page {@code pfns[(firstPageOffset + a) / 4096]}.
 *
 * <p>The factory validates everything before the region exists: every PFN lies in guest RAM
 * ({@link InvalidPfnException} naming the index and PFN), {@code firstPageOffset <= 0xFFF}, and
 * {@code pfns.length == ceil((firstPageOffset + length) / 4096)} ({@link InvalidPfnListException}). The same
 * PFN may appear more than once (adjacent unaligned buffers share a page, RELIABILITY P4).
 *
 * <p>Bulk copies go page by page straight to the guest's buffer. Like real DMA the region does not hold a pin:
 * keeping the pages alive is the guest's business. But it is a <b>grant</b> that ends (RELIABILITY S2 b), as
 * an IOMMU mapping would: after {@link #revoke()} (the host finished with the request), and for any page the
 * guest has released to its allocator since the region was built (the page may now be another process's),
 * every access fails with {@link RegionRevokedException} before touching memory. Both checks are made per
 * access, not atomically with it: they stop an access that starts after the revocation or release, not one
 * already under way. Thread-safe (accesses are plain, unordered; the revoked flag is volatile).
 */
public final class PfnListRegion implements MemoryRegion {
    private final GuestMemory memory;
    /**
     * Two ints per listed page, in one array (one object per region, not two): at {@code 2 * page} the page's
     * byte index in the guest buffer, to avoid re-validating PFNs per access (guest RAM is one run of PFNs, so
     * this also gives back each PFN, {@link #pfnAt}: the region keeps no copy of the list); at
     * {@code 2 * page + 1} its release count when the region was built ({@link GuestMemory#releaseCount}).
     */
    private final int[] pageRamIndexAndReleases;
    private final int firstPageOffset;
    private final long length;
    private volatile boolean revoked;

    /** Takes over the array filled by the factory from a validated list; nobody else holds it. */
    private PfnListRegion(final GuestMemory memory, final int[] pageRamIndexAndReleases, final int firstPageOffset,
            final long length) {
        this.memory = memory;
        this.pageRamIndexAndReleases = pageRamIndexAndReleases;
        this.firstPageOffset = firstPageOffset;
        this.length = length;
    }

    /**
     * Validates a PFN list and builds the region over it.
     *
     * @param memory          guest RAM
     * @param pfns            the page list (read, not kept); values are raw u64 from the wire
     * @param firstPageOffset offset of byte 0 inside the first page, {@code 0..0xFFF} (u32 on the wire)
     * @param length          bytes in the region (u32 on the wire; any non-negative value accepted)
     * @return the region
     * @throws InvalidPfnListException when the offset, length or PFN count is wrong
     * @throws InvalidPfnException     when a PFN lies outside guest RAM
     */
    public static PfnListRegion of(final GuestMemory memory, final long[] pfns, final long firstPageOffset,
            final long length) {
        Objects.requireNonNull(pfns, "pfns");
        return of(memory, pfns.length, i -> pfns[i], firstPageOffset, length);
    }

    /**
     * Validates a PFN list read through a function and builds the region over it: for a holder of the list
     * (a parsed {@code GpaRange}, which hands out copies of its array) to lend it page by page instead of
     * copying it. Each PFN is read once, in order, and checked before the region exists.
     *
     * @param memory          guest RAM
     * @param pageCount       PFNs in the list
     * @param pfnAt           the PFN at an index {@code 0..pageCount-1}; raw u64 from the wire
     * @param firstPageOffset offset of byte 0 inside the first page, {@code 0..0xFFF} (u32 on the wire)
     * @param length          bytes in the region (u32 on the wire; any non-negative value accepted)
     * @return the region
     * @throws InvalidPfnListException when the offset, length or PFN count is wrong
     * @throws InvalidPfnException     when a PFN lies outside guest RAM
     */
    public static PfnListRegion of(final GuestMemory memory, final int pageCount, final IntToLongFunction pfnAt,
            final long firstPageOffset, final long length) {
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(pfnAt, "pfnAt");
        if (firstPageOffset < 0 || firstPageOffset > HvPage.OFFSET_MASK) {
            throw new InvalidPfnListException(InvalidPfnListException.Reason.OFFSET_TOO_LARGE,
                    String.format("firstPageOffset=0x%x (expected: 0..0xfff)", firstPageOffset),
                    firstPageOffset, length);
        }
        if (length < 0) {
            throw new InvalidPfnListException(InvalidPfnListException.Reason.NEGATIVE_LENGTH,
                    "length=" + length + " (expected: >= 0)", firstPageOffset, length);
        }
        final long pagesNeeded = HvPage.pageCount(firstPageOffset, length);
        if (pageCount != pagesNeeded) {
            throw new InvalidPfnListException(InvalidPfnListException.Reason.PAGE_COUNT_MISMATCH, String.format(
                    "%d PFNs for firstPageOffset=%d length=%d (expected: ceil((offset + length) / 4096) = %d)",
                    pageCount, firstPageOffset, length, pagesNeeded), firstPageOffset, length);
        }
        if (pageCount > Integer.MAX_VALUE / 2) { // two ints a page in one array (a u32 length needs ~2^20 pages)
            throw new InvalidPfnListException(InvalidPfnListException.Reason.PAGE_COUNT_MISMATCH, pageCount
                    + " PFNs (expected: at most " + Integer.MAX_VALUE / 2 + ")", firstPageOffset, length);
        }
        final int[] pageRamIndexAndReleases = new int[2 * pageCount];
        for (int i = 0; i < pageCount; i++) {
            final long pfn = pfnAt.applyAsLong(i); // read once: the value checked is the value used
            if (!memory.isValidPfn(pfn)) {
                throw new InvalidPfnException(memory.describeInvalidPfn(pfn, i), pfn, i);
            }
            final int ramIndex = memory.ramIndexOf(pfn);
            pageRamIndexAndReleases[2 * i] = ramIndex;
            pageRamIndexAndReleases[2 * i + 1] = memory.releaseCountAtRamIndex(ramIndex);
        }
        return new PfnListRegion(memory, pageRamIndexAndReleases, (int) firstPageOffset, length);
    }

    /**
     * The guest memory the PFNs refer to.
     *
     * @return guest RAM
     */
    public GuestMemory memory() {
        return memory;
    }

    /**
     * The byte length of the region.
     *
     * @return bytes; valid addresses are {@code 0..length()-1}
     */
    public long length() {
        return length;
    }

    /**
     * The offset of byte 0 in the first page.
     *
     * @return {@code 0..4095}
     */
    public int firstPageOffset() {
        return firstPageOffset;
    }

    /**
     * The number of pages listed.
     *
     * @return the PFN count
     */
    public int pageCount() {
        return pageRamIndexAndReleases.length / 2;
    }

    /**
     * One PFN of the list.
     *
     * @param index {@code 0..pageCount()-1}
     * @return the PFN
     */
    public long pfnAt(final int index) {
        return pfnOfListedPage(Objects.checkIndex(index, pageCount()));
    }

    /** The PFN of listed page {@code page}, from its RAM index (guest RAM is one run of PFNs). */
    private long pfnOfListedPage(final int page) {
        return memory.basePfn() + (pageRamIndexAndReleases[2 * page] >>> HvPage.PAGE_SHIFT);
    }

    /**
     * The PFN list.
     *
     * @return a copy
     */
    public long[] pfns() {
        final long[] pfns = new long[pageCount()];
        for (int i = 0; i < pfns.length; i++) {
            pfns[i] = pfnOfListedPage(i);
        }
        return pfns;
    }

    /**
     * The guest physical address of a region address (for diagnostics and for GPA-level tests).
     *
     * @param address {@code 0..length()-1}
     * @return the GPA holding that byte
     * @throws MemoryAccessException when the address is outside the region
     */
    public long gpaOf(final long address) {
        checkRange(address, 1);
        final long virtualOffset = firstPageOffset + address;
        return HvPage.gpaOf(pfnOfListedPage((int) (virtualOffset >>> HvPage.PAGE_SHIFT)))
                + HvPage.offsetInPage(virtualOffset);
    }

    /**
     * Ends the grant: every later access fails with {@link RegionRevokedException} ({@code REVOKED}). Called
     * by the host when it completes or abandons the request the region was built for. Idempotent.
     */
    public void revoke() {
        revoked = true;
    }

    /**
     * Whether {@link #revoke()} was called.
     *
     * @return true once revoked
     */
    public boolean isRevoked() {
        return revoked;
    }

    @Override
    public void checkRange(final long address, final long accessLength) {
        if (accessLength < 0 || address < 0 || address > length || accessLength > length - address) {
            throw MemoryAccessException.outOfBounds("pfn-list region", address, accessLength, 0, length);
        }
        if (revoked) {
            throw new RegionRevokedException(RegionRevokedException.Reason.REVOKED, "access to " + accessLength
                    + " bytes at " + address + " of a revoked " + this, address, accessLength);
        }
    }

    /** The RAM index of listed page {@code page} after checking the guest has not released it since. */
    private int grantedPageRamIndex(final int page, final long address, final long accessLength) {
        final int ramIndex = pageRamIndexAndReleases[2 * page];
        if (memory.releaseCountAtRamIndex(ramIndex) != pageRamIndexAndReleases[2 * page + 1]) {
            throw new RegionRevokedException(RegionRevokedException.Reason.PAGE_RELEASED, String.format(
                    "pfn=0x%x (page %d of %s) was released by the guest after the region was built",
                    pfnOfListedPage(page), page, this), address, accessLength);
        }
        return ramIndex;
    }

    /**
     * Checks a small access and returns the byte index in guest RAM of its first byte if it stays inside one
     * page, else -1 (the caller then goes through the page-chunked path).
     */
    private int checkedOnePageIndex(final long address, final int accessLength) {
        checkRange(address, accessLength);
        final long virtualOffset = firstPageOffset + address;
        final int inPage = HvPage.offsetInPage(virtualOffset);
        if (inPage > HvPage.PAGE_SIZE - accessLength) {
            return -1;
        }
        return grantedPageRamIndex((int) (virtualOffset >>> HvPage.PAGE_SHIFT), address, accessLength) + inPage;
    }

    @Override
    public void getBytes(final long address, final byte[] dst, final int dstOffset, final int accessLength) {
        Objects.checkFromIndexSize(dstOffset, accessLength, dst.length);
        checkRange(address, accessLength);
        copy(address, dst, null, dstOffset, accessLength, false);
    }

    @Override
    public void putBytes(final long address, final byte[] src, final int srcOffset, final int accessLength) {
        Objects.checkFromIndexSize(srcOffset, accessLength, src.length);
        checkRange(address, accessLength);
        copy(address, src, null, srcOffset, accessLength, true);
    }

    /**
     * Writes the remaining bytes of a buffer (heap or direct, read-only or not) into the region, page by page
     * straight from the buffer: no intermediate array. The buffer's position is not moved.
     *
     * @param address first byte in the region
     * @param src     the bytes, position to limit
     * @throws MemoryAccessException when the bytes do not fit the region from {@code address}
     */
    public void putBytes(final long address, final ByteBuffer src) {
        checkRange(address, src.remaining());
        copy(address, null, src, src.position(), src.remaining(), true);
    }

    /**
     * Page-chunked copy between the region and either an array or (only towards the guest) a buffer, whichever
     * is not null; the range is already checked.
     */
    private void copy(final long address, final byte[] array, final ByteBuffer buffer, final int offset,
            final int accessLength, final boolean toGuest) {
        final ByteBuffer ram = memory.ram();
        final long firstVirtualOffset = firstPageOffset + address;
        // Every page checked before any byte moves: a refused access touches nothing.
        final int firstPage = (int) (firstVirtualOffset >>> HvPage.PAGE_SHIFT);
        final int endPage = accessLength == 0 ? firstPage
                : (int) ((firstVirtualOffset + accessLength - 1) >>> HvPage.PAGE_SHIFT) + 1;
        for (int page = firstPage; page < endPage; page++) {
            grantedPageRamIndex(page, address, accessLength);
        }
        long virtualOffset = firstVirtualOffset;
        int done = 0;
        while (done < accessLength) {
            final int inPage = HvPage.offsetInPage(virtualOffset);
            final int chunk = Math.min(accessLength - done, HvPage.PAGE_SIZE - inPage);
            final int ramIndex = pageRamIndexAndReleases[2 * (int) (virtualOffset >>> HvPage.PAGE_SHIFT)] + inPage;
            if (buffer != null) {
                ram.put(ramIndex, buffer, offset + done, chunk);
            } else if (toGuest) {
                ram.put(ramIndex, array, offset + done, chunk);
            } else {
                ram.get(ramIndex, array, offset + done, chunk);
            }
            done += chunk;
            virtualOffset += chunk;
        }
    }

    @Override
    public byte getByte(final long address) {
        return memory.ram().get(checkedOnePageIndex(address, Byte.BYTES));
    }

    @Override
    public void putByte(final long address, final byte value) {
        memory.ram().put(checkedOnePageIndex(address, Byte.BYTES), value);
    }

    @Override
    public short getShortLE(final long address) {
        final int i = checkedOnePageIndex(address, Short.BYTES);
        return i >= 0 ? memory.ram().getShort(i) : MemoryRegion.super.getShortLE(address);
    }

    @Override
    public void putShortLE(final long address, final int value) {
        final int i = checkedOnePageIndex(address, Short.BYTES);
        if (i >= 0) {
            memory.ram().putShort(i, (short) value);
        } else {
            MemoryRegion.super.putShortLE(address, value);
        }
    }

    @Override
    public int getIntLE(final long address) {
        final int i = checkedOnePageIndex(address, Integer.BYTES);
        return i >= 0 ? memory.ram().getInt(i) : MemoryRegion.super.getIntLE(address);
    }

    @Override
    public void putIntLE(final long address, final int value) {
        final int i = checkedOnePageIndex(address, Integer.BYTES);
        if (i >= 0) {
            memory.ram().putInt(i, value);
        } else {
            MemoryRegion.super.putIntLE(address, value);
        }
    }

    @Override
    public long getLongLE(final long address) {
        final int i = checkedOnePageIndex(address, Long.BYTES);
        return i >= 0 ? memory.ram().getLong(i) : MemoryRegion.super.getLongLE(address);
    }

    @Override
    public void putLongLE(final long address, final long value) {
        final int i = checkedOnePageIndex(address, Long.BYTES);
        if (i >= 0) {
            memory.ram().putLong(i, value);
        } else {
            MemoryRegion.super.putLongLE(address, value);
        }
    }

    @Override
    public String toString() {
        final String list = pageCount() <= 8 ? Arrays.toString(Arrays.stream(pfns()).mapToObj(Long::toHexString)
                .toArray()) : pageCount() + " pages";
        return "PfnListRegion[offset=" + firstPageOffset + " length=" + length + " pfns=" + list + "]";
    }
}
