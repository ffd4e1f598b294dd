package org.vmbussim.mgmt.spi;

/**
 * Guest memory for ring buffers: the guest allocates both rings of a channel as one physically contiguous,
 * zeroed run of 4 KiB pages and describes it to the host in a GPADL (VMBUS-REFERENCE.md §1.2). Bound to
 * vmbus-core's {@code GuestMemory}.
 */
public interface RingPageAllocator {

    /**
     * Allocates zeroed, physically contiguous pages.
     *
     * @param pageCount pages, at least 1
     * @return the first page's PFN; the run is {@code [pfn, pfn + pageCount)}
     * @throws org.vmbussim.uapi.ErrnoException with {@link org.vmbussim.uapi.Errno#ENOMEM} when there is no
     *         such run
     */
    long allocateContiguous(int pageCount);

    /**
     * Returns a run to the allocator. Called once per successful allocation, with the same arguments, and only
     * after the host has torn down the GPADL over it (or the channel was rescinded).
     *
     * @param firstPfn  the PFN {@link #allocateContiguous} returned
     * @param pageCount the same page count
     */
    void free(long firstPfn, int pageCount);
}
