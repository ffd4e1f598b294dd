package org.vmbussim.mgmt.testing;

import java.util.HashMap;
import java.util.Map;
import org.vmbussim.mgmt.spi.RingPageAllocator;
import org.vmbussim.uapi.Errno;
import org.vmbussim.uapi.ErrnoException;

/** A ring-page allocator that hands out fresh PFNs and checks every free; tests assert nothing is left. */
public final class PageLedger implements RingPageAllocator {
    private final Map<Long, Integer> live = new HashMap<>();
    private long next = 0x10000;
    private int failNext;

    @Override
    public long allocateContiguous(final int pageCount) {
        if (pageCount < 1) {
            throw new IllegalArgumentException("pageCount=" + pageCount);
        }
        if (failNext > 0) {
            failNext--;
            throw new ErrnoException(Errno.ENOMEM, "test: no memory");
        }
        final long pfn = next;
        next += pageCount + 16;
        live.put(pfn, pageCount);
        return pfn;
    }

    @Override
    public void free(final long firstPfn, final int pageCount) {
        final Integer n = live.remove(firstPfn);
        if (n == null || n != pageCount) {
            throw new AssertionError("free(0x" + Long.toHexString(firstPfn) + ", " + pageCount + ") of a run that is "
                    + (n == null ? "not allocated" : n + " pages"));
        }
    }

    /**
     * Makes the next allocations fail with ENOMEM.
     *
     * @param count how many
     */
    public void failNext(final int count) {
        failNext = count;
    }

    /**
     * Pages still allocated.
     *
     * @return pages
     */
    public int livePages() {
        return live.values().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * Runs still allocated.
     *
     * @return runs
     */
    public int liveRuns() {
        return live.size();
    }
}
