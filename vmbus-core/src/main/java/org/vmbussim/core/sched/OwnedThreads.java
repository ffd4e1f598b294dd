package org.vmbussim.core.sched;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The threads a pool has started, remembered so that its owner can join them within a bound at shutdown and
 * prove none is left behind (the "no threads left" rule: several buses and hosts share one JVM). Give
 * {@link #track} every thread a pool's factory creates.
 *
 * <p>Threading: {@link #track} from the pool's factory, the rest from any thread.
 */
public final class OwnedThreads {
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    /**
     * Remembers a thread the pool has just created.
     *
     * @param thread the new thread
     * @return the same thread, for use as a factory's result
     */
    public Thread track(final Thread thread) {
        threads.add(thread);
        return thread;
    }

    /**
     * Joins every thread, all of them within one deadline; an interrupt ends the wait early (and is kept).
     *
     * @param timeout the longest wait in all
     * @param unit    its unit
     * @return the names of the threads still alive afterwards; empty when all have ended
     */
    public List<String> joinAll(final long timeout, final TimeUnit unit) {
        final long deadline = System.nanoTime() + unit.toNanos(timeout);
        try {
            for (final Thread t : threads) {
                final long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remainingMillis > 0) {
                    t.join(remainingMillis);
                }
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return aliveNames();
    }

    /**
     * How many threads were tracked, alive or not.
     *
     * @return the count
     */
    public int count() {
        return threads.size();
    }

    /**
     * The names of the tracked threads that are alive now.
     *
     * @return names, in creation order
     */
    public List<String> aliveNames() {
        final List<String> names = new ArrayList<>();
        for (final Thread t : threads) {
            if (t.isAlive()) {
                names.add(t.getName());
            }
        }
        return names;
    }
}
