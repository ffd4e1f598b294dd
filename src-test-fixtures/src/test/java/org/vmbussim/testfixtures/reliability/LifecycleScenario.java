package org.vmbussim.testfixtures.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.vmbussim.azblob.vsc.AzureBlobConfig;
import org.vmbussim.azblob.vsc.AzureBlobDevice;
import org.vmbussim.azblob.vsp.provider.ProviderChannel;
import org.vmbussim.azblob.vsp.store.StorageEngine;
import org.vmbussim.azblob.vsp.store.StorageOptions;
import org.vmbussim.core.devfs.FileHandle;
import org.vmbussim.core.process.Credentials;
import org.vmbussim.core.process.SimProcess;
import org.vmbussim.core.sched.DeterministicScheduler;
import org.vmbussim.testfixtures.bed.AzureBlobTestBed;
import org.vmbussim.uapi.Errno;
import org.vmbussim.uapi.ErrnoException;

/**
 * One fault injected at one point of a request's life, on the whole stack on the deterministic scheduler
 * (reproducible by seed). The request is a PUT of blob {@code subject} over an old content. After the fault
 * the clock runs past every bound; then the scenario checks: the request ended (no hang) with one of the
 * outcomes the fault allows at that point; the blob is its old or its new content, and the new one when the
 * request reported 201; after teardown no page is pinned and no requestor id is in use.
 */
final class LifecycleScenario {
    /** The faults of the matrix. */
    enum Fault {
        RESCIND, REMOVE, PROCESS_EXIT, CREDENTIAL_CHANGE, HOST_SILENCE, BACKEND_ERROR, DUPLICATE_COMPLETION
    }

    /** The points of a request's life. */
    enum Point {
        /** Before the ioctl. */
        SUBMISSION,
        /** Checked and pinned, waiting for room on a full ring. */
        PINNED,
        /** On the ring, not yet read by the host. */
        IN_RING,
        /** Accepted by the provider, queued for a worker. */
        AT_HOST,
        /** Executing in the backend. */
        IN_BACKEND,
        /** Completed by the host, the completion on the ring, not yet read by the guest. */
        COMPLETING
    }

    /** What happened. */
    record Result(Fault fault, Point point, String outcome, int status, int http) {
    }

    private static final byte[] OLD = "old content of the subject".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int SUBJECT_DATA_BYTES = 16 << 20;
    private static final int BYSTANDER_DATA_BYTES = 7_000 * 4096;

    private LifecycleScenario() {
    }

