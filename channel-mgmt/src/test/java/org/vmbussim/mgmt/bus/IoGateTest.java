package org.vmbussim.mgmt.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.vmbussim.uapi.Errno;
import org.vmbussim.uapi.Result;

class IoGateTest {

    @Test
    void abortActionsRunInSubmissionOrderSoReplaysAreDeterministic() {
        final IoGate gate = new IoGate("test");
        final List<Integer> aborted = new ArrayList<>();
        final List<IoTicket> tickets = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            final int n = i;
            tickets.add(gate.enter(() -> aborted.add(n)).orThrow());
        }
        assertTrue(tickets.get(10).finish());
        gate.close();
        assertEquals(49, gate.abortAll());
        final List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            if (i != 10) {
                expected.add(i);
            }
        }
        assertEquals(expected, aborted);
    }

    @Test
    void closedGateRefusesNewIoAndGoesIdleWhenTheLastFinishes() {
        final IoGate gate = new IoGate("test");
        final IoTicket a = gate.enter(() -> { }).orThrow();
        final IoTicket b = gate.enter(() -> { }).orThrow();
        final CompletableFuture<Void> idle = gate.whenIdle();
        assertFalse(idle.isDone(), "an open gate is never idle");
        gate.close();
        assertEquals(Errno.ENODEV, gate.enter(() -> { }).errnoOrNull());
        assertTrue(a.finish());
        assertFalse(a.finish());
        assertFalse(idle.isDone());
        assertTrue(b.finish());
        assertTrue(idle.isDone());
        gate.reopen();
        assertTrue(gate.isOpen());
    }

    @Test
    void abortRunsEachActionOnceAndLaterFinishesReturnFalse() {
        final IoGate gate = new IoGate("test");
        final AtomicInteger aborted = new AtomicInteger();
        final IoTicket t = gate.enter(aborted::incrementAndGet).orThrow();
        gate.enter(aborted::incrementAndGet).orThrow();
        gate.close();
        assertEquals(2, gate.abortAll());
        assertEquals(0, gate.abortAll());
        assertEquals(2, aborted.get());
        assertFalse(t.finish());
        assertTrue(gate.whenIdle().isDone());
    }

    @Test
    void reopenWithIoStillOutIsABug() {
        final IoGate gate = new IoGate("test");
        gate.enter(() -> { }).orThrow();
        gate.close();
        assertThrows(IllegalStateException.class, gate::reopen);
    }

    /**
     * Submitters race a remover: every submission either fails with ENODEV or is counted before the remover's
     * close returns, so after close+idle nothing can be in flight (RELIABILITY.md V8).
     */
    @Test
    void noSubmissionSlipsInAfterTheRemoverSawIdle() throws Exception {
        final long seed = new Random().nextLong();
        final Random random = new Random(seed);
        for (int round = 0; round < 50; round++) {
            final IoGate gate = new IoGate("race");
            final AtomicBoolean drained = new AtomicBoolean();
            final AtomicInteger lateEntries = new AtomicInteger();
            final CountDownLatch start = new CountDownLatch(1);
            final List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                final int spins = 50 + random.nextInt(200);
                final Thread th = new Thread(() -> {
                    try {
                        start.await();
                    } catch (final InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    for (int i = 0; i < spins; i++) {
                        final Result<IoTicket> r = gate.enter(() -> { });
                        if (r.isOk()) {
                            if (drained.get()) {
                                lateEntries.incrementAndGet();
                            }
                            r.orThrow().finish();
                        }
                    }
                }, "submitter-" + t);
                threads.add(th);
                th.start();
            }
            start.countDown();
            gate.close();
            gate.whenIdle().get(10, TimeUnit.SECONDS);
            drained.set(true);
            for (final Thread th : threads) {
                th.join(TimeUnit.SECONDS.toMillis(10));
                assertFalse(th.isAlive(), "thread left behind");
            }
            assertEquals(0, lateEntries.get(), "seed " + seed);
            assertEquals(0, gate.inFlight(), "seed " + seed);
        }
    }
}
