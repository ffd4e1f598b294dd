package org.vmbussim.core.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ThreadedSchedulerTest {
    private final ThreadedScheduler scheduler = new ThreadedScheduler("test-sched", 2);

    @AfterEach
    void closesAllItsThreads() {
        scheduler.close();
        assertEquals(0, scheduler.liveThreadCount(), "threads left behind");
    }

    @Test
    void tasksRunOnItsNamedDaemonThreads() throws Exception {
        final Set<String> names = ConcurrentHashMap.newKeySet();
        final CountDownLatch bothBusy = new CountDownLatch(2);
        final CompletableFuture<Boolean> daemon = new CompletableFuture<>();
        for (int i = 0; i < 2; i++) {
            scheduler.execute(() -> {
                names.add(Thread.currentThread().getName());
                daemon.complete(Thread.currentThread().isDaemon());
                bothBusy.countDown();
                try {
                    // Hold the thread so the second task must run on the other worker.
                    bothBusy.await(10, TimeUnit.SECONDS);
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        assertTrue(bothBusy.await(10, TimeUnit.SECONDS));
        assertTrue(scheduler.await(daemon, 10, TimeUnit.SECONDS));
        assertEquals(Set.of("test-sched-1", "test-sched-2"), names);
        assertEquals(2, scheduler.liveThreadCount());
    }

    @Test
    void delayedTasksDoNotRunEarly() throws Exception {
        final long start = scheduler.nanoTime();
        final CompletableFuture<Long> ranAt = new CompletableFuture<>();
        scheduler.schedule(() -> ranAt.complete(scheduler.nanoTime()), 20, TimeUnit.MILLISECONDS);
        assertTrue(scheduler.await(ranAt, 10, TimeUnit.SECONDS) - start >= TimeUnit.MILLISECONDS.toNanos(20));
    }

    @Test
    void cancelReportsWhetherTheTaskWasStillPending() throws Exception {
        final AtomicBoolean cancelledRan = new AtomicBoolean();
        final Cancellable pending = scheduler.schedule(() -> cancelledRan.set(true), 1, TimeUnit.HOURS);
        assertTrue(pending.cancel());
        assertFalse(pending.cancel());
        final CompletableFuture<Void> done = new CompletableFuture<>();
        final Cancellable ran = scheduler.schedule(() -> done.complete(null), 0, TimeUnit.SECONDS);
        scheduler.await(done, 10, TimeUnit.SECONDS);
        assertFalse(ran.cancel());
        assertFalse(cancelledRan.get());
    }

    @Test
    void awaitTimesOutAndReportsFailures() {
        assertThrows(TimeoutException.class,
                () -> scheduler.await(new CompletableFuture<>(), 20, TimeUnit.MILLISECONDS));
        final CompletableFuture<String> failing = new CompletableFuture<>();
        scheduler.execute(() -> failing.completeExceptionally(new IllegalStateException("boom")));
        final ExecutionException e = assertThrows(ExecutionException.class,
                () -> scheduler.await(failing, 10, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, e.getCause());
    }

    @Test
    void awaitOnAWorkerThreadIsRefused() throws Exception {
        final CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        scheduler.execute(() -> {
            try {
                scheduler.await(new CompletableFuture<>(), 1, TimeUnit.SECONDS);
                outcome.complete(null);
            } catch (final IllegalStateException | InterruptedException | ExecutionException | TimeoutException e) {
                outcome.complete(e);
            }
        });
        assertInstanceOf(IllegalStateException.class, scheduler.await(outcome, 10, TimeUnit.SECONDS));
    }

    @Test
    void aThrowingTaskIsRecordedAndTheWorkersCarryOn() throws Exception {
        final RuntimeException failure = new RuntimeException("task failure (expected by the test)");
        for (int i = 0; i < 4; i++) {
            scheduler.execute(() -> {
                throw failure;
            });
        }
        final CompletableFuture<String> after = new CompletableFuture<>();
        // Both workers have to survive: run a barrier task on each.
        final CountDownLatch both = new CountDownLatch(2);
        for (int i = 0; i < 2; i++) {
            scheduler.execute(() -> {
                both.countDown();
                try {
                    if (both.await(10, TimeUnit.SECONDS)) {
                        after.complete("alive");
                    }
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        assertEquals("alive", scheduler.await(after, 10, TimeUnit.SECONDS));
        assertEquals(4, scheduler.uncaughtErrorCount());
        assertEquals(4, scheduler.uncaughtErrors().size());
        assertEquals(2, scheduler.liveThreadCount());
    }

    @Test
    void closeStopsTheThreadsDropsPendingWorkAndRejectsMore() {
        final AtomicBoolean ran = new AtomicBoolean();
        scheduler.schedule(() -> ran.set(true), 1, TimeUnit.HOURS);
        assertTrue(scheduler.shutdown(10, TimeUnit.SECONDS));
        assertEquals(0, scheduler.liveThreadCount());
        assertTrue(scheduler.isClosed());
        assertFalse(ran.get());
        assertThrows(RejectedExecutionException.class, () -> scheduler.execute(() -> { }));
        assertThrows(RejectedExecutionException.class, () -> scheduler.schedule(() -> { }, 1, TimeUnit.SECONDS));
    }

    /** Occupies every worker of a scheduler until released, so only a helping caller can run new tasks. */
    private static CountDownLatch blockWorkers(final ThreadedScheduler s, final int workers) throws Exception {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch busy = new CountDownLatch(workers);
        for (int i = 0; i < workers; i++) {
            s.execute(() -> {
                busy.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        assertTrue(busy.await(10, TimeUnit.SECONDS), "workers busy");
        return release;
    }

    @Test
    void aWaitingCallerRunsReadyTasksItselfWhileTheWorkersAreBusy() throws Exception {
        final CountDownLatch release = blockWorkers(scheduler, 2);
        try {
            final CompletableFuture<String> ranOn = new CompletableFuture<>();
            scheduler.execute(() -> ranOn.complete(Thread.currentThread().getName()));
            assertEquals(Thread.currentThread().getName(), scheduler.await(ranOn, 10, TimeUnit.SECONDS));
        } finally {
            release.countDown();
        }
    }

    @Test
    void withoutSpinTheCallerParksAtOnceAndRunsNothing() throws Exception {
        final ThreadedScheduler parking = new ThreadedScheduler("park-sched", 1, 0);
        try {
            assertEquals(0, parking.spinNanos());
            final CountDownLatch release = blockWorkers(parking, 1);
            final CompletableFuture<String> ranOn = new CompletableFuture<>();
            parking.execute(() -> ranOn.complete(Thread.currentThread().getName()));
            assertThrows(TimeoutException.class, () -> parking.await(ranOn, 50, TimeUnit.MILLISECONDS));
            release.countDown();
            assertEquals("park-sched-1", parking.await(ranOn, 10, TimeUnit.SECONDS));
        } finally {
            parking.close();
        }
        assertEquals(0, parking.liveThreadCount());
        assertThrows(IllegalArgumentException.class, () -> new ThreadedScheduler("x", 1, -1));
    }

    @Test
    void theTimeoutHoldsWhileTheCallerKeepsFindingWork() throws Exception {
        // A task that queues itself again forever: a helping caller always has work, never goes idle.
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicReference<Runnable> again = new AtomicReference<>();
        again.set(() -> {
            if (!stop.get()) {
                scheduler.execute(again.get());
            }
        });
        scheduler.execute(again.get());
        try {
            final long start = System.nanoTime();
            assertThrows(TimeoutException.class,
                    () -> scheduler.await(new CompletableFuture<>(), 50, TimeUnit.MILLISECONDS));
            final long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(elapsedMillis >= 50 && elapsedMillis < 5_000, "waited " + elapsedMillis + " ms");
        } finally {
            stop.set(true);
        }
    }

    @Test
    void anInterruptedCallerStopsHelpingAndGetsInterruptedException() {
        Thread.currentThread().interrupt();
        try {
            assertThrows(InterruptedException.class,
                    () -> scheduler.await(new CompletableFuture<>(), 10, TimeUnit.SECONDS));
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aTaskRunByAHelpingCallerMayNotAwait() throws Exception {
        final CountDownLatch release = blockWorkers(scheduler, 2);
        try {
            final CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            scheduler.execute(() -> {
                try {
                    scheduler.await(new CompletableFuture<>(), 1, TimeUnit.SECONDS);
                    outcome.complete(null);
                } catch (final IllegalStateException | InterruptedException | ExecutionException
                        | TimeoutException e) {
                    outcome.complete(e);
                }
            });
            assertInstanceOf(IllegalStateException.class, scheduler.await(outcome, 10, TimeUnit.SECONDS));
        } finally {
            release.countDown();
        }
    }

    @Test
    void tasksQueuedWhileACallerSpinsStillRunAfterItLeaves() throws Exception {
        // The caller spins on a future that completes with no help; tasks queued meanwhile must not be stranded.
        final int tasks = 2_000;
        final CountDownLatch allRan = new CountDownLatch(tasks);
        final Thread producer = new Thread(() -> {
            for (int i = 0; i < tasks; i++) {
                scheduler.execute(allRan::countDown);
                if (i % 50 == 0) {
                    Thread.yield();
                }
            }
        }, "producer");
        producer.start();
        for (int i = 0; i < 200 && allRan.getCount() > 0; i++) {
            final CompletableFuture<Void> soon = new CompletableFuture<>();
            scheduler.schedule(() -> soon.complete(null), 100, TimeUnit.MICROSECONDS);
            scheduler.await(soon, 10, TimeUnit.SECONDS);
        }
        producer.join(10_000);
        assertTrue(allRan.await(10, TimeUnit.SECONDS), allRan.getCount() + " tasks never ran");
    }

    @Test
    void closeWhileACallerHelpsStopsTheThreadsAndTheCallerStillTimesOut() throws Exception {
        final CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        final Thread caller = new Thread(() -> {
            try {
                scheduler.await(new CompletableFuture<>(), 300, TimeUnit.MILLISECONDS);
                outcome.complete(null);
            } catch (final InterruptedException | ExecutionException | TimeoutException e) {
                outcome.complete(e);
            }
        }, "helping-caller");
        caller.start();
        final AtomicBoolean ranAfterClose = new AtomicBoolean();
        assertTrue(scheduler.shutdown(10, TimeUnit.SECONDS));
        assertEquals(0, scheduler.liveThreadCount());
        assertThrows(RejectedExecutionException.class, () -> scheduler.execute(() -> ranAfterClose.set(true)));
        assertInstanceOf(TimeoutException.class, outcome.get(10, TimeUnit.SECONDS));
        caller.join(10_000);
        assertFalse(caller.isAlive());
        assertFalse(ranAfterClose.get());
    }

    @Test
    void timersFireInDeadlineOrderNeverEarlyAndAnEarlierOneOvertakesTheArmedTick() throws Exception {
        final java.util.List<Integer> order = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        final CountDownLatch fired = new CountDownLatch(3);
        final long start = scheduler.nanoTime();
        final java.util.concurrent.atomic.AtomicLong earliestRun = new java.util.concurrent.atomic.AtomicLong();
        final Cancellable late = scheduler.schedule(() -> order.add(0), 1, TimeUnit.HOURS);
        scheduler.schedule(() -> {
            order.add(2);
            fired.countDown();
        }, 60, TimeUnit.MILLISECONDS);
        scheduler.schedule(() -> {
            earliestRun.set(scheduler.nanoTime() - start);
            order.add(1);
            fired.countDown();
        }, 20, TimeUnit.MILLISECONDS);
        final Cancellable cancelled = scheduler.schedule(() -> order.add(9), 40, TimeUnit.MILLISECONDS);
        assertTrue(cancelled.cancel());
        scheduler.schedule(() -> {
            order.add(3);
            fired.countDown();
        }, Long.MAX_VALUE, TimeUnit.NANOSECONDS).cancel();
        scheduler.schedule(fired::countDown, 80, TimeUnit.MILLISECONDS);
        assertTrue(fired.await(10, TimeUnit.SECONDS));
        assertEquals(java.util.List.of(1, 2), order.subList(0, 2));
        assertTrue(earliestRun.get() >= TimeUnit.MILLISECONDS.toNanos(20), "ran after " + earliestRun.get() + " ns");
        assertTrue(late.cancel(), "the hour-long timer is still pending");
        assertFalse(order.contains(9));
    }

    @Test
    void manyTimersArmedAndCancelledLeaveOnlyTheLiveOnesToFire() throws Exception {
        final int count = 2_000;
        final CountDownLatch live = new CountDownLatch(count / 2);
        final java.util.concurrent.atomic.AtomicInteger cancelledRan = new java.util.concurrent.atomic.AtomicInteger();
        int cancelledTooLate = 0;
        for (int i = 0; i < count; i++) {
            final boolean keep = i % 2 == 0;
            final Cancellable c = scheduler.schedule(keep ? live::countDown : cancelledRan::incrementAndGet,
                    1 + i % 7, TimeUnit.MILLISECONDS);
            // cancel() is true only for a timer that will never run; false only for one that already fired
            // (a loaded machine can pause this thread past a 1 ms deadline between the two calls).
            if (!keep && !c.cancel()) {
                cancelledTooLate++;
            }
        }
        assertTrue(live.await(10, TimeUnit.SECONDS), live.getCount() + " live timers never fired");
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (cancelledRan.get() < cancelledTooLate && System.nanoTime() < deadline) {
            Thread.sleep(1); // a tick may still be running the later due timers of its batch
        }
        Thread.sleep(20); // past every deadline armed: a wrongly kept timer would have run by now
        assertEquals(cancelledTooLate, cancelledRan.get(), "only the timers cancel() said had fired ran");
    }

    @Test
    @SuppressWarnings("try")
    void tasksPostedUnderAnIntentWaitForTheCallerAndAClosedIntentHandsThemToAWorker() throws Exception {
        final CompletableFuture<String> ranOn = new CompletableFuture<>();
        try (Scheduler.WaitIntent intent = scheduler.intendToAwait()) {
            assertTrue(intent != Scheduler.WaitIntent.NONE);
            assertEquals(Scheduler.WaitIntent.NONE, scheduler.intendToAwait(), "one intent per thread");
            scheduler.execute(() -> ranOn.complete(Thread.currentThread().getName()));
            assertEquals(Thread.currentThread().getName(), scheduler.await(ranOn, 10, TimeUnit.SECONDS),
                    "no worker was woken: the announced caller ran it");
        }
        final CompletableFuture<String> afterClose = new CompletableFuture<>();
        final Scheduler.WaitIntent abandoned = scheduler.intendToAwait();
        scheduler.execute(() -> afterClose.complete(Thread.currentThread().getName()));
        abandoned.close();
        abandoned.close();
        assertTrue(afterClose.get(10, TimeUnit.SECONDS).startsWith("test-sched-"), "a worker took it");
        // An await that does not help (the future is done) still ends the intent.
        final Scheduler.WaitIntent ended = scheduler.intendToAwait();
        assertEquals("done", scheduler.await(CompletableFuture.completedFuture("done"), 1, TimeUnit.SECONDS));
        final CompletableFuture<String> later = new CompletableFuture<>();
        scheduler.execute(() -> later.complete(Thread.currentThread().getName()));
        assertTrue(later.get(10, TimeUnit.SECONDS).startsWith("test-sched-"));
        ended.close();
        final ThreadedScheduler parking = new ThreadedScheduler("park-intent", 1, 0);
        try {
            assertEquals(Scheduler.WaitIntent.NONE, parking.intendToAwait(), "no spin, no intent");
        } finally {
            parking.close();
        }
    }

    @Test
    @SuppressWarnings("try")
    void aTaskPostedByATaskTheCallerRunsWaitsForTheCallerInsteadOfWakingAWorker() throws Exception {
        final CompletableFuture<String> secondRanOn = new CompletableFuture<>();
        try (Scheduler.WaitIntent intent = scheduler.intendToAwait()) {
            scheduler.execute(() -> {
                scheduler.execute(() -> secondRanOn.complete(Thread.currentThread().getName()));
                // Still busy: a worker woken for the second task would take it meanwhile.
                sleepMillis(30);
            });
            assertEquals(Thread.currentThread().getName(), scheduler.await(secondRanOn, 10, TimeUnit.SECONDS));
        }
    }

    @Test
    void aTaskPostedByAWorkersTaskRunsNextOnThatWorker() throws Exception {
        final CompletableFuture<String> firstRanOn = new CompletableFuture<>();
        final CompletableFuture<String> secondRanOn = new CompletableFuture<>();
        scheduler.execute(() -> {
            firstRanOn.complete(Thread.currentThread().getName());
            scheduler.execute(() -> secondRanOn.complete(Thread.currentThread().getName()));
            sleepMillis(30);
        });
        // Plain get: this thread must not help, the point is which worker runs the second task.
        assertEquals(firstRanOn.get(10, TimeUnit.SECONDS), secondRanOn.get(10, TimeUnit.SECONDS));
    }

    @Test
    void twoTasksPostedByOneTaskStillRunInParallel() throws Exception {
        final CyclicBarrier bothRunning = new CyclicBarrier(2);
        final CountDownLatch met = new CountDownLatch(2);
        final Runnable meet = () -> {
            try {
                bothRunning.await(10, TimeUnit.SECONDS);
                met.countDown();
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (final BrokenBarrierException | TimeoutException e) {
                // left at the count: the assertion below fails
            }
        };
        scheduler.execute(() -> {
            scheduler.execute(meet);
            scheduler.execute(meet);
        });
        assertTrue(met.await(10, TimeUnit.SECONDS), "the two tasks never ran at the same time");
    }

    @Test
    void timersStillFireWhileTheOnlyWorkerRunsAnEndlessChainOfTasks() throws Exception {
        final ThreadedScheduler single = new ThreadedScheduler("chain-sched", 1);
        final AtomicBoolean stop = new AtomicBoolean();
        try {
            // Each task posts the next from the worker, which takes it itself: no other wake-up ever happens.
            final AtomicReference<Runnable> again = new AtomicReference<>();
            again.set(() -> {
                if (!stop.get()) {
                    single.execute(again.get());
                }
            });
            single.execute(again.get());
            final CompletableFuture<Void> fired = new CompletableFuture<>();
            single.schedule(() -> fired.complete(null), 20, TimeUnit.MILLISECONDS);
            fired.get(10, TimeUnit.SECONDS);
        } finally {
            stop.set(true);
            single.close();
        }
        assertEquals(0, single.liveThreadCount());
    }

    private static void sleepMillis(final long millis) {
        try {
            Thread.sleep(millis);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void eachInstanceOwnsItsThreads() {
        final ThreadedScheduler other = new ThreadedScheduler("other-sched", 3);
        try {
            assertEquals(3, other.liveThreadCount());
            assertEquals(2, scheduler.liveThreadCount());
        } finally {
            other.close();
        }
        assertEquals(0, other.liveThreadCount());
        assertEquals(2, scheduler.liveThreadCount());
        assertThrows(IllegalArgumentException.class, () -> new ThreadedScheduler("x", 0));
        assertThrows(IllegalArgumentException.class, () -> new ThreadedScheduler("", 1));
    }
}
