package org.vmbussim.mgmt.sim;

import java.util.Objects;
import org.vmbussim.core.memory.GuestMemory;
import org.vmbussim.mgmt.spi.RingPageAllocator;

/** Ring pages for the guest's channels, from guest memory (zeroed contiguous runs). */
public final class GuestMemoryRingPages implements RingPageAllocator {
    private final GuestMemory memory;

    /**
     * Allocates from a guest's memory.
     *
     * @param memory guest memory
     */
    public GuestMemoryRingPages(final GuestMemory memory) {
        this.memory = Objects.requireNonNull(memory, "memory");
    }

    @Override
    public long allocateContiguous(final int pageCount) {
        return memory.allocateContiguous(pageCount);
    }

    @Override
    public void free(final long firstPfn, final int pageCount) {
        final long[] pfns = new long[pageCount];
        for (int i = 0; i < pageCount; i++) {
            pfns[i] = firstPfn + i;
        }
        memory.freePages(pfns);
    }
}
