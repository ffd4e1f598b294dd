package org.vmbussim.azblob.vsp.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmbussim.azblob.vsp.backend.BlobBackend;
import org.vmbussim.azblob.vsp.backend.BlobOutcome;
import org.vmbussim.azblob.vsp.backend.BlobRequest;
import org.vmbussim.azblob.vsp.store.Requests;
import org.vmbussim.azblob.vsp.store.StorageEngine;
import org.vmbussim.azblob.vsp.store.StorageOptions;
import org.vmbussim.core.memory.GuestMemory;
import org.vmbussim.core.sched.ThreadedScheduler;
import org.vmbussim.uapi.Errno;

/**
 * The provider on real threads: a ThreadedScheduler for the channel and the provider's own worker pool.
 * Slow backends against timeouts, many requests in flight completing out of order, detach and close with
 * requests executing, and no thread left behind.
 */
class ProviderThreadedTest {
    private static final String NAME = "vsp-thr";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final ThreadedScheduler scheduler = new ThreadedScheduler("vsp-thr-sched", 2);
    private final GuestMemory memory = ScriptedGuest.newMemory(2048);
    private final StorageEngine engine = StorageEngine.inMemory();
    private AzureBlobProvider provider;
    private ScriptedGuest guest;

    @AfterEach
    void stopAndCheckThreads() {
        if (guest != null) {
            guest.close();
        }
        if (provider != null) {
            assertTrue(provider.shutdown(5, TimeUnit.SECONDS));
            assertEquals(0, provider.liveWorkerThreadCount());
        }
        scheduler.close();
        engine.close();
        assertEquals(0, scheduler.liveThreadCount());
        assertEquals(List.of(), threadsNamed(NAME), "threads left behind");
    }

