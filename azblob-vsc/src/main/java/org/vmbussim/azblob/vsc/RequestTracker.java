package org.vmbussim.azblob.vsc;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bookkeeping of one device: its open files, its requests by cookie, the removal flag, and the
 * requests waiting for a requestor id.
 *
 * <p><b>Admission versus removal</b> (RELIABILITY V8, Kelley's v5 review): the seed's plain
 * {@code removing} flag and {@code atomic_inc(&pending)} formed a Dekker pattern without a barrier. Here
 * both sides take {@link #lock}: a request is admitted (put in the table) only while the device is not
 * removing, and removal sets the flag under the same lock. So every request either fails with
 * {@code ENODEV} without touching the channel, or is in the table before removal looks at it, and is
 * then drained or failed by removal.
 *
 * <p><b>Slot waiters</b>: a send that found every requestor id taken parks here; each freed id wakes the
 * waiters in order. To lose no wake-up, a sender reads {@link #slotFrees()} before its attempt and parks
 * only if no id was freed since ({@link #parkForSlot}); both steps and {@link #slotFreed()} take
 * {@link #slotLock}.
 */
final class RequestTracker {
    private final Object lock = new Object();
    /** Guarded by lock. */
    private boolean removing;
    /** Guarded by lock: run once when removing and the table is empty. */
    private Runnable onDrained;
    /** Open files, in open order (released files stay while the host holds their requests). Guarded by lock. */
    private final List<AzureBlobFile> files = new ArrayList<>();
    /** Admitted, not yet DONE. Written under lock; read without it (the map is thread-safe on its own). */
    private final LongKeyMap<UserRequest> byCookie = new LongKeyMap<>();
    private final AtomicLong nextCookie = new AtomicLong(1);

    private final Object slotLock = new Object();
    /** Guarded by slotLock. */
    private final ArrayDeque<UserRequest> slotWaiters = new ArrayDeque<>();
    /** Requestor ids freed so far. Guarded by slotLock. */
    private long slotFrees;

    /**
     * A fresh cookie for the requestor table: positive, never reused by this device.
     *
     * @return the cookie
     */
    long newCookie() {
        return nextCookie.getAndIncrement();
    }

    boolean isRemoving() {
        synchronized (lock) {
            return removing;
        }
    }

    /**
     * Registers an open file unless the device is being removed.
     *
     * @return false when removing
     */
    boolean addFile(final AzureBlobFile file) {
        synchronized (lock) {
            if (removing) {
                return false;
            }
            files.add(file);
            return true;
        }
    }

    void dropFile(final AzureBlobFile file) {
        synchronized (lock) {
            files.remove(file);
        }
    }

    List<AzureBlobFile> files() {
        synchronized (lock) {
            return new ArrayList<>(files);
        }
    }

    /**
     * Admits a request: puts it in the table and in its file, unless the device is being removed.
     *
     * @return false when removing (the request must fail with {@code ENODEV} without being sent)
     */
    boolean admit(final UserRequest request) {
        synchronized (lock) {
            if (removing) {
                return false;
            }
            byCookie.put(request.cookie(), request);
            request.file().add(request);
            return true;
        }
    }

    /**
     * Finds a request by the cookie the requestor table gave back.
     *
     * @return the request, or null
     */
    UserRequest get(final long cookie) {
        return byCookie.get(cookie);
    }

    /** The requests not yet DONE, in cookie order. */
    List<UserRequest> snapshot() {
        final List<UserRequest> all = byCookie.values();
        all.sort((a, b) -> Long.compare(a.cookie(), b.cookie()));
        return all;
    }

    int size() {
        return byCookie.size();
    }

    /**
     * Forgets a request that reached DONE; drops its file when released and empty; runs the drain action
     * when removal waits for an empty table.
     */
    void remove(final UserRequest request) {
        unpark(request);
        final Runnable drained;
        synchronized (lock) {
            byCookie.remove(request.cookie());
            if (request.file().remove(request)) {
                files.remove(request.file());
            }
            drained = takeDrainActionLocked();
        }
        if (drained != null) {
            drained.run();
        }
    }

    /**
     * Sets the removal flag: no file is opened and no request admitted after this.
     *
     * @return false when removal had already begun
     */
    boolean beginRemoval() {
        synchronized (lock) {
            if (removing) {
                return false;
            }
            removing = true;
            return true;
        }
    }

    /**
     * Runs {@code action} once the table is empty after removal began: at once if it is empty now,
     * otherwise on the thread that removes the last request.
     */
    void whenDrained(final Runnable action) {
        final Runnable now;
        synchronized (lock) {
            onDrained = action;
            now = takeDrainActionLocked();
        }
        if (now != null) {
            now.run();
        }
    }

    private Runnable takeDrainActionLocked() {
        if (removing && onDrained != null && byCookie.isEmpty()) {
            final Runnable action = onDrained;
            onDrained = null;
            return action;
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------
    // Requestor-id waiters

    long slotFrees() {
        synchronized (slotLock) {
            return slotFrees;
        }
    }

    /**
     * Parks a request until an id is freed, unless one was freed since the sender read
     * {@link #slotFrees()}.
     *
     * @param freesSeen the value read before the send attempt
     * @return true when parked; false when the caller should retry at once
     */
    boolean parkForSlot(final UserRequest request, final long freesSeen) {
        synchronized (slotLock) {
            if (slotFrees != freesSeen) {
                return false;
            }
            slotWaiters.add(request);
            return true;
        }
    }

    void slotFreed() {
        synchronized (slotLock) {
            slotFrees++;
        }
    }

    /**
     * The longest-waiting parked request.
     *
     * @return the request, or null
     */
    UserRequest pollSlotWaiter() {
        synchronized (slotLock) {
            return slotWaiters.poll();
        }
    }

    int slotWaiterCount() {
        synchronized (slotLock) {
            return slotWaiters.size();
        }
    }

    private void unpark(final UserRequest request) {
        synchronized (slotLock) {
            slotWaiters.remove(request);
        }
    }
}
