package org.vmbussim.azblob.vsc;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The driver-wide limit on pages pinned for requests, across all devices, files and processes of one
 * guest (catalogue V3; Linux's {@code mm->pinned_vm} against {@code RLIMIT_MEMLOCK}, as RDMA's
 * {@code ib_umem_get} and io_uring's {@code __io_account_mem} charge it). A request is charged its whole
 * page count before anything is pinned, and refused with {@code ENOMEM} (their errno) when the charge
 * would pass the limit, pinning nothing; it is uncharged when its pages are given back, which for an
 * orphan is when the host answers or the channel goes. Lock-free and thread-safe: a charge is one
 * compare-and-set, so the charged total never exceeds the limit, not even transiently.
 */
final class PinBudget {
    private final long limitPages;
    private final AtomicLong chargedPages = new AtomicLong();
    private final AtomicLong peakPages = new AtomicLong();
    private final AtomicLong refusals = new AtomicLong();

    PinBudget(final long limitPages) {
        if (limitPages < 1) {
            throw new IllegalArgumentException("limitPages=" + limitPages + " (expected: >= 1)");
        }
        this.limitPages = limitPages;
    }

    /**
     * Charges {@code pages} if the total stays within the limit.
     *
     * @return true when charged; false (nothing charged) when it would pass the limit
     */
    boolean tryCharge(final long pages) {
        long charged;
        do {
            charged = chargedPages.get();
            if (pages > limitPages - charged) {
                refusals.incrementAndGet();
                return false;
            }
        } while (!chargedPages.compareAndSet(charged, charged + pages));
        peakPages.accumulateAndGet(charged + pages, Math::max);
        return true;
    }

    /** Gives back a charge made by {@link #tryCharge}. */
    void uncharge(final long pages) {
        final long left = chargedPages.addAndGet(-pages);
        assert left >= 0 : "pin budget uncharged below zero: " + left;
    }

    long limitPages() {
        return limitPages;
    }

    long chargedPages() {
        return chargedPages.get();
    }

    long peakPages() {
        return peakPages.get();
    }

    long refusals() {
        return refusals.get();
    }
}
