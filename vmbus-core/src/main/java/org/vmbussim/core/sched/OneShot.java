package org.vmbussim.core.sched;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A task that runs at most once and can be cancelled until it starts: the state machine behind timers and
 * listener registrations ({@code PENDING → STARTED} or {@code PENDING → CANCELLED}, decided by one
 * compare-and-set, so a racing run and cancel agree on the outcome). Thread-safe.
 */
public final class OneShot implements Runnable, Cancellable {
    private static final int PENDING = 0;
    private static final int STARTED = 1;
    private static final int CANCELLED = 2;

    private final Runnable body;
    private final AtomicInteger state = new AtomicInteger(PENDING);

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
        if (state.compareAndSet(PENDING, STARTED)) {
            body.run();
        }
    }

    @Override
    public boolean cancel() {
        return state.compareAndSet(PENDING, CANCELLED);
    }

    /**
     * Whether it has neither started nor been cancelled.
     *
     * @return true while pending
     */
    public boolean isPending() {
        return state.get() == PENDING;
    }
}
