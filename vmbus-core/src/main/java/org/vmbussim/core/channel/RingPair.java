package org.vmbussim.core.channel;

import java.nio.ByteBuffer;
import java.util.Objects;
import org.vmbussim.core.memory.GuestMemory;
import org.vmbussim.core.memory.HvPage;
import org.vmbussim.core.ring.ByteBufferRingMemory;
import org.vmbussim.core.ring.RingControlLayout;
import org.vmbussim.core.ring.RingHeader;
import org.vmbussim.core.ring.RingMemory;

/**
 * The two rings of a channel in guest memory: one contiguous run of pages, the guest-to-host
 * ("outbound", send) ring first and the host-to-guest ("inbound", receive) ring after it at page
 * {@link #downstreamPageOffset()} (Linux {@code vmbus_alloc_ring}; VMBUS-REFERENCE.md §1.2). Each ring's
 * size includes its 4 KiB header page and is a whole number of pages, at least two.
 *
 * <p>The guest {@link #allocate allocates} the pair and describes it to the host as a GPADL (the page
 * list); the host {@link #attach attaches} to the same pages from that list, after checking every PFN.
 * The simulator maps rings only over physically contiguous runs (Linux always allocates them so);
 * a GPADL that is not one contiguous run is refused.
 */
public final class RingPair {
    /** Smallest ring: the header page and one data page. */
    public static final int MIN_RING_BYTES = 2 * HvPage.PAGE_SIZE;

    private final GuestMemory memory;
    private final long firstPfn;
    private final int sendRingBytes;
    private final int receiveRingBytes;
    private final RingMemory guestToHost;
    private final RingMemory hostToGuest;
    private final boolean owner;

    private RingPair(final GuestMemory memory, final long firstPfn, final int sendRingBytes,
            final int receiveRingBytes, final boolean owner) {
        this.memory = memory;
        this.firstPfn = firstPfn;
        this.sendRingBytes = sendRingBytes;
        this.receiveRingBytes = receiveRingBytes;
        this.owner = owner;
        final long base = HvPage.gpaOf(firstPfn);
        this.guestToHost = new ByteBufferRingMemory(view(memory, base, sendRingBytes));
        this.hostToGuest = new ByteBufferRingMemory(view(memory, base + sendRingBytes, receiveRingBytes));
    }

    private static ByteBuffer view(final GuestMemory memory, final long gpa, final int length) {
        return memory.sharedView(gpa, length);
    }

    /**
     * Guest side: allocates zeroed contiguous pages for both rings and initialises both headers
     * ({@code feature_bits = FEAT_PENDING_SEND_SZ}, as Linux {@code hv_ringbuffer_init}).
     *
     * @param memory           guest memory
     * @param sendRingBytes    guest-to-host ring size including its header page
     * @param receiveRingBytes host-to-guest ring size including its header page
     * @return the pair
     * @throws RingSetupException when a size is not a whole number of pages, at least two
     * @throws org.vmbussim.uapi.ErrnoException {@code ENOMEM} when guest memory has no such run
     */
    public static RingPair allocate(final GuestMemory memory, final int sendRingBytes, final int receiveRingBytes) {
        checkRingBytes("sendRingBytes", sendRingBytes);
        checkRingBytes("receiveRingBytes", receiveRingBytes);
        final int pages = (sendRingBytes + receiveRingBytes) / HvPage.PAGE_SIZE;
        final long first = memory.allocateContiguous(pages);
        final RingPair pair = new RingPair(memory, first, sendRingBytes, receiveRingBytes, true);
        RingHeader.initialise(pair.guestToHost);
        RingHeader.initialise(pair.hostToGuest);
        return pair;
    }

