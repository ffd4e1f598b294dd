package org.vmbussim.mgmt.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vmbussim.mgmt.spi.Cancellable;
import org.vmbussim.mgmt.spi.ControlExecutor;

class SerialControlExecutorTest {
    private final ScheduledExecutorService pool = Executors.newScheduledThreadPool(4);
    private final ControlExecutor concurrent = new ControlExecutor() {
        @Override
        public void execute(final Runnable task) {
            pool.execute(task);
        }

        @Override
        public Cancellable schedule(final Runnable task, final long delay, final TimeUnit unit) {
            final ScheduledFuture<?> f = pool.schedule(task, delay, unit);
            return () -> f.cancel(false);
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }
    };

    @AfterEach
    void noThreadsLeft() throws InterruptedException {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }

    @Test
    void tasksRunOneAtATimeInSubmissionOrder() throws InterruptedException {
        final SerialControlExecutor serial = new SerialControlExecutor(concurrent);
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger overlaps = new AtomicInteger();
        final List<Integer> order = new ArrayList<>();
        final int n = 20_000;
        final CountDownLatch done = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            final int id = i;
            serial.execute(() -> {
                if (running.incrementAndGet() != 1) {
                    overlaps.incrementAndGet();
                }
                order.add(id);
                running.decrementAndGet();
                done.countDown();
            });
        }
        assertTrue(done.await(30, TimeUnit.SECONDS));
        assertEquals(0, overlaps.get());
        for (int i = 0; i < n; i++) {
            assertEquals(i, order.get(i));
        }
    }

    @Test
    void aCancelledTimerNeverRunsAndCancelReportsWhoWon() throws InterruptedException {
        final SerialControlExecutor serial = new SerialControlExecutor(concurrent);
        final AtomicInteger ran = new AtomicInteger();
        final Cancellable c = serial.schedule(ran::incrementAndGet, 1, TimeUnit.HOURS);
        assertTrue(c.cancel());
        assertFalse(c.cancel());
        final CountDownLatch fired = new CountDownLatch(1);
        final Cancellable soon = serial.schedule(fired::countDown, 1, TimeUnit.MILLISECONDS);
        assertTrue(fired.await(10, TimeUnit.SECONDS));
        assertFalse(soon.cancel(), "too late to cancel");
        assertEquals(0, ran.get());
    }
}
