package org.vmbussim.core.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeterministicSchedulerTest {
    private final DeterministicScheduler scheduler = new DeterministicScheduler(42);
    private final List<String> ran = new ArrayList<>();

    @Test
    void readyTasksRunFifoIncludingTasksTheySubmit() {
        scheduler.execute(() -> {
            ran.add("a");
            scheduler.execute(() -> ran.add("d"));
        });
        scheduler.execute(() -> ran.add("b"));
        scheduler.execute(() -> ran.add("c"));
        assertEquals(3, scheduler.readyTaskCount());
        assertTrue(scheduler.runOne());
        assertEquals(List.of("a"), ran);
        assertEquals(3, scheduler.runUntilIdle());
        assertEquals(List.of("a", "b", "c", "d"), ran);
        assertFalse(scheduler.runOne());
        assertTrue(scheduler.isIdle());
    }

    @Test
    void runUntilIdleDoesNotAdvanceTheClock() {
        scheduler.schedule(() -> ran.add("timer"), 1, TimeUnit.NANOSECONDS);
        scheduler.schedule(() -> ran.add("now"), 0, TimeUnit.SECONDS);
        scheduler.schedule(() -> ran.add("negative"), -5, TimeUnit.SECONDS);
        assertEquals(2, scheduler.runUntilIdle());
        assertEquals(List.of("now", "negative"), ran);
        assertEquals(0, scheduler.nanoTime());
        assertEquals(1, scheduler.pendingTimerCount());
    }

    @Test
    void advanceByRunsTimersInDueOrderWithTheClockAtEachDueTime() {
        scheduler.schedule(() -> ran.add("30@" + scheduler.nanoTime()), 30, TimeUnit.MILLISECONDS);
        scheduler.schedule(() -> ran.add("10@" + scheduler.nanoTime()), 10, TimeUnit.MILLISECONDS);
        scheduler.schedule(() -> ran.add("10b@" + scheduler.nanoTime()), 10, TimeUnit.MILLISECONDS);
        scheduler.schedule(() -> {
            ran.add("20@" + scheduler.nanoTime());
            scheduler.schedule(() -> ran.add("25@" + scheduler.nanoTime()), 5, TimeUnit.MILLISECONDS);
        }, 20, TimeUnit.MILLISECONDS);
        scheduler.schedule(() -> ran.add("late"), 31, TimeUnit.MILLISECONDS);
        scheduler.execute(() -> ran.add("ready@" + scheduler.nanoTime()));
        assertEquals(6, scheduler.advanceBy(30, TimeUnit.MILLISECONDS));
        assertEquals(List.of("ready@0", "10@10000000", "10b@10000000", "20@20000000", "25@25000000", "30@30000000"),
                ran);
        assertEquals(30_000_000, scheduler.nanoTime());
        assertEquals(1, scheduler.pendingTimerCount());
        scheduler.advanceBy(0, TimeUnit.SECONDS);
        assertEquals(6, ran.size());
        assertThrows(IllegalArgumentException.class, () -> scheduler.advanceBy(-1, TimeUnit.NANOSECONDS));
    }

    @Test
    void runUntilIdleAdvancingTimeStopsAtTheLastTimerInTheWindow() {
        scheduler.schedule(() -> ran.add("5"), 5, TimeUnit.SECONDS);
        scheduler.schedule(() -> ran.add("7"), 7, TimeUnit.SECONDS);
        scheduler.schedule(() -> ran.add("20"), 20, TimeUnit.SECONDS);
        assertEquals(2, scheduler.runUntilIdleAdvancingTime(TimeUnit.SECONDS.toNanos(10)));
        assertEquals(List.of("5", "7"), ran);
        assertEquals(TimeUnit.SECONDS.toNanos(7), scheduler.nanoTime());
        assertThrows(IllegalArgumentException.class, () -> scheduler.runUntilIdleAdvancingTime(-1));
    }

    @Test
    void cancelReportsWhetherTheTimerWasStillPending() {
        final Cancellable early = scheduler.schedule(() -> ran.add("early"), 1, TimeUnit.SECONDS);
        final Cancellable kept = scheduler.schedule(() -> ran.add("kept"), 1, TimeUnit.SECONDS);
        assertTrue(early.cancel());
        assertFalse(early.cancel());
        scheduler.advanceBy(2, TimeUnit.SECONDS);
        assertEquals(List.of("kept"), ran);
        assertFalse(kept.cancel(), "already ran");
    }

    @Test
    void aTimerCancelledByAnEarlierTaskDueAtTheSameInstantDoesNotRun() {
        final List<Cancellable> later = new ArrayList<>();
        scheduler.schedule(() -> {
            ran.add("first");
            ran.add("cancelled=" + later.get(0).cancel());
        }, 1, TimeUnit.SECONDS);
        later.add(scheduler.schedule(() -> ran.add("second"), 1, TimeUnit.SECONDS));
        assertEquals(1, scheduler.advanceBy(1, TimeUnit.SECONDS));
        assertEquals(List.of("first", "cancelled=true"), ran);
        assertTrue(scheduler.isIdle());
    }

    @Test
    void awaitPumpsTasksAndTimersOnTheCallingThread() throws Exception {
        final CompletableFuture<String> reply = new CompletableFuture<>();
        scheduler.execute(() -> scheduler.schedule(() -> reply.complete("pong"), 5, TimeUnit.MILLISECONDS));
        scheduler.schedule(() -> ran.add("after the reply"), 50, TimeUnit.MILLISECONDS);
        assertEquals("pong", scheduler.await(reply, 10, TimeUnit.MILLISECONDS));
        assertEquals(5_000_000, scheduler.nanoTime());
        assertTrue(ran.isEmpty(), "await stops as soon as the future is done");
    }

    @Test
    void awaitTimesOutOnTheManualClock() {
        final CompletableFuture<String> never = new CompletableFuture<>();
        scheduler.schedule(() -> ran.add("inside"), 99, TimeUnit.MILLISECONDS);
        scheduler.schedule(() -> never.complete("too late"), 101, TimeUnit.MILLISECONDS);
        assertThrows(TimeoutException.class, () -> scheduler.await(never, 100, TimeUnit.MILLISECONDS));
        assertEquals(100_000_000, scheduler.nanoTime(), "the clock moves to the deadline");
        assertEquals(List.of("inside"), ran);
        assertFalse(never.isDone());
        assertThrows(TimeoutException.class, () -> scheduler.await(never, 0, TimeUnit.SECONDS));
    }

    @Test
    void awaitReportsAFailedFutureAsExecutionException() {
        final CompletableFuture<String> failing = new CompletableFuture<>();
        scheduler.execute(() -> failing.completeExceptionally(new IllegalStateException("boom")));
        final ExecutionException e = assertThrows(ExecutionException.class,
                () -> scheduler.await(failing, 1, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, e.getCause());
    }

    @Test
    void awaitHonoursInterrupts() {
        Thread.currentThread().interrupt();
        try {
            assertThrows(InterruptedException.class,
                    () -> scheduler.await(new CompletableFuture<>(), 1, TimeUnit.SECONDS));
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void tasksMayNotBlockOrDriveTheScheduler() {
        scheduler.execute(() -> {
            try {
                scheduler.await(new CompletableFuture<>(), 1, TimeUnit.SECONDS);
            } catch (final InterruptedException | ExecutionException | TimeoutException e) {
                throw new AssertionError(e);
            }
        });
        scheduler.execute(scheduler::runUntilIdle);
        scheduler.runUntilIdle();
        assertEquals(2, scheduler.uncaughtErrors().size());
        for (final Throwable t : scheduler.uncaughtErrors()) {
            assertInstanceOf(IllegalStateException.class, t);
        }
    }

    @Test
    void aThrowingTaskIsRecordedAndTheSchedulerCarriesOn() {
        final RuntimeException failure = new RuntimeException("task failure (expected by the test)");
        scheduler.execute(() -> {
            throw failure;
        });
        scheduler.execute(() -> ran.add("next"));
        assertEquals(2, scheduler.runUntilIdle());
        assertEquals(List.of("next"), ran);
        assertEquals(1, scheduler.uncaughtErrors().size());
        assertSame(failure, scheduler.uncaughtErrors().get(0));
        assertTrue(scheduler.transcript().get(0).startsWith("t=0 uncaught"), scheduler.transcript().toString());
    }

    @Test
    void useFromASecondThreadIsRefused() throws Exception {
        scheduler.execute(() -> { });
        final ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            final Future<Throwable> attempt = other.submit(() -> {
                try {
                    scheduler.execute(() -> ran.add("wrong thread"));
                    return null;
                } catch (final IllegalStateException e) {
                    return e;
                }
            });
            assertInstanceOf(IllegalStateException.class, attempt.get(10, TimeUnit.SECONDS));
        } finally {
            other.shutdownNow();
            assertTrue(other.awaitTermination(10, TimeUnit.SECONDS));
        }
        scheduler.runUntilIdle();
        assertTrue(ran.isEmpty());
    }

    @Test
    void closeDropsPendingWorkAndRejectsMore() {
        scheduler.execute(() -> ran.add("dropped"));
        scheduler.schedule(() -> ran.add("dropped too"), 1, TimeUnit.SECONDS);
        scheduler.close();
        scheduler.close();
        assertEquals(0, scheduler.advanceBy(2, TimeUnit.SECONDS));
        assertTrue(ran.isEmpty());
        assertThrows(RejectedExecutionException.class, () -> scheduler.execute(() -> { }));
        assertThrows(RejectedExecutionException.class, () -> scheduler.schedule(() -> { }, 1, TimeUnit.SECONDS));
    }

    // ----------------------------------------------------------------------------------- reproducibility

    @ParameterizedTest(name = "seed={0}")
    @ValueSource(longs = {1, 2, 1234567})
    void sameSeedSameTranscript(final long seed) {
        final List<String> first = runScenario(seed);
        final List<String> second = runScenario(seed);
        assertEquals(first, second, "seed=" + seed);
        assertTrue(first.size() > 100, "scenario too small: " + first.size());
    }

    @Test
    void differentSeedsExploreDifferentOrders() {
        assertNotEquals(runScenario(1), runScenario(2));
    }

    @Test
    void fifoModeIgnoresTheSeed() {
        assertEquals(runFifoScenario(1), runFifoScenario(99));
    }

    /** Workers that log, submit tasks and set timers whose delays come from the scheduler's own run. */
    private static List<String> runScenario(final long seed) {
        final DeterministicScheduler s = new DeterministicScheduler(seed, DeterministicScheduler.ReadyOrder.SHUFFLED);
        final Random inputs = new Random(7); // same inputs for every seed: only the scheduling differs
        for (int w = 0; w < 8; w++) {
            final int worker = w;
            s.execute(() -> step(s, inputs, worker, 0));
        }
        s.runUntilIdleAdvancingTime(TimeUnit.SECONDS.toNanos(10));
        return s.transcript();
    }

    private static void step(final DeterministicScheduler s, final Random inputs, final int worker, final int n) {
        s.log("worker " + worker + " step " + n);
        if (n < 20) {
            if (inputs.nextBoolean()) {
                s.execute(() -> step(s, inputs, worker, n + 1));
            } else {
                s.schedule(() -> step(s, inputs, worker, n + 1), inputs.nextInt(3), TimeUnit.MILLISECONDS);
            }
        }
    }

    private static List<String> runFifoScenario(final long seed) {
        final DeterministicScheduler s = new DeterministicScheduler(seed);
        final Random inputs = new Random(7);
        for (int w = 0; w < 4; w++) {
            final int worker = w;
            s.execute(() -> step(s, inputs, worker, 10));
        }
        s.runUntilIdleAdvancingTime(TimeUnit.SECONDS.toNanos(10));
        return s.transcript();
    }
}
