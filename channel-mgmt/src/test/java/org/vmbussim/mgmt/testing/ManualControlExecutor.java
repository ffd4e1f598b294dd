package org.vmbussim.mgmt.testing;

import java.time.Duration;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.vmbussim.mgmt.spi.Cancellable;
import org.vmbussim.mgmt.spi.ControlExecutor;

/**
 * A deterministic control executor: one thread (the test's), a manual clock, tasks in (due time, submission)
 * order. Running advances the clock to each task's due time; cancelled tasks leave the queue at once so they never
 * move the clock.
 */
public final class ManualControlExecutor implements ControlExecutor {
    /** Guards against a test that schedules forever. */
    private static final int MAX_TASKS_PER_RUN = 5_000_000;

    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private final Thread owner = Thread.currentThread();
    private long now = 1_000_000_000L;
    private long seq;
    private long tasksRun;

    @Override
    public void execute(final Runnable task) {
        checkThread();
        queue.add(new Task(now, seq++, task));
    }

    @Override
    public Cancellable schedule(final Runnable task, final long delay, final TimeUnit unit) {
        checkThread();
        final Task t = new Task(now + Math.max(0, unit.toNanos(delay)), seq++, task);
        queue.add(t);
        return () -> {
            checkThread();
            if (t.ran || t.cancelled) {
                return false;
            }
            t.cancelled = true;
            queue.remove(t);
            return true;
        };
    }

    @Override
    public long nanoTime() {
        return now;
    }

    /**
     * Runs every task due within {@code horizon} from now, then leaves the clock at the end of the horizon.
     *
     * @param horizon how far the clock may move
     * @return tasks run
     */
    public int runFor(final Duration horizon) {
        final long end = now + horizon.toNanos();
        final int n = runUntil(end);
        now = Math.max(now, end);
        return n;
    }

    private int runUntil(final long end) {
        checkThread();
        int n = 0;
        while (!queue.isEmpty() && queue.peek().due <= end) {
            final Task t = queue.poll();
            now = Math.max(now, t.due);
            t.ran = true;
            t.task.run();
            tasksRun++;
            if (++n > MAX_TASKS_PER_RUN) {
                throw new AssertionError("more than " + MAX_TASKS_PER_RUN + " tasks: a loop?");
            }
        }
        return n;
    }

    /**
     * Runs until no task is left, letting the clock move to each task's due time but at most one simulated
     * minute; the clock stays at the last task's time.
     *
     * @return tasks run
     */
    public int runUntilIdle() {
        return runUntil(now + Duration.ofMinutes(1).toNanos());
    }

    /**
     * Runs until a future is done, within a simulated-time bound, and returns its value; fails the test when it is
     * not done in time (instead of hanging).
     *
     * @param future  the future
     * @param horizon the bound on simulated time
     * @param <T>     the value type
     * @return the value
     */
    public <T> T await(final CompletableFuture<T> future, final Duration horizon) {
        final long end = now + horizon.toNanos();
        while (!future.isDone() && !queue.isEmpty() && queue.peek().due <= end) {
            final Task t = queue.poll();
            now = Math.max(now, t.due);
            t.ran = true;
            t.task.run();
            tasksRun++;
        }
        if (!future.isDone()) {
            throw new AssertionError("not done within " + horizon + " of simulated time (" + queue.size()
                    + " tasks queued)");
        }
        return future.join();
    }

    /**
     * {@link #await(CompletableFuture, Duration)} with one simulated minute.
     *
     * @param future the future
     * @param <T>    the value type
     * @return the value
     */
    public <T> T await(final CompletableFuture<T> future) {
        return await(future, Duration.ofMinutes(1));
    }

    /**
     * Tasks waiting (cancelled ones excluded).
     *
     * @return the count
     */
    public int pending() {
        return queue.size();
    }

    /**
     * Tasks run so far.
     *
     * @return the count
     */
    public long tasksRun() {
        return tasksRun;
    }

    private void checkThread() {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("ManualControlExecutor used from " + Thread.currentThread().getName());
        }
    }

    private static final class Task implements Comparable<Task> {
        private final long due;
        private final long seq;
        private final Runnable task;
        private boolean ran;
        private boolean cancelled;

        private Task(final long due, final long seq, final Runnable task) {
            this.due = due;
            this.seq = seq;
            this.task = task;
        }

        @Override
        public int compareTo(final Task o) {
            final int c = Long.compare(due, o.due);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }
}
