package org.vmbussim.azblob.vsc;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.vmbussim.core.packet.GpaRange;
import org.vmbussim.core.process.PinnedPageList;
import org.vmbussim.core.sched.Cancellable;
import org.vmbussim.uapi.AzBlobRequestSync;
import org.vmbussim.wire.MemoryRegion;

/**
 * One user request from admission to the moment its pages and requestor id are given back. Replaces the
 * seed's on-stack {@code az_blob_vsp_request_ctx}: the requestor table holds this request's
 * {@link #cookie()} (a number the device chose), never a reference, so a completion can only name it
 * through the table and a late one finds it gone.
 *
 * <p><b>States</b> (guarded by this object's monitor; see {@link State}):
 * <pre>
 *   NEW --send--&gt; IN_FLIGHT --host completes--&gt; DONE
 *    |  \            \
 *    |   ring/slot     deadline, process exit: caller answered, host still owns the pages
 *    |   full           \
 *    |    v              ORPHANED --host completes, channel gone--&gt; DONE
 *    |  WAITING_FOR_SPACE / WAITING_FOR_SLOT --space or slot--&gt; (send again)
 *    +--any failure before the host has it, channel gone--&gt; DONE
 * </pre>
 * Exactly one transition to {@code DONE} happens, and its maker releases the pins and completes
 * {@link #result()} if the caller was still waiting. Lock order: this monitor, then the channel's send
 * lock, then the requestor lock, then the tracker's slot lock. Futures are completed with no lock held.
 */
final class UserRequest {
    private static final AtomicIntegerFieldUpdater<UserRequest> UNCHARGED =
            AtomicIntegerFieldUpdater.newUpdater(UserRequest.class, "uncharged");

    /** The life of a request. */
    enum State {
        /** Admitted, pinned, not yet on the ring. */
        NEW,
        /** The ring was full; waiting for the host to free space. */
        WAITING_FOR_SPACE,
        /** Every requestor id was taken; waiting for a completion to free one. */
        WAITING_FOR_SLOT,
        /** On the ring with a requestor id; the caller waits. */
        IN_FLIGHT,
        /** On the ring; the caller was answered (timeout, exit) but the host may still use the pages. */
        ORPHANED,
        /** Finished; pages unpinned, id released. */
        DONE;

        /** Whether the packet has not been published yet. */
        boolean isUnsent() {
            return this == NEW || this == WAITING_FOR_SPACE || this == WAITING_FOR_SLOT;
        }
    }

    private final long cookie;
    private final AzureBlobFile file;
    private final AzBlobRequestSync sync;
    private final long structAddress;
    private final MemoryRegion userMemory;
    private final boolean nonBlocking;
    private final long deadlineNanos;
    /** The pins of the request's buffers, whose PFN array {@link #ranges} shares; closed by {@link #unpinAll()}. */
    private final PinnedPageList pins;
    private final List<GpaRange> ranges;
    /** Where the buffers sit in the range, for the payload written at each send attempt. */
    private final RequestGeometry geometry;
    private final int pageCount;
    private final PinBudget budget;
    private final long chargedPages;
    /**
     * 0 until the pin budget got this request's pages back, then 1: a volatile field changed by compare-and-set
     * through {@link #UNCHARGED}, not an {@code AtomicBoolean} object per request.
     */
    private volatile int uncharged;
    private final CompletableFuture<Long> result = new CompletableFuture<>();

    /** Guarded by this. */
    private State state = State.NEW;
    /** The requestor id on the wire once sent. Guarded by this. */
    private long transactionId;
    /** Guarded by this. */
    private Cancellable deadlineTimer;
    /** The ring-space future while {@link State#WAITING_FOR_SPACE}. Guarded by this. */
    private CompletableFuture<Void> spaceWait;

