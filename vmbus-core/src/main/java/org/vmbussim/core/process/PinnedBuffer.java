package org.vmbussim.core.process;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import org.vmbussim.core.memory.GuestMemory;
import org.vmbussim.core.memory.PfnListRegion;

/**
 * A user buffer pinned for the host (Linux pages from {@code get_user_pages}): the PFNs of its pages in
 * buffer order, the offset of its first byte in the first page, its length and the pin direction. Each page
 * holds one pin reference in {@link GuestMemory} until {@link #unpin()}; the pages stay alive even if the
 * range is unmapped or the process exits meanwhile.
 *
 * <p>{@link #unpin()} must be called exactly once; a second call is a caller bug
 * ({@link IllegalStateException}). {@link #close()} unpins if still pinned and is otherwise a no-op, so
 * try-with-resources and an explicit early unpin combine safely. Thread-safe.
 */
public final class PinnedBuffer implements AutoCloseable {
    private static final AtomicIntegerFieldUpdater<PinnedBuffer> PINNED =
            AtomicIntegerFieldUpdater.newUpdater(PinnedBuffer.class, "pinned");

    private final GuestMemory memory;
    private final long userAddress;
    private final long[] pfns;
    private final int firstPageOffset;
    private final long length;
    private final Access access;
    /**
     * 1 while the pin references are held, 0 after the one unpin: a volatile field changed by compare-and-set
     * through {@link #PINNED}, not an {@code AtomicBoolean} object per buffer (three per fast-path request).
     */
    private volatile int pinned = 1;

    PinnedBuffer(final GuestMemory memory, final long userAddress, final long[] pfns, final int firstPageOffset,
            final long length, final Access access) {
        this.memory = Objects.requireNonNull(memory, "memory");
        this.userAddress = userAddress;
        this.pfns = pfns;
        this.firstPageOffset = firstPageOffset;
        this.length = length;
        this.access = Objects.requireNonNull(access, "access");
    }

    /**
     * The PFNs of the buffer's pages, in buffer order.
     *
     * @return a copy
     */
    public long[] pfns() {
        return pfns.clone();
    }

    /**
     * One PFN.
     *
     * @param index {@code 0..pageCount()-1}
     * @return the PFN of the buffer's {@code index}-th page
     */
    public long pfnAt(final int index) {
        Objects.checkIndex(index, pfns.length);
        return pfns[index];
    }

    /**
     * The number of pages pinned.
     *
     * @return {@code ceil((firstPageOffset + length) / 4096)}
     */
    public int pageCount() {
        return pfns.length;
    }

    /**
     * The offset of the buffer's first byte in its first page.
     *
     * @return {@code 0..4095}
     */
    public int firstPageOffset() {
        return firstPageOffset;
    }

    /**
     * The buffer's length.
     *
     * @return bytes, at least 1
     */
    public long length() {
        return length;
    }

    /**
     * The pin direction.
     *
     * @return what the host may do with the pages
     */
    public Access access() {
        return access;
    }

    /**
     * The user virtual address the buffer was pinned at (for diagnostics).
     *
     * @return the address
     */
    public long userAddress() {
        return userAddress;
    }

    /**
     * Whether the pin references are still held.
     *
     * @return true until unpinned
     */
    public boolean isPinned() {
        return pinned == 1;
    }

    /**
     * The host's view of the buffer: a {@link PfnListRegion} over the same PFNs, offset and length. It
     * does not hold the pin; after {@link #unpin()} the pages may belong to someone else.
     *
     * @return a new region
     */
    public PfnListRegion hostView() {
        return PfnListRegion.of(memory, pfns, firstPageOffset, length);
    }

    /**
     * Drops the pin references; pages unmapped meanwhile return to the allocator on their last unpin.
     *
     * @throws IllegalStateException when already unpinned
     */
    public void unpin() {
        if (!PINNED.compareAndSet(this, 1, 0)) {
            throw new IllegalStateException("buffer at va=0x" + Long.toHexString(userAddress) + " length="
                    + length + " already unpinned");
        }
        memory.unpinAll(pfns);
    }

    /** Unpins if still pinned; otherwise does nothing. */
    @Override
    public void close() {
        if (PINNED.compareAndSet(this, 1, 0)) {
            memory.unpinAll(pfns);
        }
    }

    @Override
    public String toString() {
        return String.format("PinnedBuffer[va=0x%x length=%d pages=%d offset=%d %s%s]", userAddress, length,
                pfns.length, firstPageOffset, access, isPinned() ? "" : " unpinned");
    }
}
