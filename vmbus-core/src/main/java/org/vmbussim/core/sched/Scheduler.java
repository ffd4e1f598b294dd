package org.vmbussim.core.sched;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Where signals and callbacks of channels run. Channel code is written against this interface only, so it
 * runs unchanged on the {@link DeterministicScheduler} (tests, fault exploration) and the
 * {@link ThreadedScheduler} (real use, benchmarks).
 *
 * <p>Rules for code running on a scheduler, which both implementations enforce or make visible:
 * <ul>
 *   <li>A task must not block: {@link #await} from inside a task throws {@link IllegalStateException}.</li>
 *   <li>A task that throws is logged and recorded; it never stops the scheduler.</li>
 *   <li>Time is {@link #nanoTime()}, never the wall clock, so the deterministic clock stays in charge.</li>
 * </ul>
 */
public interface Scheduler extends AutoCloseable {

    /**
     * Runs a task as soon as possible.
     *
     * @param task the task
     * @throws RejectedExecutionException after {@link #close()}
     */
    void execute(Runnable task);

    /**
     * Runs a task once after a delay on this scheduler's clock.
     *
     * @param task  the task
     * @param delay the delay; zero or negative means as soon as possible
     * @param unit  the delay's unit
     * @return a handle to cancel the task while it is pending
     * @throws RejectedExecutionException after {@link #close()}
     */
    Cancellable schedule(Runnable task, long delay, TimeUnit unit);

    /**
     * This scheduler's clock.
     *
     * @return nanoseconds from an arbitrary origin (0 for a fresh deterministic scheduler)
     */
    long nanoTime();

    /**
     * Blocks the calling thread, which must not be one of this scheduler's tasks, until a future completes
     * or the timeout passes on this scheduler's clock.
     *
     * @param future  the future
     * @param timeout the longest wait
     * @param unit    the timeout's unit
     * @param <T>     the result type
     * @return the future's value
     * @throws TimeoutException     when the timeout passed first (the future is left as it is)
     * @throws InterruptedException when the calling thread was interrupted
     * @throws ExecutionException   when the future completed exceptionally
     * @throws IllegalStateException when called from inside a task of this scheduler
     */
    <T> T await(CompletableFuture<T> future, long timeout, TimeUnit unit)
            throws TimeoutException, InterruptedException, ExecutionException;

    /**
     * Tells the scheduler that the calling thread is about to start work (e.g. send a request) and then
     * {@link #await} its result, so that tasks the start posts may wait a moment for the caller to run them
     * instead of waking a worker. The intent ends when {@link #await} begins waiting, or at {@link
     * WaitIntent#close()} (use try-with-resources, so a start that throws ends it too). The start must not
     * block. The default does nothing.
     *
     * @return the intent to close
     */
    default WaitIntent intendToAwait() {
        return WaitIntent.NONE;
    }

    /** A caller's announced {@link #await}; closed on the thread that opened it; closing it is idempotent. */
    interface WaitIntent extends AutoCloseable {
        /** An intent that does nothing. */
        WaitIntent NONE = () -> { };

        @Override
        void close();
    }

    /**
     * Stops the scheduler: pending tasks and timers are dropped and later submissions are rejected.
     */
    @Override
    void close();
}