    UserRequest(final long cookie, final AzureBlobFile file, final AzBlobRequestSync sync, final long structAddress,
            final MemoryRegion userMemory, final boolean nonBlocking, final long deadlineNanos,
            final PinnedPageList pins, final GpaRange range, final RequestGeometry geometry, final PinBudget budget,
            final long chargedPages) {
        this.cookie = cookie;
        this.file = file;
        this.sync = sync;
        this.structAddress = structAddress;
        this.userMemory = userMemory;
        this.nonBlocking = nonBlocking;
        this.deadlineNanos = deadlineNanos;
        this.pins = pins; // handed over by the driver, which pinned the buffers for this request and keeps no reference
        this.ranges = List.of(range);
        this.geometry = geometry;
        this.pageCount = range.pfnCount();
        this.budget = budget;
        this.chargedPages = chargedPages;
    }

    long cookie() {
        return cookie;
    }

    AzureBlobFile file() {
        return file;
    }

    AzBlobRequestSync sync() {
        return sync;
    }

    long structAddress() {
        return structAddress;
    }

    MemoryRegion userMemory() {
        return userMemory;
    }

    boolean isNonBlocking() {
        return nonBlocking;
    }

    /** How long after admission the driver stops waiting: the user's timeout (or the default) plus grace. */
    long deadlineNanos() {
        return deadlineNanos;
    }

    List<GpaRange> ranges() {
        return ranges;
    }

    RequestGeometry geometry() {
        return geometry;
    }

    int pageCount() {
        return pageCount;
    }

    /** What the caller gets: 0, or an {@link org.vmbussim.uapi.ErrnoException}. */
    CompletableFuture<Long> result() {
        return result;
    }

    /** Caller holds this monitor. */
    State stateLocked() {
        assert Thread.holdsLock(this);
        return state;
    }

    /** Caller holds this monitor. */
    void setStateLocked(final State next) {
        assert Thread.holdsLock(this);
        state = next;
    }

    synchronized State state() {
        return state;
    }

    /** Caller holds this monitor. */
    void sentLocked(final long id) {
        assert Thread.holdsLock(this);
        state = State.IN_FLIGHT;
        transactionId = id;
        spaceWait = null;
    }

    synchronized long transactionId() {
        return transactionId;
    }

    synchronized void setDeadlineTimer(final Cancellable timer) {
        this.deadlineTimer = timer;
    }

    /** Caller holds this monitor. */
    void waitForSpaceLocked(final CompletableFuture<Void> future) {
        assert Thread.holdsLock(this);
        state = State.WAITING_FOR_SPACE;
        spaceWait = future;
    }

    /**
     * Moves to {@link State#DONE} (caller holds this monitor) and hands back what must be undone outside
     * the lock: the deadline timer and a ring-space wait.
     */
    Leftovers finishLocked() {
        assert Thread.holdsLock(this);
        state = State.DONE;
        final Leftovers leftovers = new Leftovers(deadlineTimer, spaceWait);
        deadlineTimer = null;
        spaceWait = null;
        return leftovers;
    }

    /**
     * Moves to {@link State#ORPHANED} (caller holds this monitor) and hands back the deadline timer to
     * cancel: the caller has been answered, the host keeps the pages until it completes.
     */
    Leftovers orphanLocked() {
        assert Thread.holdsLock(this);
        state = State.ORPHANED;
        final Leftovers leftovers = new Leftovers(deadlineTimer, null);
        deadlineTimer = null;
        return leftovers;
    }

    /**
     * Gives the pages back to the process (idempotent) and their charge back to the driver's
     * pin budget (once). Called once, by the DONE transition.
     */
    void unpinAll() {
        pins.close();
        if (UNCHARGED.compareAndSet(this, 0, 1)) {
            budget.uncharge(chargedPages);
        }
    }

    @Override
    public String toString() {
        return "UserRequest[cookie=" + cookie + " guid=" + sync.guid().formatPUb() + " pages=" + pageCount + "]";
    }

    /**
     * Timers and waits to cancel after the request finished.
     *
     * @param deadlineTimer the deadline timer, or null
     * @param spaceWait     the ring-space future, or null
     */
    record Leftovers(Cancellable deadlineTimer, CompletableFuture<Void> spaceWait) {
        /** Cancels both (a timer that already ran, or a done future, is left alone). */
        void cancel() {
            if (deadlineTimer != null) {
                deadlineTimer.cancel();
            }
            if (spaceWait != null) {
                spaceWait.cancel(false);
            }
        }
    }
}
