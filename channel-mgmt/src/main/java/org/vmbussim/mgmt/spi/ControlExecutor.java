package org.vmbussim.mgmt.spi;

import java.util.concurrent.TimeUnit;

/**
 * Runs the control plane's tasks: message handlers, timeouts, probes. Bound to vmbus-core's scheduler by the
 * embedder; tests use a deterministic one with a manual clock.
 *
 * <p><b>Contract.</b> Tasks of one executor run <em>one at a time</em>: each task finishes before the next
 * starts, and everything a task did happens-before the next task (a single thread, or a serialising wrapper
 * over a pool). {@link #execute} tasks run in submission order. The host and guest keep their state confined
 * to their executor and rely on this instead of locks. A task must not block waiting for another task of the
 * same executor.
 */
public interface ControlExecutor {

    /**
     * Runs a task soon, after the tasks already submitted; never on the caller's stack.
     *
     * @param task the task
     */
    void execute(Runnable task);

    /**
     * Runs a task once {@code delay} has passed on {@link #nanoTime()}'s clock.
     *
     * @param task  the task
     * @param delay how long to wait, 0 or more
     * @param unit  the unit of {@code delay}
     * @return a handle that cancels the task if it has not started
     */
    Cancellable schedule(Runnable task, long delay, TimeUnit unit);

    /**
     * The executor's clock, monotonic, in nanoseconds from an arbitrary origin. A deterministic executor
     * returns its manual clock.
     *
     * @return nanoseconds
     */
    long nanoTime();
}
