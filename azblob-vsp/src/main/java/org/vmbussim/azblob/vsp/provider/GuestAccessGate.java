package org.vmbussim.azblob.vsp.provider;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The rule "nothing touches this channel's guest memory after detach", as a gate. Every access (reading a
 * request's buffers, writing the response, putting a completion on the ring) runs between {@link #enter()}
 * and {@link #exit()}; {@link #close} shuts the gate and waits, bounded, for the accesses already inside.
 * Once {@code close} returns, {@code enter} fails for good.
 *
 * <p>Built on a read-write lock: accesses hold the read lock (any number at once, re-entrant, so a
 * completion sent from inside a write enters again), and {@code close} takes the write lock once to flip the
 * flag. Accesses are bounded memory copies and non-blocking ring writes, so the wait is short.
 */
final class GuestAccessGate {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /**
     * Set under the write lock (so no access is inside when it flips), except when that wait times out.
     * Volatile for that case; on the normal path the lock orders it anyway.
     */
    private volatile boolean closed;

    /**
     * Enters the gate.
     *
     * @return true when inside (call {@link #exit()}); false when the gate is closed
     */
    boolean enter() {
        lock.readLock().lock();
        if (closed) {
            lock.readLock().unlock();
            return false;
        }
        return true;
    }

    /** Leaves the gate after a successful {@link #enter()}. */
    void exit() {
        lock.readLock().unlock();
    }

    /**
     * Shuts the gate, waiting for accesses inside to leave.
     *
     * @param timeout the longest wait
     * @param unit    its unit
     * @return true when every access had left; false when the wait timed out or was interrupted, in which
     *         case the gate is shut for new accesses but one may still be finishing
     */
    boolean close(final long timeout, final TimeUnit unit) {
        boolean locked = false;
        try {
            locked = lock.writeLock().tryLock(timeout, unit);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (locked) {
            try {
                closed = true;
            } finally {
                lock.writeLock().unlock();
            }
            return true;
        }
        // Could not wait the accesses out: still refuse new ones; the caller logs the missed bound.
        closed = true;
        return false;
    }
}