    /**
     * Host side: maps the rings a guest described by a GPADL. Every PFN must be inside guest RAM and the
     * list one contiguous run; the downstream offset must leave each ring a header and a data page.
     * Headers are not touched: the guest initialised them.
     *
     * @param memory               guest memory
     * @param gpadlPfns            the GPADL's page list, in order
     * @param downstreamPageOffset the page where the host-to-guest ring starts
     * @return the pair
     * @throws RingSetupException when the list or the offset is not acceptable
     */
    public static RingPair attach(final GuestMemory memory, final long[] gpadlPfns, final int downstreamPageOffset) {
        Objects.requireNonNull(gpadlPfns, "gpadlPfns");
        final int pages = gpadlPfns.length;
        if (pages < 4 || downstreamPageOffset < 2 || downstreamPageOffset > pages - 2) {
            throw new RingSetupException("GPADL of " + pages + " pages with downstream page offset "
                    + downstreamPageOffset + " (expected: >= 4 pages, offset in [2, pages - 2])");
        }
        if ((long) pages * HvPage.PAGE_SIZE > Integer.MAX_VALUE) {
            throw new RingSetupException("GPADL of " + pages + " pages is larger than guest memory can be");
        }
        for (int i = 0; i < pages; i++) {
            if (!memory.isValidPfn(gpadlPfns[i])) {
                throw new RingSetupException("GPADL pfn[" + i + "]=0x" + Long.toHexString(gpadlPfns[i])
                        + " is outside guest RAM [0x" + Long.toHexString(memory.basePfn()) + ", 0x"
                        + Long.toHexString(memory.endPfn()) + ")");
            }
            if (gpadlPfns[i] != gpadlPfns[0] + i) {
                throw new RingSetupException("GPADL pfn[" + i + "]=0x" + Long.toHexString(gpadlPfns[i])
                        + " breaks the contiguous run from 0x" + Long.toHexString(gpadlPfns[0])
                        + " (the simulator maps rings over contiguous pages only)");
            }
        }
        return new RingPair(memory, gpadlPfns[0], downstreamPageOffset * HvPage.PAGE_SIZE,
                (pages - downstreamPageOffset) * HvPage.PAGE_SIZE, false);
    }

    private static void checkRingBytes(final String name, final int bytes) {
        if (bytes < MIN_RING_BYTES || bytes % HvPage.PAGE_SIZE != 0) {
            throw new RingSetupException(name + "=" + bytes + " (expected: a multiple of 4096, >= " + MIN_RING_BYTES
                    + ", header page included)");
        }
        RingControlLayout.checkRingLength(bytes);
    }

    /**
     * The GPADL page list describing both rings, in order.
     *
     * @return a new array of PFNs
     */
    public long[] gpadlPfns() {
        final long[] pfns = new long[pageCount()];
        for (int i = 0; i < pfns.length; i++) {
            pfns[i] = firstPfn + i;
        }
        return pfns;
    }

    /**
     * Pages of both rings.
     *
     * @return the page count
     */
    public int pageCount() {
        return (sendRingBytes + receiveRingBytes) / HvPage.PAGE_SIZE;
    }

    /**
     * Where the host-to-guest ring starts, in pages ({@code downstream_ringbuffer_pageoffset}).
     *
     * @return the page offset
     */
    public int downstreamPageOffset() {
        return sendRingBytes / HvPage.PAGE_SIZE;
    }

    /**
     * The guest-to-host ring's size, header included.
     *
     * @return bytes
     */
    public int sendRingBytes() {
        return sendRingBytes;
    }

    /**
     * The host-to-guest ring's size, header included.
     *
     * @return bytes
     */
    public int receiveRingBytes() {
        return receiveRingBytes;
    }

    /**
     * The guest-to-host ring (the guest writes, the host reads).
     *
     * @return the ring memory
     */
    public RingMemory guestToHost() {
        return guestToHost;
    }

    /**
     * The host-to-guest ring (the host writes, the guest reads).
     *
     * @return the ring memory
     */
    public RingMemory hostToGuest() {
        return hostToGuest;
    }

    /**
     * Guest side: returns the pages to guest memory. The host must have detached (GPADL torn down).
     * Does nothing on a host-side pair, which owns no pages.
     */
    public void free() {
        if (owner) {
            memory.freePages(gpadlPfns());
        }
    }

    @Override
    public String toString() {
        return String.format("RingPair(pfn 0x%x, send %d, receive %d)", firstPfn, sendRingBytes, receiveRingBytes);
    }
}
