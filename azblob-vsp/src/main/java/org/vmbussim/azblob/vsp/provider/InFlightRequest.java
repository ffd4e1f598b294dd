package org.vmbussim.azblob.vsp.provider;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import org.vmbussim.core.sched.Cancellable;

/**
 * A request in a channel's table of requests in flight, and the one decision of its life: who completes
 * it. The worker's result, the timeout and the detach each {@link #claim} it, and exactly one of them
 * wins (one compare-and-set from {@link #PENDING}); the losers do nothing, so a request is completed
 * once, and a late backend result is never written into buffers the guest may already have reused.
 *
 * <p>Threading: {@link #claim}, {@link #isPending} and the volatile fields may be used from any thread.
 * The timer is set on the receive path before the request is handed to a worker; the executor's
 * hand-off makes it visible to the worker.
 */
final class InFlightRequest {
    /** Nobody has claimed it yet. */
    static final int PENDING = 0;
    /** The worker's result is being written and completed. */
    static final int FINISHED = 1;
    /** The timeout fired first: completed with {@code ETIMEDOUT}. */
    static final int TIMED_OUT = 2;
    /** The channel was detached first. */
    static final int ABANDONED = 3;
    private static final VarHandle FATE;

    static {
        try {
            FATE = MethodHandles.lookup().findVarHandle(InFlightRequest.class, "fate", int.class);
        } catch (final ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final VspRequest request;
    private final long acceptedNanos;
    private final long timeoutMillis;
    /** Who completes it, set once from {@link #PENDING} by {@link #FATE}'s compare-and-set (no AtomicInteger). */
    private volatile int fate = PENDING;
    private volatile Cancellable timer;
    private volatile InFlightRequestInfo.Phase phase = InFlightRequestInfo.Phase.QUEUED;
    private volatile String method = "";
    private volatile String target = "";

    InFlightRequest(final VspRequest request, final long acceptedNanos, final long timeoutMillis) {
        this.request = request;
        this.acceptedNanos = acceptedNanos;
        this.timeoutMillis = timeoutMillis;
    }

    VspRequest request() {
        return request;
    }

    long timeoutMillis() {
        return timeoutMillis;
    }

    /**
     * Whether the request has been in flight longer than its timeout.
     *
     * @param nowNanos the channel scheduler's clock now
     * @return true when overdue
     */
    boolean isOverdue(final long nowNanos) {
        return nowNanos - acceptedNanos >= TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    /**
     * Takes the right to complete this request.
     *
     * @param outcome {@link #FINISHED}, {@link #TIMED_OUT} or {@link #ABANDONED}
     * @return true for the one caller that wins
     */
    boolean claim(final int outcome) {
        if (FATE.compareAndSet(this, PENDING, outcome)) {
            final Cancellable t = timer;
            if (t != null && outcome != TIMED_OUT) {
                t.cancel();
            }
            return true;
        }
        return false;
    }

    boolean isPending() {
        return fate == PENDING;
    }

    void timer(final Cancellable value) {
        this.timer = value;
    }

    void executing() {
        this.phase = InFlightRequestInfo.Phase.EXECUTING;
    }

    void describe(final String httpMethod, final String requestTarget) {
        this.method = httpMethod;
        this.target = requestTarget;
    }

    InFlightRequestInfo info(final long nowNanos) {
        return new InFlightRequestInfo(request.transactionId(), request.userGuid(), phase, nowNanos - acceptedNanos,
                timeoutMillis, request.dataLength(), request.dataValid(), request.requestLength(),
                request.responseLength(), method, target);
    }
}
