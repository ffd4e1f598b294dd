package org.vmbussim.core.sched;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A scheduler on real threads, for real use and benchmarks: a fixed number of named daemon worker threads
 * that run ready tasks and timers (one {@link ScheduledThreadPoolExecutor}), the system clock, and
 * {@link #await} as a bounded {@link CompletableFuture#get(long, TimeUnit)}.
 *
 * <p>Each instance owns its threads (named {@code <prefix>-<n>}); {@link #close()} stops them and waits a
 * bounded time, logging at WARN any that did not stop, and {@link #liveThreadCount()} lets tests prove none is
 * left behind. A task that throws is logged at WARN and recorded, and the worker carries on. Calling
 * {@link #await} from a worker thread throws {@link IllegalStateException}: a task must not block the
 * scheduler it runs on.
 */
public final class ThreadedScheduler implements Scheduler {
    private static final Logger LOG = LoggerFactory.getLogger(ThreadedScheduler.class);

    /** How long {@link #close()} waits for the threads to stop. */
    public static final long CLOSE_TIMEOUT_MILLIS = 5_000;
    /** At most this many task errors are kept for {@link #uncaughtErrors()}; all are counted. */
    public static final int MAX_RECORDED_ERRORS = 100;

    private final String namePrefix;
    private final ScheduledThreadPoolExecutor executor;
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final AtomicInteger threadNumber = new AtomicInteger();
    private final AtomicLong uncaughtErrorCount = new AtomicLong();
    private final ConcurrentLinkedQueue<Throwable> recordedErrors = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    /**
     * Starts the worker threads.
     *
     * @param namePrefix    prefix of the thread names, e.g. {@code "vmbus-guest"}
     * @param workerThreads number of threads, at least 1
     */
    public ThreadedScheduler(final String namePrefix, final int workerThreads) {
        this.namePrefix = Objects.requireNonNull(namePrefix, "namePrefix");
        if (namePrefix.isEmpty() || workerThreads < 1) {
            throw new IllegalArgumentException("namePrefix='" + namePrefix + "' workerThreads=" + workerThreads
                    + " (expected: a non-empty prefix and >= 1 thread)");
        }
        this.executor = new ScheduledThreadPoolExecutor(workerThreads, runnable -> {
            final Thread t = new WorkerThread(this, runnable, namePrefix + "-" + threadNumber.incrementAndGet());
            threads.add(t);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        executor.prestartAllCoreThreads();
    }

    @Override
    public void execute(final Runnable task) {
        schedule(task, 0, TimeUnit.NANOSECONDS);
    }

    @Override
    public Cancellable schedule(final Runnable task, final long delay, final TimeUnit unit) {
        final Task wrapped = new Task(Objects.requireNonNull(task, "task"));
        requireOpen();
        final Future<?> future;
        try {
            future = executor.schedule(wrapped, Math.max(0, delay), unit);
        } catch (final RejectedExecutionException e) {
            throw new RejectedExecutionException("scheduler " + namePrefix + " is closed", e);
        }
        return () -> {
            final boolean wasPending = wrapped.shot.cancel();
            if (wasPending) {
                future.cancel(false);
            }
            return wasPending;
        };
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public <T> T await(final CompletableFuture<T> future, final long timeout, final TimeUnit unit)
            throws TimeoutException, InterruptedException, ExecutionException {
        Objects.requireNonNull(future, "future");
        if (isOwnWorker(Thread.currentThread())) {
            throw new IllegalStateException("await called on worker thread " + Thread.currentThread().getName()
                    + " (tasks must not block the scheduler they run on)");
        }
        return future.get(Math.max(0, timeout), unit);
    }

    /** Stops the threads, waiting up to {@link #CLOSE_TIMEOUT_MILLIS}; logs at WARN any that did not stop. */
    @Override
    public void close() {
        shutdown(CLOSE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Stops the scheduler: pending tasks and timers are dropped (a running task finishes), then waits for
     * every thread to end. Called from a worker thread it cannot wait for itself, and returns false at once.
     *
     * @param timeout the longest wait
     * @param unit    its unit
     * @return true when every thread has stopped
     */
    public boolean shutdown(final long timeout, final TimeUnit unit) {
        closed = true;
        executor.shutdown();
        if (isOwnWorker(Thread.currentThread())) {
            LOG.debug("scheduler {} closed from its own worker; not waiting for the threads", namePrefix);
            return false;
        }
        final long deadline = System.nanoTime() + unit.toNanos(timeout);
        try {
            executor.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            for (final Thread t : threads) {
                final long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remainingMillis > 0) {
                    t.join(remainingMillis);
                }
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        final List<String> alive = aliveThreadNames();
        if (!alive.isEmpty()) {
            executor.shutdownNow();
            LOG.warn("scheduler {}: {} threads still alive {} ms after close: {}", namePrefix, alive.size(),
                    unit.toMillis(timeout), alive);
        }
        return alive.isEmpty();
    }

    /**
     * The number of this scheduler's threads that are alive, for leak checks.
     *
     * @return live threads; 0 after a successful close
     */
    public int liveThreadCount() {
        return aliveThreadNames().size();
    }

    private List<String> aliveThreadNames() {
        final List<String> names = new ArrayList<>();
        for (final Thread t : threads) {
            if (t.isAlive()) {
                names.add(t.getName());
            }
        }
        return names;
    }

    /**
     * The number of tasks that threw.
     *
     * @return the count since creation
     */
    public long uncaughtErrorCount() {
        return uncaughtErrorCount.get();
    }

    /**
     * The first {@link #MAX_RECORDED_ERRORS} errors thrown by tasks.
     *
     * @return a copy
     */
    public List<Throwable> uncaughtErrors() {
        return List.copyOf(recordedErrors);
    }

    /**
     * Whether {@link #close()} has been called.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return closed;
    }

    private boolean isOwnWorker(final Thread thread) {
        return thread instanceof WorkerThread && ((WorkerThread) thread).owner == this;
    }

    private void requireOpen() {
        if (closed) {
            throw new RejectedExecutionException("scheduler " + namePrefix + " is closed");
        }
    }

    private void recordError(final Throwable error) {
        if (uncaughtErrorCount.incrementAndGet() <= MAX_RECORDED_ERRORS) {
            recordedErrors.add(error);
        }
        LOG.warn("scheduler {}: task threw on {}", namePrefix, Thread.currentThread().getName(), error);
    }

    @Override
    public String toString() {
        return "ThreadedScheduler[" + namePrefix + " threads=" + threads.size() + (closed ? " closed" : "") + "]";
    }

    /** A submitted task; runs at most once, and not at all once cancelled or after close. */
    private final class Task implements Runnable {
        final OneShot shot;

        Task(final Runnable body) {
            this.shot = new OneShot(body);
        }

        @Override
        public void run() {
            if (closed) {
                return;
            }
            try {
                shot.run();
            } catch (final VirtualMachineError e) {
                throw e;
            } catch (final Throwable e) {
                // A task failure must never kill the worker: record it and carry on.
                recordError(e);
            }
        }
    }

    /** A daemon worker that knows its scheduler, so {@link #await} can refuse to block it. */
    private static final class WorkerThread extends Thread {
        final ThreadedScheduler owner;

        WorkerThread(final ThreadedScheduler owner, final Runnable runnable, final String name) {
            super(runnable, name);
            this.owner = owner;
            setDaemon(true);
        }
    }
}
