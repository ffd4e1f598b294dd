package org.vmbussim.testfixtures.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.vmbussim.azblob.vsc.AzureBlobConfig;
import org.vmbussim.azblob.vsc.AzureBlobDevice;
import org.vmbussim.azblob.vsp.backend.BlobBackend;
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
import org.vmbussim.wire.Guid;

/**
 * One fault injected at one point of a request's life, on the whole stack on the deterministic scheduler
 * (reproducible by seed). The request is a PUT of blob {@code subject} over an old content. After the fault
 * the clock runs past every bound; then the scenario checks: the request ended (no hang) with one of the
 * outcomes the fault allows at that point; the blob is its old or its new content, and the new one when the
 * request reported 201; after teardown no page is pinned, no requestor id is in use and no thread is left.
 *
 * <p>With a crowd, the subject is one of many requests in flight: {@code crowd} bystanders (PUTs of their own
 * blobs with seeded contents) from four processes with two handles each are submitted first, the subject's
 * process being one of them. Each bystander must end with an outcome its fault allows for a request of its
 * role ({@link #bystanderAllowed}), its blob must be absent or its content, and its content when it reported
 * 201. A backend fault then targets the subject alone.
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

    /** What happened: the subject's outcome, and how many bystanders ended which way. */
    record Result(Fault fault, Point point, String outcome, int status, int http, Map<String, Integer> bystanders) {
    }

    /** Processes in a crowded scenario, and handles each process opens. */
    private static final int CROWD_PROCESSES = 4;
    private static final int HANDLES_PER_PROCESS = 2;
    private static final Guid SUBJECT_GUID = Guid.parse("{5ab1ec70-0000-4000-8000-000000000064}");

    /** One bystander: its buffers, blob, content, whether it shares the subject's process, and its future. */
    private record Bystander(UserRequests.Buffers buffers, String blob, byte[] content, boolean subjectsProcess,
            CompletableFuture<Long> future) {
    }

    private static final byte[] OLD = "old content of the subject".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int SUBJECT_DATA_BYTES = 16 << 20;
    private static final int BYSTANDER_DATA_BYTES = 7_000 * 4096;

    private LifecycleScenario() {
    }

    static Result run(final Fault fault, final Point point, final long seed) {
        return run(fault, point, seed, 0);
    }

    static Result run(final Fault fault, final Point point, final long seed, final int crowd) {
        final Set<Thread> threadsBefore = Thread.getAllStackTraces().keySet();
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
        List<Bystander> bystanders = List.of();
        final Set<String> acknowledged = new HashSet<>();
        try {
            final UserRequests.Buffers setup = UserRequests.Buffers.map(process, 4096);
            setup.prepare(UserRequests.head("PUT /devstoreaccount1/" + UserRequests.CONTAINER + "?restype=container",
                    0), new byte[0], 1000);
            bed.await(setup.submit(fd));
            setup.prepare(UserRequests.putBlob("subject", OLD.length), OLD, 1000);
            bed.await(setup.submit(fd));
            assertEquals(201, setup.answer()[2], "the old content was stored");

            final UserRequests.Buffers subject = UserRequests.Buffers.map(process, SUBJECT_DATA_BYTES);
            subject.prepare(UserRequests.putBlob("subject", fresh.length), fresh, 1000, SUBJECT_GUID);
            final Runnable inject = injection(fault, bed, device, process, host.get(), backend);
            if (crowd > 0) {
                backend.onlyFor("/subject");
            }
            final List<CompletableFuture<Long>> bigOnes = new ArrayList<>();
            bystanders = submitCrowd(bed, process, fd, crowd - (point == Point.PINNED ? 2 : 0),
                    new Random(seed * 31 + 7));
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
                        bigOnes.add(big.submit(fd));
                    }
                    request = subject.submit(fd);
                    assertEquals(1, device.statistics().waitingToSend(), "the subject waits for room on the ring");
                    inject.run();
                    break;
                case IN_RING:
                    request = subject.submit(fd);
                    inject.run();
                    break;
                case AT_HOST:
                    request = subject.submit(fd);
                    runUntil(scheduler, () -> subjectAtHost(providerChannel));
                    inject.run();
                    break;
                case IN_BACKEND:
                    backend.duringNext(inject);
                    request = subject.submit(fd);
                    break;
                default: {
                    request = subject.submit(fd);
                    runUntil(scheduler, () -> subjectAtHost(providerChannel));
                    // The worker's task writes the response and sends the completion before it returns.
                    runUntil(scheduler, () -> !subjectAtHost(providerChannel));
                    inject.run();
                    break;
                }
            }
            scheduler.runUntilIdleAdvancingTime(TimeUnit.SECONDS.toNanos(10));
            assertTrue(request.isDone(), "the request ended (no hang)");
            for (final CompletableFuture<Long> b : bigOnes) {
                assertTrue(b.isDone(), "every bystander ended (no hang)");
            }
            final String outcome = outcome(request);
            final int[] answer = "0".equals(outcome) ? subject.answer() : new int[] {-1, -1, 0};
            result = new Result(fault, point, outcome, answer[0], answer[2], checkBystanders(fault, bystanders,
                    acknowledged));
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
            assertNoNewThreads(threadsBefore);
        }
        final byte[] stored = UserRequests.storedBlob(store, "subject");
        assertTrue(Arrays.equals(OLD, stored) || Arrays.equals(fresh, stored),
                "the blob is its old or its new content, never torn");
        if (result.http() == 201) {
            assertArrayEquals(fresh, stored, "an acknowledged write is present");
        }
        checkBystanderBlobs(store, bystanders, acknowledged);
        backend.close();
        return result;
    }

    /** The subject is in the provider's table (accepted, not yet finished). */
    private static boolean subjectAtHost(final ProviderChannel channel) {
        return channel.requestsInFlight().stream().anyMatch(r -> SUBJECT_GUID.equals(r.userGuid()));
    }

    /**
     * Opens {@link #CROWD_PROCESSES} processes' handles (the subject's process is the first, its handle the
     * subject's) and submits {@code count} bystander PUTs across them, round robin, with 1 to 3 pages of seeded
     * content each; nothing runs on the scheduler meanwhile, so all of them are in flight together.
     */
    private static List<Bystander> submitCrowd(final AzureBlobTestBed bed, final SimProcess subjectsProcess,
            final FileHandle subjectsHandle, final int count, final Random random) {
        final List<Bystander> crowd = new ArrayList<>();
        if (count <= 0) {
            return crowd;
        }
        final List<SimProcess> processes = new ArrayList<>(List.of(subjectsProcess));
        final List<FileHandle> handles = new ArrayList<>(List.of(subjectsHandle, bed.open(subjectsProcess, 0)));
        for (int p = 1; p < CROWD_PROCESSES; p++) {
            final SimProcess other = bed.spawnProcess();
            processes.add(other);
            for (int h = 0; h < HANDLES_PER_PROCESS; h++) {
                handles.add(bed.open(other, 0));
            }
        }
        for (int i = 0; i < count; i++) {
            final int handle = i % handles.size();
            final SimProcess owner = processes.get(handle / HANDLES_PER_PROCESS);
            final byte[] content = new byte[1 + random.nextInt(3 * 4096)];
            random.nextBytes(content);
            final String blob = "bystander" + i;
            final UserRequests.Buffers buffers = UserRequests.Buffers.map(owner, content.length);
            buffers.prepare(UserRequests.putBlob(blob, content.length), content, 1000);
            crowd.add(new Bystander(buffers, blob, content, owner == subjectsProcess,
                    buffers.submit(handles.get(handle))));
        }
        return crowd;
    }

    /** Every bystander ended, with an outcome its role allows; returns the outcome counts. */
    private static Map<String, Integer> checkBystanders(final Fault fault, final List<Bystander> crowd,
            final Set<String> acknowledged) {
        final Map<String, Integer> counts = new TreeMap<>();
        for (final Bystander b : crowd) {
            assertTrue(b.future().isDone(), b.blob() + " ended (no hang)");
            final String outcome = outcome(b.future());
            final Set<String> allowed = bystanderAllowed(fault, b.subjectsProcess());
            assertTrue(allowed.contains(outcome), b.blob() + ": outcome " + outcome + " (expected one of " + allowed
                    + ")");
            String key = outcome;
            if ("0".equals(outcome)) {
                final int[] answer = b.buffers().answer();
                key = "0/status " + answer[0] + "/http " + answer[2];
                if (answer[2] == 201) {
                    acknowledged.add(b.blob());
                }
                if (fault == Fault.BACKEND_ERROR) {
                    assertEquals(201, answer[2], b.blob() + ": the backend fault was the subject's alone");
                }
            }
            counts.merge(key, 1, Integer::sum);
        }
        return counts;
    }

    /** After teardown: each bystander's blob is absent or its content, and present when it reported 201. */
    private static void checkBystanderBlobs(final BlobBackend store, final List<Bystander> crowd,
            final Set<String> acknowledged) {
        for (final Bystander b : crowd) {
            final byte[] stored = UserRequests.storedBlob(store, b.blob());
            assertTrue(stored == null || Arrays.equals(b.content(), stored), b.blob() + " is absent or whole");
            if (acknowledged.contains(b.blob())) {
                assertArrayEquals(b.content(), stored, b.blob() + ": an acknowledged write is present");
            }
        }
    }

    private static void assertNoNewThreads(final Set<Thread> before) {
        final List<String> left = new ArrayList<>();
        for (final Thread t : Thread.getAllStackTraces().keySet()) {
            if (!before.contains(t) && t.isAlive()) {
                left.add(t.getName());
            }
        }
        assertEquals(List.of(), left, "threads left by the scenario");
    }

    /** The outcomes a bystander may have: its role is whether it shares the subject's (faulted) process. */
    static Set<String> bystanderAllowed(final Fault fault, final boolean subjectsProcess) {
        switch (fault) {
            case RESCIND:
            case REMOVE:
                return Set.of("0", "ENODEV");
            case PROCESS_EXIT:
                return subjectsProcess ? Set.of("0", "EINTR") : Set.of("0");
            case HOST_SILENCE:
                return Set.of("0", "ETIMEDOUT");
            default:
                return Set.of("0");
        }
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
