package org.vmbussim.core.sched;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
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
 * {@link #await} as a bounded wait that spins and helps before it parks.
 *
 * <p><b>Waiting callers help (spin, then park).</b> Tasks to run now go to a ready queue in front of the
 * executor. A caller in {@link #await} does not park at once: for up to {@link #spinNanos()} of idleness it
 * polls the future and runs ready tasks itself (as Linux's NAPI busy polling runs the receive path on the
 * waiting CPU), so the completion that wakes it usually runs on its own thread and needs neither a worker
 * wake-up nor an unpark. While a caller spins idle, new ready tasks do not wake a worker; when it starts a
 * task or leaves, it wakes one for whatever is still queued, unless another caller still spins idle. Both
 * sides use sequentially consistent atomics (the queue's and {@code idleHelpers}), so of a task added while the
 * last idle helper leaves, at least one side sees the other: the task is never stranded. A task posted by a
 * task that a helping caller or a worker is running wakes nobody either: that thread takes it from the queue
 * next (a request's drain on one end posts the peer's drain, which then runs on the same thread instead of a
 * worker woken to find it gone). After the spin,
 * or at the deadline, or when interrupted, the caller parks on the future for the rest of its timeout. This
 * changes where a task runs, not the rules: the pool already runs tasks on several threads at once, so callers
 * that need one-at-a-time execution (a channel's drain) serialise themselves, and a task run by a helping
 * caller may not {@link #await} either.
 *
 * <p>An idle caller spins ({@link Thread#onSpinWait()}) only for the first quarter of its spin, and only while
 * no more callers are idle than the JVM has cores; otherwise it yields the core at each turn. With eight
 * closed-loop callers on two cores, spinning callers used to fill the time slices while the threads with work
 * (a caller whose request had completed, the peer's drain) waited for a core. Yielding instead took 4 KiB
 * requests from 66k–91k to 97k–141k per second across five alternating rounds (sequential unchanged;
 * docs/benchmarks.md).
 *
 * <p><b>Timers</b> wait in a sorted set of their own; the executor holds a single tick for the earliest. Arming
 * a timer that is not the earliest (every request arms a deadline later than those before it) wakes no worker.
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
    /**
     * How long {@link #await} spins idle (no task to run, future not done) before it parks, by default: a
     * round trip through a channel on an idle core takes tens of microseconds, a park and unpark about as much.
     */
    public static final long DEFAULT_SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
    /** Cores this JVM may use: with more idle callers than this, a spinning caller yields at once. */
    private static final int CORES = Runtime.getRuntime().availableProcessors();
    /** The longest delay honoured as given: about 73 years. */
    private static final long MAX_DELAY_NANOS = Long.MAX_VALUE >> 2;
    /** Ready tasks one worker wake-up runs before it hands the rest to another wake-up (fairness with timers). */
    private static final int MAX_READY_PER_RUN = 64;

    private final String namePrefix;
    private final ScheduledThreadPoolExecutor executor;
    private final OwnedThreads threads = new OwnedThreads();
    private final AtomicInteger threadNumber = new AtomicInteger();
    private final AtomicLong uncaughtErrorCount = new AtomicLong();
    private final ConcurrentLinkedQueue<Throwable> recordedErrors = new ConcurrentLinkedQueue<>();
    /** Tasks to run now, taken by workers ({@link #runReady()}) and by helping callers ({@link #help}). */
    private final ConcurrentLinkedQueue<Task> ready = new ConcurrentLinkedQueue<>();
    /** Callers in {@link #await} spinning with nothing to run: while above 0, new ready tasks wake no worker. */
    private final AtomicInteger idleHelpers = new AtomicInteger();
    /** Set on a caller's thread while it helps, so a task it runs cannot {@link #await} (nor help again). */
    private final ThreadLocal<Boolean> helping = new ThreadLocal<>();
    /** The calling thread's open {@link #intendToAwait} intent, or null. */
    private final ThreadLocal<Intent> intent = new ThreadLocal<>();
    private final Runnable runReadyTask = this::runReady;
    private final Runnable tickTask = this::tick;
    private final Object timerLock = new Object();
    /** Armed timers by deadline, then by arming order. Guarded by timerLock. */
    private final TreeSet<Timer> timers = new TreeSet<>();
    /** Guarded by timerLock. */
    private long timerSequence;
    /** The executor's one timer task, due at tickAtNanos; null when none is armed. Guarded by timerLock. */
    private Future<?> tickFuture;
    /** Guarded by timerLock. */
    private long tickAtNanos;
    private final long spinNanos;
    private volatile boolean closed;

    /**
     * Starts the worker threads; waiting callers spin and help for {@link #DEFAULT_SPIN_NANOS}.
     *
     * @param namePrefix    prefix of the thread names, e.g. {@code "vmbus-guest"}
     * @param workerThreads number of threads, at least 1
     */
    public ThreadedScheduler(final String namePrefix, final int workerThreads) {
        this(namePrefix, workerThreads, DEFAULT_SPIN_NANOS);
    }

    /**
     * Starts the worker threads.
     *
     * @param namePrefix    prefix of the thread names, e.g. {@code "vmbus-guest"}
     * @param workerThreads number of threads, at least 1
     * @param spinNanos     how long {@link #await} spins idle, running ready tasks, before it parks; 0 parks at
     *                      once and never runs tasks on the caller's thread
     */
    public ThreadedScheduler(final String namePrefix, final int workerThreads, final long spinNanos) {
        this.namePrefix = Objects.requireNonNull(namePrefix, "namePrefix");
        if (namePrefix.isEmpty() || workerThreads < 1 || spinNanos < 0) {
            throw new IllegalArgumentException("namePrefix='" + namePrefix + "' workerThreads=" + workerThreads
                    + " spinNanos=" + spinNanos + " (expected: a non-empty prefix, >= 1 thread, spin >= 0)");
        }
        this.spinNanos = spinNanos;
        this.executor = new ScheduledThreadPoolExecutor(workerThreads, runnable -> {
            final String threadName = namePrefix + "-" + threadNumber.incrementAndGet();
            return threads.track(new WorkerThread(this, runnable, threadName));
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
        if (delay <= 0) {
            return runSoon(wrapped);
        }
        // Clamped so that now + delay cannot overflow (an hour-long timeout and Long.MAX_VALUE alike).
        return addTimer(wrapped, Math.min(unit.toNanos(delay), MAX_DELAY_NANOS));
    }

    /**
     * Arms a timer. Timers wait in {@link #timers}, ordered by deadline; the executor holds one task only, the
     * tick for the earliest deadline. Arming a timer later than that tick (a request's deadline, armed per
     * request, always is) touches no executor queue and so wakes no worker; {@code DelayedWorkQueue} would
     * signal a worker for every new head. Cancelling removes the timer; a tick that finds nothing due re-arms.
     */
    private Cancellable addTimer(final Task wrapped, final long delayNanos) {
        final long now = System.nanoTime();
        final Timer timer;
        synchronized (timerLock) {
            timer = new Timer(wrapped, now + delayNanos, timerSequence++);
            timers.add(timer);
            if (tickFuture == null || timer.deadlineNanos - tickAtNanos < 0) {
                try {
                    armTickLocked(timer.deadlineNanos, now);
                } catch (final RejectedExecutionException e) {
                    timers.remove(timer);
                    throw new RejectedExecutionException("scheduler " + namePrefix + " is closed", e);
                }
            }
        }
        return timer; // its own handle: one object per timer, not a timer and a closure
    }

    /** Caller holds timerLock. Replaces the executor's tick with one at {@code deadlineNanos}. */
    private void armTickLocked(final long deadlineNanos, final long now) {
        if (tickFuture != null) {
            tickFuture.cancel(false);
        }
        tickFuture = null;
        tickFuture = executor.schedule(tickTask, Math.max(0, deadlineNanos - now), TimeUnit.NANOSECONDS);
        tickAtNanos = deadlineNanos;
    }

    /** The executor's tick: runs the timers that are due, then arms the next tick. */
    private void tick() {
        final List<Task> due = new ArrayList<>();
        synchronized (timerLock) {
            tickFuture = null;
            final long now = System.nanoTime();
            while (!timers.isEmpty() && timers.first().deadlineNanos - now <= 0) {
                due.add(timers.pollFirst().task);
            }
            if (!timers.isEmpty() && !closed) {
                try {
                    armTickLocked(timers.first().deadlineNanos, now);
                } catch (final RejectedExecutionException e) {
                    LOG.debug("scheduler {} closed; {} timers dropped", namePrefix, timers.size());
                }
            }
        }
        for (final Task task : due) {
            task.run();
        }
    }

    /**
     * Queues a task to run now; wakes a worker unless a caller spins idle in {@link #await} to take it, or the
     * posting thread is itself running a ready task and takes the next one from the queue when it ends.
     */
    private Cancellable runSoon(final Task wrapped) {
        ready.add(wrapped);
        // Read after the add (pairs with help(): decrement idleHelpers, then look at the queue).
        if (idleHelpers.get() == 0 && !pollsNextItself()) {
            try {
                executor.execute(runReadyTask);
            } catch (final RejectedExecutionException e) {
                ready.remove(wrapped);
                throw new RejectedExecutionException("scheduler " + namePrefix + " is closed", e);
            }
        }
        return wrapped.shot;
    }

    /**
     * Whether the calling thread is running a ready task and will poll the ready queue as soon as it ends (a
     * helping caller, or a worker in {@link #runReady()}). A task it posts then needs no wake-up: the thread
     * runs it next, or, if it leaves first, wakes a worker for it on the way out ({@link #help} and
     * {@link #runReady()} both end with {@link #wakeWorkerIfReady()}); and before it starts a task it wakes a
     * worker for whatever else is queued, so two tasks posted together still run in parallel. This keeps
     * a chain of tasks (a request's drain on one end posting the peer's drain) on one thread: a worker woken
     * for the second task would mostly find it gone, and it would take a core from the thread that posted it.
     */
    private boolean pollsNextItself() {
        final Thread current = Thread.currentThread();
        if (current instanceof WorkerThread) {
            final WorkerThread worker = (WorkerThread) current;
            return worker.owner == this && worker.inRunReady;
        }
        return helping.get() != null;
    }

    /** A worker's turn at the ready queue. */
    private void runReady() {
        final WorkerThread worker = (WorkerThread) Thread.currentThread();
        worker.inRunReady = true;
        try {
            for (int i = 0; i < MAX_READY_PER_RUN; i++) {
                final Task task = ready.poll();
                if (task == null) {
                    return;
                }
                // What else is queued gets a worker of its own now (see pollsNextItself()).
                wakeWorkerIfReady();
                task.run();
            }
        } finally {
            worker.inRunReady = false;
        }
        wakeWorkerIfReady();
    }

    /**
     * Wakes a worker for what is queued, unless another caller spins idle in {@link #await}: that caller runs it
     * (or, leaving, calls this itself), exactly as {@link #runSoon} relies on. Read after the caller's own
     * decrement of {@code idleHelpers}, so it counts only others. With eight callers on two cores, waking a
     * worker here for a task an idle caller then took anyway cost about 8 % of the CPU profile.
     */
    private void wakeWorkerIfReady() {
        if (!ready.isEmpty() && !closed && idleHelpers.get() == 0) {
            try {
                executor.execute(runReadyTask);
            } catch (final RejectedExecutionException e) {
                LOG.debug("scheduler {} closed; {} ready tasks dropped", namePrefix, ready.size());
            }
        }
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    /**
     * {@inheritDoc}
     *
     * <p>Spins and runs ready tasks on the calling thread for up to {@link #spinNanos()} of idleness (see the
     * class comment), then parks on the future for the rest of the timeout. The timeout counts from the call,
     * spin and tasks run included; a task already started when the deadline passes is finished first.
     */
    @Override
    public <T> T await(final CompletableFuture<T> future, final long timeout, final TimeUnit unit)
            throws TimeoutException, InterruptedException, ExecutionException {
        Objects.requireNonNull(future, "future");
        if (isOwnWorker(Thread.currentThread()) || helping.get() != null) {
            throw new IllegalStateException("await called from a task on " + Thread.currentThread().getName()
                    + " (tasks must not block the scheduler they run on)");
        }
        final long timeoutNanos = unit.toNanos(Math.max(0, timeout));
        final long start = System.nanoTime();
        try {
            if (spinNanos > 0 && timeoutNanos > 0 && !future.isDone()) {
                help(future, start, timeoutNanos);
            }
        } finally {
            endIntent(true);
        }
        final long remaining = timeoutNanos - (System.nanoTime() - start);
        return future.get(Math.max(0, remaining), TimeUnit.NANOSECONDS);
    }

    /**
     * Runs ready tasks and spins until the future is done, the deadline passes, the thread is interrupted, the
     * scheduler closes, or it has been idle for {@link #spinNanos}.
     */
    private void help(final CompletableFuture<?> future, final long start, final long timeoutNanos) {
        helping.set(Boolean.TRUE);
        idleHelpers.incrementAndGet();
        // This thread now counts as an idle helper by itself: its announced intent (if any) is done, and what
        // is queued is for this thread to run, not a worker's.
        endIntent(false);
        try {
            long idleSince = start;
            while (!future.isDone() && !closed && !Thread.currentThread().isInterrupted()) {
                final Task task = ready.poll();
                long now;
                if (task != null) {
                    // Busy now: tasks queued from here on must wake a worker (or another idle helper takes them).
                    idleHelpers.decrementAndGet();
                    try {
                        wakeWorkerIfReady();
                        task.run();
                    } finally {
                        idleHelpers.incrementAndGet();
                    }
                    now = System.nanoTime();
                    idleSince = now;
                } else {
                    now = System.nanoTime();
                    final long idle = now - idleSince;
                    if (idle >= spinNanos) {
                        break;
                    }
                    if (idle < spinNanos / 4 && idleHelpers.get() <= CORES) {
                        Thread.onSpinWait();
                    } else {
                        // Past the first quarter, or more idle callers than cores: let a runnable thread (the
                        // peer's worker, a caller whose request is done) have this core.
                        Thread.yield();
                    }
                }
                if (now - start >= timeoutNanos) {
                    break;
                }
            }
        } finally {
            idleHelpers.decrementAndGet();
            helping.remove();
            // Read after the decrement (pairs with runSoon()): whatever came in while we spun gets a worker.
            wakeWorkerIfReady();
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here the caller counts as an idle helper from now on (see the class comment): tasks posted meanwhile,
     * such as the peer's drain a request's signal schedules, wait for it rather than waking a worker, whose
     * wake-up would only find the task gone. Ignored (no intent) when callers do not spin, on a worker, inside a
     * helped task, or while this thread already has an intent.
     */
    @Override
    public WaitIntent intendToAwait() {
        final Intent current = intent.get();
        if (spinNanos == 0 || closed || isOwnWorker(Thread.currentThread()) || helping.get() != null
                || (current != null && current.open)) {
            return WaitIntent.NONE;
        }
        final Intent announced = new Intent();
        intent.set(announced);
        idleHelpers.incrementAndGet();
        return announced;
    }

    /** Ends the calling thread's intent, if it has one; {@code wake}: a worker for what is queued. */
    private void endIntent(final boolean wake) {
        final Intent open = intent.get();
        if (open != null) {
            open.end(wake);
        }
    }

    /** An announced await, counted in idleHelpers until it ends (on its own thread). */
    private final class Intent implements WaitIntent {
        private boolean open = true;

        @Override
        public void close() {
            end(true);
        }

        void end(final boolean wake) {
            if (!open) {
                return;
            }
            open = false;
            intent.remove();
            idleHelpers.decrementAndGet();
            if (wake) {
                // Read after the decrement (pairs with runSoon()): what came in meanwhile gets a worker.
                wakeWorkerIfReady();
            }
        }
    }

    /**
     * How long {@link #await} spins idle before it parks.
     *
     * @return nanoseconds; 0 when callers never spin nor help
     */
    public long spinNanos() {
        return spinNanos;
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
        ready.clear();
        synchronized (timerLock) {
            timers.clear();
        }
        if (isOwnWorker(Thread.currentThread()) || helping.get() != null) {
            LOG.debug("scheduler {} closed from its own worker; not waiting for the threads", namePrefix);
            return false;
        }
        final long deadline = System.nanoTime() + unit.toNanos(timeout);
        try {
            executor.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        final long remainingNanos = Math.max(0, deadline - System.nanoTime());
        final List<String> alive = threads.joinAll(remainingNanos, TimeUnit.NANOSECONDS);
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
        return threads.aliveNames().size();
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
        return "ThreadedScheduler[" + namePrefix + " threads=" + threads.count() + (closed ? " closed" : "") + "]";
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

    /**
     * An armed timer: ordered by deadline (wrap-safe difference), ties by arming order; its own
     * {@link Cancellable}: cancelling a timer that has not started takes it out of the set.
     */
    private final class Timer implements Comparable<Timer>, Cancellable {
        final Task task;
        final long deadlineNanos;
        final long sequence;

        Timer(final Task task, final long deadlineNanos, final long sequence) {
            this.task = task;
            this.deadlineNanos = deadlineNanos;
            this.sequence = sequence;
        }

        @Override
        public boolean cancel() {
            final boolean wasPending = task.shot.cancel();
            if (wasPending) {
                synchronized (timerLock) {
                    timers.remove(this);
                }
            }
            return wasPending;
        }

        @Override
        public int compareTo(final Timer other) {
            final long byDeadline = deadlineNanos - other.deadlineNanos;
            return byDeadline != 0 ? (byDeadline < 0 ? -1 : 1) : Long.compare(sequence, other.sequence);
        }

        @Override
        public boolean equals(final Object o) {
            return o == this;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(sequence);
        }
    }

    /** A daemon worker that knows its scheduler, so {@link #await} can refuse to block it. */
    private static final class WorkerThread extends Thread {
        final ThreadedScheduler owner;
        /** True while this worker runs {@link #runReady()}; read and written by this thread only. */
        boolean inRunReady;

        WorkerThread(final ThreadedScheduler owner, final Runnable runnable, final String name) {
            super(runnable, name);
            this.owner = owner;
            setDaemon(true);
        }
    }
}
