package org.vmbussim.core.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class OneShotTest {

    @Test
    void runsAtMostOnce() {
        final AtomicInteger runs = new AtomicInteger();
        final OneShot shot = new OneShot(runs::incrementAndGet);
        assertTrue(shot.isPending());
        shot.run();
        shot.run();
        assertEquals(1, runs.get());
        assertFalse(shot.isPending());
        assertFalse(shot.cancel());
    }

    @Test
    void cancelledBeforeStartNeverRuns() {
        final AtomicInteger runs = new AtomicInteger();
        final OneShot shot = new OneShot(runs::incrementAndGet);
        assertTrue(shot.cancel());
        assertFalse(shot.cancel());
        shot.run();
        assertEquals(0, runs.get());
    }

    @Test
    void racingRunAndCancelAgreeOnOneOutcome() throws Exception {
        final ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 500; i++) {
                final AtomicInteger runs = new AtomicInteger();
                final OneShot shot = new OneShot(runs::incrementAndGet);
                final CountDownLatch go = new CountDownLatch(1);
                final Future<?> runner = pool.submit(() -> {
                    go.await();
                    shot.run();
                    return null;
                });
                final Future<Boolean> canceller = pool.submit(() -> {
                    go.await();
                    return shot.cancel();
                });
                go.countDown();
                runner.get(10, TimeUnit.SECONDS);
                final boolean cancelled = canceller.get(10, TimeUnit.SECONDS);
                assertEquals(cancelled ? 0 : 1, runs.get(), "iteration " + i);
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
    }
}
