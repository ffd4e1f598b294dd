package org.vmbussim.azblob.vsp.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vmbussim.azblob.vsp.backend.BlobBackend;
import org.vmbussim.azblob.vsp.backend.BlobOutcome;
import org.vmbussim.azblob.vsp.backend.BlobRequest;
import org.vmbussim.azblob.vsp.store.Requests;
import org.vmbussim.azblob.vsp.store.StorageEngine;
import org.vmbussim.core.sched.Cancellable;
import org.vmbussim.core.sched.DeterministicScheduler;
import org.vmbussim.core.sched.Scheduler;

/**
 * Inline requests (a backend that never blocks) and a scheduler that runs tasks in parallel: of the requests one
 * drain finds, all but the last run as tasks of the channel's scheduler (so helping threads run them side by
 * side) and the last runs on the drain itself; a lone request never leaves the drain. Deterministic: a seeded
 * scheduler that only claims to run tasks in parallel, so the order the backend sees them in shows where each ran.
 */
class ProviderDrainSpreadTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final DeterministicRig rig = new DeterministicRig(11);
    private final StorageEngine engine = rig.closing(StorageEngine.inMemory());
    private final List<String> executed = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        rig.closeAll();
    }

    @ParameterizedTest(name = "scheduler runs tasks in parallel: {0}")
    @ValueSource(booleans = {true, false})
    void allButTheLastRequestOfADrainRunAsSchedulerTasksOnlyWhenTheSchedulerIsParallel(final boolean parallel)
            throws Exception {
        final ScriptedGuest guest = start(parallel);
        final List<ScriptedGuest.Submitted> sent = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            sent.add(guest.request(Http.signedHead("GET", "/cont/b-" + i, new byte[0])).dataLength(4096)
                    .timeoutMillis(10_000).send());
        }
        rig.scheduler.runUntilIdle();
        assertEquals(parallel ? List.of("b-3", "b-0", "b-1", "b-2")
                : List.of("b-0", "b-1", "b-2", "b-3"), executed,
                "the drain's last request first (on the drain), then the tasks in the order they were posted");
        for (int i = 0; i < 4; i++) {
            final ScriptedGuest.Completion c = guest.await(sent.get(i).transactionId(), WAIT);
            assertEquals(0, c.error());
            assertEquals("blob " + i, new String(guest.body(sent.get(i), c), StandardCharsets.UTF_8));
        }
        assertEquals(0, guest.channel.statistics().inFlight());
    }

    @ParameterizedTest(name = "scheduler runs tasks in parallel: {0}")
    @ValueSource(booleans = {true, false})
    void aLoneRequestRunsOnTheDrain(final boolean parallel) throws Exception {
        final ScriptedGuest guest = start(parallel);
        for (int i = 0; i < 2; i++) {
            final ScriptedGuest.Submitted s = guest.request(Http.signedHead("GET", "/cont/b-" + i, new byte[0]))
                    .dataLength(4096).timeoutMillis(10_000).send();
            final int posted = executed.size();
            rig.scheduler.runUntilIdle();
            assertEquals(posted + 1, executed.size());
            assertEquals(0, guest.await(s.transactionId(), WAIT).error());
        }
        assertEquals(List.of("b-0", "b-1"), executed);
    }

    private ScriptedGuest start(final boolean parallel) {
        final BlobBackend recording = new BlobBackend() {
            @Override
            public BlobOutcome execute(final BlobRequest request, final long bodyCapacityBytes) {
                final String target = request.target();
                executed.add(target.substring(target.lastIndexOf('/') + 1)); // the blob's name
                return engine.execute(request, bodyCapacityBytes);
            }

            @Override
            public boolean mayBlock() {
                return false;
            }

            @Override
            public void close() {
            }
        };
        final AzureBlobProvider provider = rig.closing(AzureBlobProvider.builder(recording).name("spread").build());
        assertEquals(true, provider.runsInline());
        Requests.send(engine, "PUT", "/cont?restype=container", null);
        for (int i = 0; i < 4; i++) {
            Requests.send(engine, "PUT", "/cont/b-" + i, "blob " + i, "x-ms-blob-type", "BlockBlob");
        }
        final Scheduler scheduler = parallel ? new ClaimsParallel(rig.scheduler) : rig.scheduler;
        return rig.closing(ScriptedGuest.on(provider, rig.memory, scheduler).attach());
    }

    /** The deterministic scheduler, claiming to run tasks in parallel (it still runs them one by one). */
    private static final class ClaimsParallel implements Scheduler {
        private final DeterministicScheduler delegate;

        ClaimsParallel(final DeterministicScheduler delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean runsTasksInParallel() {
            return true;
        }

        @Override
        public void execute(final Runnable task) {
            delegate.execute(task);
        }

        @Override
        public Cancellable schedule(final Runnable task, final long delay, final TimeUnit unit) {
            return delegate.schedule(task, delay, unit);
        }

        @Override
        public long nanoTime() {
            return delegate.nanoTime();
        }

        @Override
        public <T> T await(final CompletableFuture<T> future, final long timeout, final TimeUnit unit)
                throws TimeoutException, InterruptedException, ExecutionException {
            return delegate.await(future, timeout, unit);
        }

        @Override
        public void close() {
            // the rig closes the delegate
        }
    }
}
