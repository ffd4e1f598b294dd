package org.vmbussim.azblob.client;

import java.util.ArrayDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.vmbussim.core.process.AddressSpace;
import org.vmbussim.uapi.Errno;
import org.vmbussim.uapi.ErrnoException;

/**
 * The buffer sets of one transport: at most {@code maxInFlight}, mapped on first need and reused. A request
 * takes one for its whole exchange (retries included) and gives it back; waiting for one is bounded by the
 * acquire timeout. After {@link #close()} idle sets are unmapped at once and busy ones when they come back.
 */
final class BufferPool {
    private final AddressSpace space;
    private final FastPathTransportOptions options;
    private final Semaphore permits;
    /** Idle sets; guarded by this. */
    private final ArrayDeque<BufferSet> idle = new ArrayDeque<>();
    /** Guarded by this. */
    private boolean closed;
    /** Sets currently mapped (idle or busy); guarded by this. */
    private int mapped;

    BufferPool(final AddressSpace space, final FastPathTransportOptions options) {
        this.space = space;
        this.options = options;
        this.permits = new Semaphore(options.maxInFlight(), true);
    }

    /**
     * Takes a set, waiting at most the acquire timeout for one to come free.
     *
     * @return the set, which the caller must {@link #release}
     * @throws BlobFastPathException EBUSY on timeout, EINTR when interrupted, EBADF after close, ENOMEM or
     *                               EFAULT when a new set cannot be mapped
     */
    BufferSet acquire() {
        try {
            if (!permits.tryAcquire(options.acquireTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
                throw BlobFastPathException.notCarried(Errno.EBUSY, "no buffer set came free within "
                        + options.acquireTimeout() + " (" + options.maxInFlight() + " requests in flight)", null);
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BlobFastPathException.notCarried(Errno.EINTR, "interrupted while waiting for a buffer set", e);
        }
        try {
            synchronized (this) {
                if (closed) {
                    throw BlobFastPathException.notCarried(Errno.EBADF, "the transport is closed", null);
                }
                final BufferSet reused = idle.pollFirst();
                if (reused != null) {
                    return reused;
                }
                mapped++;
            }
            try {
                return BufferSet.map(space, options);
            } catch (final ErrnoException e) {
                synchronized (this) {
                    mapped--;
                }
                throw BlobFastPathException.notCarried(e.errno(), "cannot map a buffer set: " + e.getMessage(), e);
            }
        } catch (final RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    /**
     * Gives a set back.
     *
     * @param set the set {@link #acquire} returned
     */
    void release(final BufferSet set) {
        boolean unmap;
        synchronized (this) {
            unmap = closed;
            if (unmap) {
                mapped--;
            } else {
                idle.addFirst(set);
            }
        }
        if (unmap) {
            set.unmapAll();
        }
        permits.release();
    }

    /**
     * Drops a set whose buffers the host may still own (the ioctl failed): unmaps it instead of reusing it.
     * Pages the driver still pins stay alive until it unpins them; the process no longer sees them.
     *
     * @param set the set {@link #acquire} returned
     */
    void discard(final BufferSet set) {
        synchronized (this) {
            mapped--;
        }
        try {
            set.unmapAll();
        } finally {
            permits.release();
        }
    }

    /** Unmaps the idle sets and refuses new requests. Idempotent. */
    void close() {
        final BufferSet[] toUnmap;
        synchronized (this) {
            closed = true;
            toUnmap = idle.toArray(new BufferSet[0]);
            mapped -= toUnmap.length;
            idle.clear();
        }
        for (final BufferSet set : toUnmap) {
            set.unmapAll();
        }
    }

    /** Sets mapped now, idle or busy (for tests and diagnostics). */
    synchronized int mappedSets() {
        return mapped;
    }
}
