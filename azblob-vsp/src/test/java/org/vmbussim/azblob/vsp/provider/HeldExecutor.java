package org.vmbussim.azblob.vsp.provider;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/** An executor that keeps tasks until the test runs them: requests stay in flight as long as the test wants. */
final class HeldExecutor implements Executor {
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

    @Override
    public synchronized void execute(final Runnable task) {
        tasks.add(task);
    }

    synchronized int size() {
        return tasks.size();
    }

    /** Runs every held task on the calling thread, oldest first. */
    void runAll() {
        for (Runnable t = poll(); t != null; t = poll()) {
            t.run();
        }
    }

    private synchronized Runnable poll() {
        return tasks.poll();
    }
}