    private static List<String> threadsNamed(final String prefix) {
        final List<String> names = new ArrayList<>();
        for (final Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(prefix) && t.isAlive()) {
                names.add(t.getName());
            }
        }
        return names;
    }

    private void start(final BlobBackend backend, final int workers) {
        provider = AzureBlobProvider.builder(backend).name(NAME).workerThreads(workers).build();
        guest = ScriptedGuest.on(provider, memory, scheduler).attach();
        Requests.send(engine, "PUT", "/cont?restype=container", null);
    }

    /** Polls a condition every millisecond, for at most {@link #WAIT}. */
    private static void waitUntil(final String what, final BooleanSupplier condition) throws InterruptedException {
        final long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(1);
        }
    }

    @Test
    void aSlowBackendIsEtimedoutAtTimeoutMsAndItsLateResultIsDiscardedUnwritten() throws Exception {
        final BlockingBackend backend = new BlockingBackend(engine, r -> r.target().endsWith("/slow"));
        start(backend, 2);
        Requests.send(engine, "PUT", "/cont/slow", "the slow blob's bytes", "x-ms-blob-type", "BlockBlob");
        guest.fillCanary();
        final ScriptedGuest.Submitted slow = guest.request(Http.signedHead("GET", "/cont/slow", new byte[0]))
                .dataLength(4096).timeoutMillis(100).send();
        final byte[] before = guest.image();

        final ScriptedGuest.Completion c = guest.await(slow.transactionId(), WAIT);
        assertEquals(Errno.ETIMEDOUT.value(), c.error());
        assertEquals(0, c.length());
        assertEquals(0, c.responseLen());
        assertEquals(1, backend.waiting(), "the backend is still working on it");

        backend.release();
        waitUntil("the late result is discarded", () -> guest.channel.statistics().lateResultsDiscarded() == 1);
        guest.assertUnchangedExcept(before, List.of());
        assertEquals(1, guest.completionCount(slow.transactionId()));
        assertEquals(1, guest.channel.statistics().timeouts());

        final ScriptedGuest.Submitted next = guest.request(Http.signedHead("GET", "/cont/slow", new byte[0]))
                .dataLength(4096).timeoutMillis(10_000).send();
        final ScriptedGuest.Completion ok = guest.await(next.transactionId(), WAIT);
        assertEquals(0, ok.error());
        assertEquals("the slow blob's bytes", new String(guest.body(next, ok), StandardCharsets.UTF_8));
    }

    @Test
    void sixtyFourRequestsInFlightOnFourWorkersCompleteOutOfOrder() throws Exception {
        final int count = 64;
        final CountDownLatch release = new CountDownLatch(1);
        final BlobBackend ordering = new BlobBackend() {
            @Override
            public BlobOutcome execute(final BlobRequest request, final long bodyCapacityBytes) {
                try {
                    if (!release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                        return new BlobOutcome.Failed(Errno.ETIMEDOUT, "never released");
                    }
                    if (request.target().endsWith("/o-0")) {
                        // The first request sent answers only after every other one has been completed.
                        waitUntil("63 completions", () -> guest.totalCompletions() >= count - 1);
                    }
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new BlobOutcome.Failed(Errno.EINTR, "interrupted");
                }
                return engine.execute(request, bodyCapacityBytes);
            }

            @Override
            public void close() {
            }
        };
        start(ordering, 4);
        final List<ScriptedGuest.Submitted> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Requests.send(engine, "PUT", "/cont/o-" + i, "blob " + i, "x-ms-blob-type", "BlockBlob");
            sent.add(guest.request(Http.signedHead("GET", "/cont/o-" + i, new byte[0])).dataLength(4096)
                    .timeoutMillis(60_000).send());
        }
        waitUntil("64 in flight", () -> guest.channel.statistics().inFlight() == count);
        waitUntil("4 executing", () -> guest.channel.requestsInFlight().stream()
                .filter(r -> r.phase() == InFlightRequestInfo.Phase.EXECUTING && "GET".equals(r.method())).count()
                == 4);
        assertEquals(count - 4, guest.channel.requestsInFlight().stream()
                .filter(r -> r.phase() == InFlightRequestInfo.Phase.QUEUED).count());
        release.countDown();

        for (int i = 0; i < count; i++) {
            final ScriptedGuest.Submitted s = sent.get(i);
            final ScriptedGuest.Completion c = guest.await(s.transactionId(), WAIT);
            assertEquals(0, c.error());
            assertEquals("blob " + i, new String(guest.body(s, c), StandardCharsets.UTF_8));
        }
        final List<Long> order = guest.completionOrder();
        assertEquals(count, order.size());
        assertEquals(sent.get(0).transactionId(), order.get(count - 1), "the first request sent completed last");
        assertNotEquals(sent.stream().map(ScriptedGuest.Submitted::transactionId).toList(), order);
        assertEquals(0, guest.channel.statistics().inFlight());
    }

    @Test
    void detachWithRequestsExecutingAndQueuedWritesNothingAfterwards() throws Exception {
        final BlockingBackend backend = new BlockingBackend(engine, r -> true);
        start(backend, 4);
        guest.fillCanary();
        final List<ScriptedGuest.Submitted> sent = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            final byte[] body = ("body " + i).getBytes(StandardCharsets.UTF_8);
            sent.add(guest.request(Http.signedHead("PUT", "/cont/d-" + i, body, "x-ms-blob-type", "BlockBlob"))
                    .body(body).dataLength(4096).timeoutMillis(60_000).send());
        }
        final byte[] before = guest.image();
        waitUntil("4 requests in the backend", () -> backend.waiting() == 4);
        waitUntil("8 in flight", () -> guest.channel.statistics().inFlight() == 8);

        guest.hostEnd.close();
        assertFalse(guest.channel.isAttached());
        backend.release();
        waitUntil("the 4 results discarded", () -> guest.channel.statistics().lateResultsDiscarded() == 4);
        assertTrue(provider.shutdown(5, TimeUnit.SECONDS), "workers joined");

        guest.assertUnchangedExcept(before, List.of());
        assertEquals(0, guest.totalCompletions());
        final ProviderChannelStatistics stats = guest.channel.statistics();
        assertEquals(8, stats.abandoned());
        assertEquals(0, stats.bytesToGuest());
        assertEquals(4, backend.finished(), "the queued four never reached the backend");
    }

    @Test
    void closingTheProviderInterruptsTheBackendCompletesWithEintrAndLeavesNoThreads() throws Exception {
        final BlockingBackend backend = new BlockingBackend(engine, r -> true);
        start(backend, 4);
        final List<ScriptedGuest.Submitted> sent = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            sent.add(guest.request(Http.signedHead("GET", "/cont/x-" + i, new byte[0])).dataLength(4096)
                    .timeoutMillis(60_000).send());
        }
        waitUntil("4 requests in the backend", () -> backend.waiting() == 4);
        waitUntil("6 in flight", () -> guest.channel.statistics().inFlight() == 6);

        assertTrue(provider.shutdown(5, TimeUnit.SECONDS));
        assertEquals(0, provider.liveWorkerThreadCount());
        assertEquals(List.of(), threadsNamed(NAME + "-worker"));
        for (final ScriptedGuest.Submitted s : sent) {
            assertEquals(Errno.EINTR.value(), guest.await(s.transactionId(), WAIT).error());
        }
        assertEquals(4, backend.finished(), "the blocked backend calls were interrupted and returned");
    }

    /** Wraps a backend, records the threads it runs on, optionally sleeps, and says it never blocks. */
    private static final class NonBlockingRecorder implements BlobBackend {
        private final BlobBackend delegate;
        private final long sleepMillis;
        private final List<String> threads = new CopyOnWriteArrayList<>();

        NonBlockingRecorder(final BlobBackend delegate, final long sleepMillis) {
            this.delegate = delegate;
            this.sleepMillis = sleepMillis;
        }

        @Override
        public BlobOutcome execute(final BlobRequest request, final long bodyCapacityBytes) {
            threads.add(Thread.currentThread().getName());
            if (sleepMillis > 0) {
                // A backend that breaks its mayBlock() promise: the provider must still honour timeout_ms.
                try {
                    Thread.sleep(sleepMillis);
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new BlobOutcome.Failed(Errno.EINTR, "interrupted");
                }
            }
            return delegate.execute(request, bodyCapacityBytes);
        }

        @Override
        public boolean mayBlock() {
            return false;
        }

        @Override
        public void close() {
        }
    }

    private ScriptedGuest.Completion getBlob(final String target, final long timeoutMillis) throws Exception {
        final ScriptedGuest.Submitted s = guest.request(Http.signedHead("GET", target, new byte[0]))
                .dataLength(4096).timeoutMillis(timeoutMillis).send();
        final ScriptedGuest.Completion c = guest.await(s.transactionId(), WAIT);
        if (c.error() == 0) {
            assertEquals("inline bytes", new String(guest.body(s, c), StandardCharsets.UTF_8));
        }
        return c;
    }

    @Test
    void theInMemoryStoreRunsInlineOnTheChannelThreadAndStartsNoWorker() throws Exception {
        assertFalse(engine.mayBlock());
        final NonBlockingRecorder backend = new NonBlockingRecorder(engine, 0);
        start(backend, 4);
        assertTrue(provider.runsInline());
        Requests.send(engine, "PUT", "/cont/i", "inline bytes", "x-ms-blob-type", "BlockBlob");
        for (int i = 0; i < 20; i++) {
            assertEquals(0, getBlob("/cont/i", 10_000).error());
        }
        assertEquals(20, backend.threads.size());
        for (final String thread : backend.threads) {
            assertTrue(thread.startsWith("vsp-thr-sched"), "ran on " + thread);
        }
        assertEquals(0, provider.liveWorkerThreadCount());
        assertEquals(List.of(), threadsNamed(NAME + "-worker"));
        assertEquals(0, guest.channel.statistics().inFlight());
    }

    @Test
    void aBackendThatMayBlockStillRunsOnTheWorkerPool() throws Exception {
        final BlockingBackend backend = new BlockingBackend(engine, r -> false);
        assertTrue(backend.mayBlock(), "the interface's default is the safe one");
        start(backend, 2);
        assertFalse(provider.runsInline());
        Requests.send(engine, "PUT", "/cont/i", "inline bytes", "x-ms-blob-type", "BlockBlob");
        assertEquals(0, getBlob("/cont/i", 10_000).error());
        assertEquals(1, provider.liveWorkerThreadCount(), "a worker served it");
    }

    @Test
    void aFileStoreMayBlockAndInlineExecutionCanBeTurnedOff(@TempDir final Path dir) throws Exception {
        try (StorageEngine fileStore = StorageEngine.fileStore(dir,
                StorageOptions.defaults())) {
            assertTrue(fileStore.mayBlock());
        }
        provider = AzureBlobProvider.builder(new NonBlockingRecorder(engine, 0)).name(NAME)
                .inlineWhenBackendNeverBlocks(false).workerThreads(1).build();
        assertFalse(provider.runsInline());
        guest = ScriptedGuest.on(provider, memory, scheduler).attach();
        Requests.send(engine, "PUT", "/cont?restype=container", null);
        Requests.send(engine, "PUT", "/cont/i", "inline bytes", "x-ms-blob-type", "BlockBlob");
        assertEquals(0, getBlob("/cont/i", 10_000).error());
        assertEquals(1, provider.liveWorkerThreadCount());
    }

    @Test
    void anInlineRequestThatOverrunsItsTimeoutIsEtimedoutAndItsResultIsNotWritten() throws Exception {
        final NonBlockingRecorder backend = new NonBlockingRecorder(engine, 150);
        start(backend, 1);
        assertTrue(provider.runsInline());
        Requests.send(engine, "PUT", "/cont/i", "inline bytes", "x-ms-blob-type", "BlockBlob");
        guest.fillCanary();
        final ScriptedGuest.Submitted s = guest.request(Http.signedHead("GET", "/cont/i", new byte[0]))
                .dataLength(4096).timeoutMillis(50).send();
        final byte[] before = guest.image();
        final ScriptedGuest.Completion late = guest.await(s.transactionId(), WAIT);
        assertEquals(Errno.ETIMEDOUT.value(), late.error());
        assertEquals(0, late.responseLen());
        guest.assertUnchangedExcept(before, List.of());
        assertEquals(1, guest.channel.statistics().timeouts());
        assertEquals(0, guest.channel.statistics().inFlight());
        assertEquals(0, getBlob("/cont/i", 10_000).error(), "a request within its timeout still completes");
    }

    @Test
    void headsLargerThanTheScratchArrayAndSmallOnesInTurnAreEachParsedFromTheirOwnBytes() throws Exception {
        start(engine, 1);
        final String big = "b".repeat(RequestExecution.SCRATCH_HEAD_BYTES + 100);
        for (int i = 0; i < 6; i++) {
            final String value = i % 2 == 0 ? big + i : "s" + i;
            final byte[] body = ("body " + i).getBytes(StandardCharsets.UTF_8);
            final ScriptedGuest.Submitted s = guest.request(Http.signedHead("PUT", "/cont/h-" + i, body,
                    "x-ms-blob-type", "BlockBlob", "x-ms-meta-v", value)).body(body).dataLength(4096)
                    .responseLength(4096).timeoutMillis(10_000).send();
            assertEquals(0, guest.await(s.transactionId(), WAIT).error(), "request " + i);
            assertEquals(value, Requests.send(engine, "HEAD", "/cont/h-" + i, null).headers().first("x-ms-meta-v"));
        }
    }
}
