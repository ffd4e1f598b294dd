package org.vmbussim.azblob.vsp.provider;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmbussim.core.sched.OwnedThreads;

/**
 * The provider's own workers: a fixed number of named daemon threads ({@code <name>-worker-<n>}) taking
 * requests from one queue. The queue is bounded in practice by the per-channel limit on requests in
 * flight. {@link #shutdown} stops them (interrupting backends that block) and joins them within a bound,
 * so no thread outlives the provider.
 */
final class WorkerPool implements Executor {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);

    private final String name;
    private final ThreadPoolExecutor executor;
    private final OwnedThreads threads = new OwnedThreads();
    private final AtomicInteger threadNumber = new AtomicInteger();

    WorkerPool(final String name, final int threadCount) {
        this.name = name;
        this.executor = new ThreadPoolExecutor(threadCount, threadCount, 0, TimeUnit.NANOSECONDS,
                new LinkedBlockingQueue<>(), runnable -> {
                    final Thread t = new Thread(runnable, name + "-worker-" + threadNumber.incrementAndGet());
                    t.setDaemon(true);
                    return threads.track(t);
                });
    }

    @Override
    public void execute(final Runnable task) {
        executor.execute(task);
    }

    /**
     * Stops taking tasks, drops queued ones and interrupts running ones (the channels were detached first,
     * so their results would be discarded anyway), then joins every thread within the bound.
     *
     * @param timeout the longest wait
     * @param unit    its unit
     * @return true when every thread has ended
     */
    boolean shutdown(final long timeout, final TimeUnit unit) {
        final List<Runnable> dropped = executor.shutdownNow();
        LOG.debug("{}: worker pool shut down, {} queued requests dropped", name, dropped.size());
        final List<String> alive = threads.joinAll(timeout, unit);
        if (!alive.isEmpty()) {
            LOG.warn("{}: {} worker threads still alive {} ms after shutdown: {}", name, alive.size(),
                    unit.toMillis(timeout), alive);
        }
        return alive.isEmpty();
    }

    int liveThreadCount() {
        return threads.aliveNames().size();
    }

}
