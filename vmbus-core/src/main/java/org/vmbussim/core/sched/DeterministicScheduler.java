package org.vmbussim.core.sched;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-threaded, seeded scheduler with a manual clock, for tests and fault exploration (after Kafka's
 * Raft event simulation: "deterministic provided an initial random seed"). Nothing runs by itself: the
 * owning thread drives it with {@link #runOne()}, {@link #runUntilIdle()}, {@link #advanceBy} or
 * {@link #runUntilIdleAdvancingTime}, or by {@link #await}, which pumps tasks and advances the clock until the
 * future completes, so a synchronous simulated system call works on the test thread alone.
 *
 * <p><b>Order.</b> The clock starts at 0 and moves only when driven. Ready tasks run in FIFO order; timers
 * run in due-time order, ties in scheduling order, and a due timer joins the ready queue behind the tasks
 * already there. With {@link ReadyOrder#SHUFFLED} the next ready task, and the order of timers due at the same
 * instant, are drawn from the seeded {@link Random} instead, to explore interleavings; the same seed and the
 * same inputs still give the same run.
 *
 * <p><b>Transcript.</b> Tasks append lines with {@link #log(String)}; each is prefixed with the clock.
 * Same seed + same inputs ⇒ identical {@link #transcript()}, which tests compare to prove reproducibility.
 * Runnables carry no stable names, so the scheduler logs nothing itself except uncaught errors.
 *
 * <p><b>Errors.</b> A task that throws is caught, logged at WARN, appended to the transcript and recorded in
 * {@link #uncaughtErrors()}; the scheduler carries on. {@link VirtualMachineError}s are rethrown.
 *
 * <p><b>One thread only.</b> The first thread that uses it owns it; any call from another thread throws
 * {@link IllegalStateException}. Driving it (run, advance, await) from inside one of its own tasks also throws
 * {@link IllegalStateException}, the same contract {@link ThreadedScheduler} has for {@code await}.
 */
public final class DeterministicScheduler implements Scheduler {
    private static final Logger LOG = LoggerFactory.getLogger(DeterministicScheduler.class);

    /** Upper bound on tasks run by one drive call, so a task that re-submits itself forever fails loudly. */
    public static final long MAX_TASKS_PER_DRIVE = 10_000_000L;

    /** How ready tasks are picked. */
    public enum ReadyOrder {
        /** First in, first out; same-time timers in scheduling order. */
        FIFO,
        /** Seeded random pick among ready tasks and among timers due at the same instant. */
        SHUFFLED
    }

    private final long seed;
    private final Random random;
    private final ReadyOrder readyOrder;
    private final AtomicReference<Thread> owner = new AtomicReference<>();

    private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final List<String> transcript = new ArrayList<>();
    private final List<Throwable> uncaughtErrors = new ArrayList<>();
    private long nowNanos;
    private long timerSequence;
    private boolean running;
    private boolean recordTranscript = true;
    private boolean closed;

    /**
     * Creates a FIFO scheduler.
     *
     * @param seed the seed (used only by {@link ReadyOrder#SHUFFLED}, kept for the record)
     */
    public DeterministicScheduler(final long seed) {
        this(seed, ReadyOrder.FIFO);
    }

    /**
     * Creates a scheduler.
     *
     * @param seed       the seed of its random choices
     * @param readyOrder how ready tasks are picked
     */
    public DeterministicScheduler(final long seed, final ReadyOrder readyOrder) {
        this.seed = seed;
        this.random = new Random(seed);
        this.readyOrder = Objects.requireNonNull(readyOrder, "readyOrder");
    }

    /**
     * The seed, to print when a test fails.
     *
     * @return the seed
     */
    public long seed() {
        return seed;
    }

    // ---------------------------------------------------------------------------------------------
    // Scheduler

    @Override
    public void execute(final Runnable task) {
        Objects.requireNonNull(task, "task");
        checkThread();
        requireOpen();
        ready.add(task);
    }

    @Override
    public Cancellable schedule(final Runnable task, final long delay, final TimeUnit unit) {
        Objects.requireNonNull(task, "task");
        checkThread();
        requireOpen();
        final long delayNanos = Math.max(0, unit.toNanos(delay));
        final long due = nowNanos + Math.min(delayNanos, Long.MAX_VALUE - nowNanos);
        // In SHUFFLED mode same-time timers are ordered by a random key; otherwise by submission.
        final long tieBreak = readyOrder == ReadyOrder.SHUFFLED ? random.nextLong() : timerSequence;
        final Timer timer = new Timer(task, due, tieBreak, timerSequence++);
        timers.add(timer);
        return () -> {
            checkThread();
            if (!timer.shot.cancel()) {
                return false;
            }
            // Still in the timer queue, or already promoted to the ready queue.
            if (!timers.remove(timer)) {
                ready.remove(timer);
            }
            return true;
        };
    }

    @Override
    public long nanoTime() {
        checkThread();
        return nowNanos;
    }

    /**
     * Pumps this scheduler until the future completes: runs ready tasks and, when idle, advances the clock to
     * the next timer; when no timer is due before the deadline the clock jumps to the deadline and the wait
     * times out. Must be called by the owning thread, outside any task.
     */
    @Override
    public <T> T await(final CompletableFuture<T> future, final long timeout, final TimeUnit unit)
            throws TimeoutException, InterruptedException, ExecutionException {
        Objects.requireNonNull(future, "future");
        checkDriving("await");
        final long timeoutNanos = Math.max(0, unit.toNanos(timeout));
        final long deadline = nowNanos + Math.min(timeoutNanos, Long.MAX_VALUE - nowNanos);
        long tasksRun = 0;
        while (!future.isDone()) {
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while awaiting on the deterministic scheduler");
            }
            if (runOneUnchecked()) {
                tasksRun = countTask(tasksRun, "await");
            } else if (!timers.isEmpty() && timers.peek().due <= deadline) {
                advanceTo(timers.peek().due);
            } else {
                nowNanos = Math.max(nowNanos, deadline);
                throw new TimeoutException("future not complete after " + timeoutNanos + " ns of scheduler time");
            }
        }
        return future.get();
    }

    /** Drops every pending task and timer; later submissions are rejected. */
    @Override
    public void close() {
        checkThread();
        if (!closed) {
            closed = true;
            if (!ready.isEmpty() || !timers.isEmpty()) {
                LOG.debug("deterministic scheduler seed={} closed with {} ready tasks and {} timers pending", seed,
                        ready.size(), timers.size());
            }
            ready.clear();
            timers.clear();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Driving

    /**
     * Runs one ready task (timers already due count as ready). Does not advance the clock.
     *
     * @return true when a task ran
     */
    public boolean runOne() {
        checkDriving("runOne");
        return runOneUnchecked();
    }

    /**
     * Runs ready tasks, including those they submit, until none is ready. Does not advance the clock.
     *
     * @return the number of tasks run
     */
    public long runUntilIdle() {
        checkDriving("runUntilIdle");
        return runUntilIdleUnchecked();
    }

    /**
     * Advances the clock by a duration, running ready tasks first and then each timer due in that window in
     * order, with the clock set to the timer's due time when it runs. Ends with the clock at
     * {@code now + duration} and no task ready.
     *
     * @param duration how far to advance, not negative
     * @param unit     its unit
     * @return the number of tasks run
     */
    public long advanceBy(final long duration, final TimeUnit unit) {
        checkDriving("advanceBy");
        final long durationNanos = unit.toNanos(duration);
        if (durationNanos < 0) {
            throw new IllegalArgumentException("duration=" + duration + " " + unit + " (expected: >= 0)");
        }
        final long target = nowNanos + Math.min(durationNanos, Long.MAX_VALUE - nowNanos);
        long tasksRun = runUntilIdleUnchecked();
        while (!timers.isEmpty() && timers.peek().due <= target) {
            advanceTo(timers.peek().due);
            tasksRun += runUntilIdleUnchecked();
        }
        nowNanos = target;
        return tasksRun;
    }

    /**
     * Runs until nothing is ready and no timer is due within {@code maxNanos} of the current clock,
     * advancing the clock from timer to timer (not beyond the last timer run).
     *
     * @param maxNanos how far the clock may move, not negative
     * @return the number of tasks run
     */
    public long runUntilIdleAdvancingTime(final long maxNanos) {
        checkDriving("runUntilIdleAdvancingTime");
        if (maxNanos < 0) {
            throw new IllegalArgumentException("maxNanos=" + maxNanos + " (expected: >= 0)");
        }
        final long limit = nowNanos + Math.min(maxNanos, Long.MAX_VALUE - nowNanos);
        long tasksRun = runUntilIdleUnchecked();
        while (!timers.isEmpty() && timers.peek().due <= limit) {
            advanceTo(timers.peek().due);
            tasksRun += runUntilIdleUnchecked();
        }
        return tasksRun;
    }

    private long runUntilIdleUnchecked() {
        long tasksRun = 0;
        while (runOneUnchecked()) {
            tasksRun = countTask(tasksRun, "runUntilIdle");
        }
        return tasksRun;
    }

    private static long countTask(final long tasksRun, final String operation) {
        if (tasksRun + 1 > MAX_TASKS_PER_DRIVE) {
            throw new IllegalStateException(operation + ": more than " + MAX_TASKS_PER_DRIVE
                    + " tasks without becoming idle (a task re-submitting itself forever?)");
        }
        return tasksRun + 1;
    }

    /** Sets the clock and moves the timers due by then to the ready queue. */
    private void advanceTo(final long due) {
        nowNanos = Math.max(nowNanos, due);
        promoteDueTimers();
    }

    private void promoteDueTimers() {
        while (!timers.isEmpty() && timers.peek().due <= nowNanos) {
            ready.add(timers.poll());
        }
    }

    private boolean runOneUnchecked() {
        promoteDueTimers();
        if (ready.isEmpty()) {
            return false;
        }
        final Runnable task = readyOrder == ReadyOrder.SHUFFLED ? pollRandom() : ready.poll();
        running = true;
        try {
            task.run();
        } catch (final VirtualMachineError e) {
            throw e;
        } catch (final Throwable e) {
            // A task failure must never stop the scheduler: record it and carry on.
            uncaughtErrors.add(e);
            appendTranscript("uncaught " + e);
            LOG.warn("deterministic scheduler seed={} t={}ns: task threw", seed, nowNanos, e);
        } finally {
            running = false;
        }
        return true;
    }

    private Runnable pollRandom() {
        final int pick = random.nextInt(ready.size());
        final Runnable[] tasks = ready.toArray(new Runnable[0]);
        ready.clear();
        for (int i = 0; i < tasks.length; i++) {
            if (i != pick) {
                ready.add(tasks[i]);
            }
        }
        return tasks[pick];
    }

    // ---------------------------------------------------------------------------------------------
    // Transcript and inspection

    /**
     * Appends a line to the transcript, prefixed with the clock ({@code "t=123 message"}).
     *
     * @param message the event, built only from deterministic values
     */
    public void log(final String message) {
        checkThread();
        appendTranscript(message);
    }

    private void appendTranscript(final String message) {
        if (recordTranscript) {
            transcript.add("t=" + nowNanos + " " + message);
        }
    }

    /**
     * Turns transcript recording on (the default) or off, for long runs.
     *
     * @param enabled whether {@link #log} records
     */
    public void recordTranscript(final boolean enabled) {
        checkThread();
        recordTranscript = enabled;
    }

    /**
     * The transcript so far.
     *
     * @return a copy
     */
    public List<String> transcript() {
        checkThread();
        return List.copyOf(transcript);
    }

    /**
     * Errors thrown by tasks, in order.
     *
     * @return a copy
     */
    public List<Throwable> uncaughtErrors() {
        checkThread();
        return List.copyOf(uncaughtErrors);
    }

    /**
     * Tasks ready to run now (timers already due included).
     *
     * @return the count
     */
    public int readyTaskCount() {
        checkThread();
        long due = 0;
        for (final Timer t : timers) {
            if (t.due <= nowNanos) {
                due++;
            }
        }
        return ready.size() + (int) due;
    }

    /**
     * Timers not yet due or not yet promoted.
     *
     * @return the count
     */
    public int pendingTimerCount() {
        checkThread();
        return timers.size();
    }

    /**
     * Whether nothing is ready and no timer is pending.
     *
     * @return true when idle
     */
    public boolean isIdle() {
        checkThread();
        return ready.isEmpty() && timers.isEmpty();
    }

    // ---------------------------------------------------------------------------------------------

    private void checkThread() {
        final Thread current = Thread.currentThread();
        final Thread bound = owner.compareAndExchange(null, current);
        if (bound != null && bound != current) {
            throw new IllegalStateException("deterministic scheduler seed=" + seed + " is owned by thread '"
                    + bound.getName() + "' but was used from '" + current.getName() + "'");
        }
    }

    private void checkDriving(final String operation) {
        checkThread();
        if (running) {
            throw new IllegalStateException(operation + " called from inside a task of this scheduler"
                    + " (tasks must not block or drive the scheduler)");
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new RejectedExecutionException("deterministic scheduler seed=" + seed + " is closed");
        }
    }

    @Override
    public String toString() {
        return "DeterministicScheduler[seed=" + seed + " " + readyOrder + " t=" + nowNanos + "ns]";
    }

    /** A timer; moves to the ready queue when due and runs its task unless cancelled by then. */
    private static final class Timer implements Comparable<Timer>, Runnable {
        final OneShot shot;
        final long due;
        final long tieBreak;
        final long sequence;

        Timer(final Runnable task, final long due, final long tieBreak, final long sequence) {
            this.shot = new OneShot(task);
            this.due = due;
            this.tieBreak = tieBreak;
            this.sequence = sequence;
        }

        @Override
        public void run() {
            shot.run();
        }

        @Override
        public int compareTo(final Timer other) {
            int c = Long.compare(due, other.due);
            if (c == 0) {
                c = Long.compare(tieBreak, other.tieBreak);
            }
            return c != 0 ? c : Long.compare(sequence, other.sequence);
        }
    }
}
