package org.vmbussim.core.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * A task that runs at most once and can be cancelled until it starts: the state machine behind timers and
 * listener registrations ({@code PENDING → STARTED} or {@code PENDING → CANCELLED}, decided by one
 * compare-and-set, so a racing run and cancel agree on the outcome). Thread-safe. The state is a field of
 * this object (a {@link VarHandle}, not an {@code AtomicInteger}): schedulers make one per task.
 */
public final class OneShot implements Runnable, Cancellable {
    private static final int PENDING = 0;
    private static final int STARTED = 1;
    private static final int CANCELLED = 2;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(OneShot.class, "state", int.class);
        } catch (final ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Runnable body;
    /** {@link #PENDING} (0) when made; changed only through {@link #STATE}. */
    private volatile int state;

    /**
     * Wraps a task.
     *
     * @param body the task
     */
    public OneShot(final Runnable body) {
        this.body = Objects.requireNonNull(body, "body");
    }

    /** Runs the task unless it already started or was cancelled; its exceptions propagate. */
    @Override
    public void run() {
        if (STATE.compareAndSet(this, PENDING, STARTED)) {
            body.run();
        }
    }

    @Override
    public boolean cancel() {
        return STATE.compareAndSet(this, PENDING, CANCELLED);
    }

    /**
     * Whether it has neither started nor been cancelled.
     *
     * @return true while pending
     */
    public boolean isPending() {
        return state == PENDING;
    }
}
