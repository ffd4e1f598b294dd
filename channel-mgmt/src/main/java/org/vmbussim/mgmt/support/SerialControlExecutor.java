package org.vmbussim.mgmt.support;

import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmbussim.mgmt.spi.Cancellable;
import org.vmbussim.mgmt.spi.ControlExecutor;

/**
 * Makes any executor meet the {@link ControlExecutor} contract of one task at a time, in submission order: tasks go
 * into a queue that at most one drain task of the underlying executor empties at a time (the pattern of Guava's
 * {@code SequentialExecutor}). Use it over a thread pool; a single-threaded or deterministic executor needs no
 * wrapper.
 *
 * <p><b>Ordering.</b> The queue hand-off and the {@code draining} flag give happens-before from each task to the
 * next: a task's writes are published by the queue's and the flag's volatile accesses before the next task is
 * taken.
 */
public final class SerialControlExecutor implements ControlExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(SerialControlExecutor.class);

    private final ControlExecutor delegate;
    private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();

    /**
     * Wraps an executor.
     *
     * @param delegate runs the drain tasks and the timers; may be concurrent
     */
    public SerialControlExecutor(final ControlExecutor delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public void execute(final Runnable task) {
        queue.add(Objects.requireNonNull(task, "task"));
        scheduleDrain();
    }

    @Override
    public Cancellable schedule(final Runnable task, final long delay, final TimeUnit unit) {
        final AtomicBoolean state = new AtomicBoolean();
        // state: false = waiting, true = cancelled or handed to the queue; whoever flips it first wins.
        final Cancellable timer = delegate.schedule(() -> {
            if (state.compareAndSet(false, true)) {
                execute(task);
            }
        }, delay, unit);
        return () -> {
            if (state.compareAndSet(false, true)) {
                timer.cancel();
                return true;
            }
            return false;
        };
    }

    @Override
    public long nanoTime() {
        return delegate.nanoTime();
    }

    private void scheduleDrain() {
        if (draining.compareAndSet(false, true)) {
            delegate.execute(this::drain);
        }
    }

    private void drain() {
        try {
            Runnable task;
            while ((task = queue.poll()) != null) {
                try {
                    task.run();
                } catch (final RuntimeException e) {
                    LOG.warn("control task failed", e);
                }
            }
        } finally {
            draining.set(false);
            // A task added after poll() saw an empty queue but before the flag was cleared needs a new drain.
            if (!queue.isEmpty()) {
                scheduleDrain();
            }
        }
    }
}