    static Result run(final Fault fault, final Point point, final long seed) {
        final StorageEngine store = StorageEngine.inMemory(StorageOptions.defaults().withoutAuthentication());
        final FaultyBackend backend = new FaultyBackend(store);
        final AtomicReference<InterceptingHostModel> host = new AtomicReference<>();
        final AzureBlobTestBed bed = AzureBlobTestBed.builder().seed(seed).backend(backend).vpciShadow(false)
                .vscConfig(AzureBlobConfig.builder().withoutJmx().graceMillis(500).removeDrainMillis(200)
                        .releaseWaitMillis(100).build())
                .hostModel(m -> {
                    final InterceptingHostModel model = new InterceptingHostModel(m);
                    host.set(model);
                    return model;
                }).build();
        final DeterministicScheduler scheduler = (DeterministicScheduler) bed.scheduler();
        final AzureBlobDevice device = bed.devices().get(0);
        final ProviderChannel providerChannel = bed.provider().channels().get(0);
        final SimProcess process = bed.spawnProcess();
        final FileHandle fd = bed.open(process, 0);
        final byte[] fresh = new byte[3000];
        new Random(seed).nextBytes(fresh);
        Result result = null;
        try {
            final UserRequests.Buffers setup = UserRequests.Buffers.map(process, 4096);
            setup.prepare(UserRequests.head("PUT /devstoreaccount1/" + UserRequests.CONTAINER + "?restype=container",
                    0), new byte[0], 1000);
            bed.await(setup.submit(fd));
            setup.prepare(UserRequests.putBlob("subject", OLD.length), OLD, 1000);
            bed.await(setup.submit(fd));
            assertEquals(201, setup.answer()[2], "the old content was stored");

            final UserRequests.Buffers subject = UserRequests.Buffers.map(process, SUBJECT_DATA_BYTES);
            subject.prepare(UserRequests.putBlob("subject", fresh.length), fresh, 1000);
            final Runnable inject = injection(fault, bed, device, process, host.get(), backend);
            final List<CompletableFuture<Long>> bystanders = new ArrayList<>();
            final CompletableFuture<Long> request;
            switch (point) {
                case SUBMISSION:
                    inject.run();
                    scheduler.runUntilIdle();
                    request = subject.submit(fd);
                    break;
                case PINNED:
                    for (int i = 0; i < 2; i++) {
                        final UserRequests.Buffers big = UserRequests.Buffers.map(process, BYSTANDER_DATA_BYTES);
                        big.prepare(UserRequests.putBlob("big" + i, 10), new byte[10], 1000);
                        bystanders.add(big.submit(fd));
                    }
                    request = subject.submit(fd);
                    assertEquals(1, device.statistics().waitingToSend(), "the subject waits for room on the ring");
                    inject.run();
                    break;
                case IN_RING:
                    request = subject.submit(fd);
                    inject.run();
                    break;
                case AT_HOST: {
                    final long accepted = providerChannel.statistics().requestsAccepted();
                    request = subject.submit(fd);
                    runUntil(scheduler, () -> providerChannel.statistics().requestsAccepted() > accepted);
                    inject.run();
                    break;
                }
                case IN_BACKEND:
                    backend.duringNext(inject);
                    request = subject.submit(fd);
                    break;
                default: {
                    final long sent = providerChannel.statistics().completionsSent();
                    request = subject.submit(fd);
                    runUntil(scheduler, () -> providerChannel.statistics().completionsSent() > sent);
                    inject.run();
                    break;
                }
            }
            scheduler.runUntilIdleAdvancingTime(TimeUnit.SECONDS.toNanos(10));
            assertTrue(request.isDone(), "the request ended (no hang)");
            for (final CompletableFuture<Long> b : bystanders) {
                assertTrue(b.isDone(), "every bystander ended (no hang)");
            }
            final String outcome = outcome(request);
            final int[] answer = "0".equals(outcome) ? subject.answer() : new int[] {-1, -1, 0};
            result = new Result(fault, point, outcome, answer[0], answer[2]);
            if (fault == Fault.CREDENTIAL_CHANGE) {
                subject.prepare(UserRequests.putBlob("after", 1), new byte[1], 1000);
                assertEquals("EACCES", outcome(subject.submit(fd)), "a new request after the change");
            }
        } finally {
            final int inUseAfter;
            bed.close();
            inUseAfter = device.channel().requestor().inUse();
            assertEquals(0, bed.vm().memory().pinnedPageCount(), fault + " at " + point + ": pinned pages left");
            assertEquals(0, inUseAfter, fault + " at " + point + ": requestor ids left");
            assertTrue(device.isRemoved(), "the device is removed at teardown");
        }
        final byte[] stored = UserRequests.storedBlob(store, "subject");
        assertTrue(java.util.Arrays.equals(OLD, stored) || java.util.Arrays.equals(fresh, stored),
                "the blob is its old or its new content, never torn");
        if (result.http() == 201) {
            assertArrayEquals(fresh, stored, "an acknowledged write is present");
        }
        backend.close();
        return result;
    }

    private static Runnable injection(final Fault fault, final AzureBlobTestBed bed, final AzureBlobDevice device,
            final SimProcess process, final InterceptingHostModel host, final FaultyBackend backend) {
        switch (fault) {
            case RESCIND:
                return () -> bed.vm().host().rescind(bed.blobRelids().get(0));
            case REMOVE:
                return device::beginRemove;
            case PROCESS_EXIT:
                return process::exit;
            case CREDENTIAL_CHANGE:
                return () -> process.setCredentials(Credentials.of(1001, 1001));
            case HOST_SILENCE:
                return host::silence;
            case BACKEND_ERROR:
                return () -> backend.failNext(Errno.EIO);
            default:
                // Forged answers for the ids a request can hold now (the host hands them out lowest first).
                return () -> {
                    for (long id = 1; id <= 4; id++) {
                        host.complete(id, 0, 0, 0, 12);
                    }
                };
        }
    }

    private static void runUntil(final DeterministicScheduler scheduler,
            final java.util.function.BooleanSupplier done) {
        while (!done.getAsBoolean()) {
            if (!scheduler.runOne()) {
                throw new AssertionError("the scheduler went idle before the point was reached");
            }
        }
    }

    private static String outcome(final CompletableFuture<Long> f) {
        try {
            return Long.toString(f.join());
        } catch (final CompletionException e) {
            if (e.getCause() instanceof ErrnoException) {
                return ((ErrnoException) e.getCause()).errno().name();
            }
            throw e;
        }
    }

    /** The outcomes each fault may have at each point (docs/reliability.md, "The fault matrix"). */
    static Set<String> allowed(final Fault fault, final Point point) {
        final boolean sentAlready = point.compareTo(Point.AT_HOST) >= 0;
        switch (fault) {
            case RESCIND:
            case REMOVE:
                return point == Point.SUBMISSION ? Set.of("ENODEV") : Set.of("0", "ENODEV");
            case PROCESS_EXIT:
                return point == Point.SUBMISSION ? Set.of("EBADF") : Set.of("EINTR");
            case CREDENTIAL_CHANGE:
                return point == Point.SUBMISSION ? Set.of("EACCES") : Set.of("0");
            case HOST_SILENCE:
                return sentAlready ? Set.of("0") : Set.of("ETIMEDOUT");
            default:
                return Set.of("0");
        }
    }
}
