package org.vmbussim.mgmt.bus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmbussim.uapi.Errno;
import org.vmbussim.uapi.Result;

/**
 * Counts a channel's I/O in flight and lets the bus stop it: the bus-level facility the seed lacked (its driver
 * kept an {@code atomic_t pending} and a plain {@code bool removing}, which raced, §5.10).
 *
 * <p>A driver calls {@link #enter(Runnable)} before it submits a request and {@link IoTicket#finish()} when the
 * request completes. When the bus removes the device it {@linkplain #close() closes} the gate: from then on
 * {@code enter} fails with ENODEV without touching the channel; the bus waits for {@link #whenIdle()} (bounded),
 * and then {@link #abortAll()} runs the abort action of every ticket still out, which fails its request with
 * ENODEV.
 *
 * <p><b>Ordering.</b> {@code enter}, {@code finish}, {@code close} and {@code abortAll} take the gate's lock, so a
 * submission either fails or is counted before {@code close} returns: it can never slip in after the remover
 * saw "no I/O in flight" (RELIABILITY.md V8). Abort actions run outside the lock.
 */
public final class IoGate {
    private static final Logger LOG = LoggerFactory.getLogger(IoGate.class);

    private final String name;
    /**
     * Tickets (identity-keyed: Ticket keeps Object's equals) in the order they entered, so {@link #abortAll()} runs
     * the abort actions in submission order: deterministic replays depend on it (an IdentityHashMap's order follows
     * identity hash codes and differs from run to run).
     */
    private final Map<Ticket, Runnable> inFlight = new LinkedHashMap<>();
    private boolean open = true;
    private CompletableFuture<Void> idle;

    /**
     * Creates an open gate.
     *
     * @param name what it guards, for messages (e.g. "relid 5")
     */
    public IoGate(final String name) {
        this.name = name;
    }

    /**
     * Starts one I/O.
     *
     * @param onAbort run (once, outside any lock) if the bus gives up on the I/O; it should fail the request with
     *                ENODEV and free what the driver holds for it
     * @return the ticket, or ENODEV when the gate is closed (the device is going away)
     */
    public Result<IoTicket> enter(final Runnable onAbort) {
        synchronized (this) {
            if (!open) {
                return Result.error(Errno.ENODEV, name + " is being removed");
            }
            final Ticket t = new Ticket();
            inFlight.put(t, onAbort);
            return Result.ok(t);
        }
    }

    /**
     * Whether new I/O is accepted.
     *
     * @return true until {@link #close()}
     */
    public synchronized boolean isOpen() {
        return open;
    }

    /**
     * I/O in flight now.
     *
     * @return the count
     */
    public synchronized int inFlight() {
        return inFlight.size();
    }

    /** Stops new I/O; what is in flight goes on. Idempotent. */
    public void close() {
        synchronized (this) {
            open = false;
        }
        completeIdleIfDrained();
    }

    /**
     * Accepts I/O again, for the next driver bound to the device.
     *
     * @throws IllegalStateException when tickets of the last binding are still out
     */
    public synchronized void reopen() {
        if (!inFlight.isEmpty()) {
            throw new IllegalStateException(name + ": " + inFlight.size() + " I/O still in flight");
        }
        open = true;
        idle = null;
    }

    /**
     * Completes once the gate is closed and no I/O is in flight.
     *
     * @return the future (already complete when that holds now)
     */
    public CompletableFuture<Void> whenIdle() {
        synchronized (this) {
            if (idle == null) {
                idle = new CompletableFuture<>();
            }
        }
        completeIdleIfDrained();
        return idle;
    }

    /**
     * Gives up on every I/O in flight: each ticket's abort action runs once, and later {@code finish} calls on
     * those tickets return false.
     *
     * @return how many were aborted
     */
    public int abortAll() {
        final List<Runnable> actions;
        synchronized (this) {
            actions = new ArrayList<>(inFlight.values());
            inFlight.clear();
        }
        for (final Runnable a : actions) {
            try {
                a.run();
            } catch (final RuntimeException e) {
                LOG.warn("{}: abort action failed", name, e);
            }
        }
        completeIdleIfDrained();
        return actions.size();
    }

    private void completeIdleIfDrained() {
        final CompletableFuture<Void> f;
        synchronized (this) {
            f = !open && inFlight.isEmpty() ? idle : null;
        }
        if (f != null) {
            f.complete(null);
        }
    }

    @Override
    public synchronized String toString() {
        return "IoGate[" + name + (open ? ", open" : ", closed") + ", inFlight=" + inFlight.size() + "]";
    }

    private final class Ticket implements IoTicket {
        @Override
        public boolean finish() {
            final boolean mine;
            synchronized (IoGate.this) {
                mine = inFlight.remove(this) != null;
            }
            completeIdleIfDrained();
            return mine;
        }
    }
}
