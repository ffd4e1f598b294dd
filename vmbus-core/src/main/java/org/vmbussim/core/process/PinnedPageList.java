package org.vmbussim.core.process;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import org.vmbussim.core.memory.GuestMemory;

/**
 * Several user buffers pinned into one PFN list (Linux {@code get_user_pages} into one page array): each
 * {@link #pin} pins a buffer as {@link AddressSpace#pin} does and writes its PFNs at a page index the caller
 * chooses, so buffers can be pinned in one order and listed in another. A driver that sends the buffers as one
 * GPA range hands {@link #pfnsForRange()} to the range as it is: one array per request instead of a
 * {@link PinnedBuffer} and an array per buffer plus a copy.
 *
 * <p><b>Ownership.</b> While being filled the list belongs to the thread filling it ({@link #pin} is not
 * thread-safe). The PFN array is written only by {@link #pin}; once the caller has handed it out with
 * {@link #pfnsForRange()} it must pin nothing more, and whoever holds the array must not write to it, because
 * {@link #close()} unpins exactly the PFNs found there. {@link #close()} is thread-safe and unpins once: the
 * first call drops every pin taken, later calls do nothing. A slot no buffer was pinned at holds
 * {@link #EMPTY} (never a PFN: PFNs are not negative), which is how close finds what was pinned, also after a
 * failure half-way through filling.
 */
public final class PinnedPageList implements AutoCloseable {
    /** A slot no page is pinned at. */
    public static final long EMPTY = -1L;

    private static final AtomicIntegerFieldUpdater<PinnedPageList> OPEN =
            AtomicIntegerFieldUpdater.newUpdater(PinnedPageList.class, "open");

    private final AddressSpace space;
    private final GuestMemory memory;
    private final long[] pfns;
    /** 1 until the one close that unpins, then 0: compare-and-set through {@link #OPEN}. */
    private volatile int open = 1;

    PinnedPageList(final AddressSpace space, final int capacityPages) {
        if (capacityPages < 0) {
            throw new IllegalArgumentException("capacityPages=" + capacityPages + " (expected: >= 0)");
        }
        this.space = Objects.requireNonNull(space, "space");
        this.memory = space.memory();
        this.pfns = new long[capacityPages];
        Arrays.fill(pfns, EMPTY);
    }

    /**
     * Pins a user buffer and lists its PFNs from page index {@code atPage}. All or nothing: on an exception
     * nothing of this buffer is pinned or listed (the buffers pinned before stay pinned until {@link #close()}).
     *
     * @param va     first byte of the buffer
     * @param length bytes
     * @param access what the host will do with the pages
     * @param atPage where the buffer's first PFN goes
     * @return the buffer's page count
     * @throws org.vmbussim.uapi.ErrnoException as {@link AddressSpace#pin}
     * @throws IndexOutOfBoundsException when the buffer's pages do not fit the list from {@code atPage}
     * @throws IllegalStateException     when a slot is taken already, or the list was closed
     */
    public int pin(final long va, final long length, final Access access, final int atPage) {
        if (open == 0) {
            throw new IllegalStateException("pin into a closed PinnedPageList");
        }
        // The checks (errno first, then the fit and the free slots) and the all-or-nothing rollback are
        // AddressSpace's, made once the page count is known.
        return space.pinInto(va, length, access, pfns, atPage);
    }

    /** Throws unless {@code pfns[at, at + pages)} are all {@link #EMPTY}; the range is inside the array. */
    static void requireEmptySlots(final long[] pfns, final int at, final int pages) {
        for (int i = at; i < at + pages; i++) {
            if (pfns[i] != EMPTY) {
                throw new IllegalStateException("page slot " + i + " already holds pfn=0x"
                        + Long.toHexString(pfns[i]));
            }
        }
    }

    /**
     * The PFN array itself, not a copy, for a GPA range to adopt once every buffer is pinned.
     *
     * @return the array; the caller must not write to it (see the class comment)
     * @throws IllegalStateException when a slot is still {@link #EMPTY}
     */
    public long[] pfnsForRange() {
        for (int i = 0; i < pfns.length; i++) {
            if (pfns[i] == EMPTY) {
                throw new IllegalStateException("page slot " + i + " of " + pfns.length + " was never pinned");
            }
        }
        return pfns;
    }

    /**
     * The number of page slots.
     *
     * @return the capacity given at creation
     */
    public int capacityPages() {
        return pfns.length;
    }

    /**
     * Whether the pins are still held.
     *
     * @return true until closed
     */
    public boolean isOpen() {
        return open == 1;
    }

    /** Unpins every page pinned into the list, on the first call only. */
    @Override
    public void close() {
        if (!OPEN.compareAndSet(this, 1, 0)) {
            return;
        }
        int runStart = -1;
        for (int i = 0; i <= pfns.length; i++) {
            final boolean pinned = i < pfns.length && pfns[i] != EMPTY;
            if (pinned && runStart < 0) {
                runStart = i;
            } else if (!pinned && runStart >= 0) {
                memory.unpinAll(pfns, runStart, i);
                runStart = -1;
            }
        }
    }

    @Override
    public String toString() {
        return "PinnedPageList[pages=" + pfns.length + (isOpen() ? "" : " closed") + "]";
    }
}
