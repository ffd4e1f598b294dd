package org.vmbussim.mgmt.sim;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.vmbussim.core.sched.DeterministicScheduler;
import org.vmbussim.core.sched.Scheduler;
import org.vmbussim.mgmt.spi.Cancellable;
import org.vmbussim.mgmt.spi.ControlExecutor;
import org.vmbussim.mgmt.support.SerialControlExecutor;

/** The control plane's executor over a vmbus-core {@link Scheduler}. */
public final class SchedulerControlExecutor implements ControlExecutor {
    private final Scheduler scheduler;

    private SchedulerControlExecutor(final Scheduler scheduler) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    /**
     * A serial control executor over a scheduler: the deterministic scheduler is serial already; a
     * threaded one is wrapped so control tasks run one at a time, in order, as the control plane requires.
     *
     * @param scheduler the scheduler
     * @return the executor
     */
    public static ControlExecutor serialOver(final Scheduler scheduler) {
        final SchedulerControlExecutor adapter = new SchedulerControlExecutor(scheduler);
        return scheduler instanceof DeterministicScheduler ? adapter : new SerialControlExecutor(adapter);
    }

    @Override
    public void execute(final Runnable task) {
        scheduler.execute(task);
    }

    @Override
    public Cancellable schedule(final Runnable task, final long delay, final TimeUnit unit) {
        return scheduler.schedule(task, delay, unit)::cancel;
    }

    @Override
    public long nanoTime() {
        return scheduler.nanoTime();
    }
}
