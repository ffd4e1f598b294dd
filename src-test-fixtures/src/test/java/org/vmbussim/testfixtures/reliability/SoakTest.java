package org.vmbussim.testfixtures.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmbussim.azblob.vsp.store.StorageEngine;
import org.vmbussim.azblob.vsp.store.StorageOptions;
import org.vmbussim.core.devfs.FileHandle;
import org.vmbussim.core.process.SimProcess;
import org.vmbussim.core.sched.ThreadedScheduler;
import org.vmbussim.testfixtures.bed.AzureBlobTestBed;

/**
 * N threads x M mixed requests (PUT, GET, HEAD, DELETE of each thread's own blobs, checksummed payloads of 0 to
 * 16 KiB) through the whole stack on the threaded scheduler: every request answered once with the expected
 * HTTP status, every GET's body equal to what that thread last stored, every blob in the store as its thread
 * last left it, no page pinned, no requestor id in use, nothing in flight, and the JVM's thread count back where
 * it started. CI: 8 x 2 000; long run: {@code -Dvmbussim.soak.threads=64 -Dvmbussim.soak.requests=100000}.
 *
 * <p>Memory: the heap in use after a full collection is sampled once the setup is done, at every tenth of the
 * requests (long runs only, of at least {@value #SAMPLED_RUN_REQUESTS} requests) and at the end; it must not grow
 * by more than {@value #HEAP_GROWTH_LIMIT_BYTES} bytes (the store's blobs are a few MiB at most), and the samples
 * are logged so a slow leak shows as a trend.
 */
class SoakTest {
    private static final Logger LOG = LoggerFactory.getLogger(SoakTest.class);
    private static final int BLOBS_PER_THREAD = 4;
    private static final long SAMPLED_RUN_REQUESTS = 1_000_000;
    private static final long HEAP_GROWTH_LIMIT_BYTES = 64L << 20;
    /** The hang guard: generous per request, never under ten minutes. */
    private static final long MILLIS_PER_REQUEST_BOUND = 2;

    @Test
    void mixedRequestsFromManyThreadsLoseDuplicateAndCorruptNothing() throws Exception {
        final int threads = FuzzSettings.soakThreads();
        final int requests = FuzzSettings.soakRequestsPerThread();
        final int threadsAtStart = ManagementFactory.getThreadMXBean().getThreadCount();
        final StorageEngine store = StorageEngine.inMemory(StorageOptions.defaults().withoutAuthentication());
        final ThreadedScheduler scheduler = new ThreadedScheduler("soak", 2);
        final AtomicLong answered = new AtomicLong();
        final long start = System.nanoTime();
        final byte[][][] expected = new byte[threads][BLOBS_PER_THREAD][];
        final ExecutorService users = Executors.newFixedThreadPool(threads);
        try (AzureBlobTestBed bed = AzureBlobTestBed.builder().scheduler(scheduler).backend(store).vpciShadow(false)
                .providerWorkers(2).build()) {
            final SimProcess setupProcess = bed.spawnProcess();
            final UserRequests.Buffers setup = UserRequests.Buffers.map(setupProcess, 4096);
            setup.prepare(UserRequests.head("PUT /devstoreaccount1/" + UserRequests.CONTAINER + "?restype=container",
                    0), new byte[0], 5000);
            bed.await(setup.submit(bed.open(setupProcess, 0)));
            final List<Long> heapSamples = new ArrayList<>();
            heapSamples.add(heapUsedAfterGc());
            final List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                final int thread = t;
                final SimProcess process = bed.spawnProcess();
                final FileHandle fd = bed.open(process, 0);
                done.add(users.submit(() -> {
                    run(bed, process, fd, thread, requests, expected[thread], answered);
                    return null;
                }));
            }
            final long total = (long) threads * requests;
            final long boundMillis = Math.max(TimeUnit.MINUTES.toMillis(10), total * MILLIS_PER_REQUEST_BOUND);
            final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(boundMillis);
            if (total >= SAMPLED_RUN_REQUESTS) {
                for (long next = total / 10; next < total && System.nanoTime() < deadline; ) {
                    if (answered.get() >= next) {
                        heapSamples.add(heapUsedAfterGc());
                        next += total / 10;
                    } else if (done.stream().allMatch(Future::isDone)) { // finished early, or failed
                        break;
                    } else {
                        Thread.sleep(100);
                    }
                }
            }
            for (final Future<?> f : done) {
                f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            assertEquals((long) threads * requests, answered.get(), "every request answered once");
            for (int t = 0; t < threads; t++) {
                for (int b = 0; b < BLOBS_PER_THREAD; b++) {
                    final byte[] stored = UserRequests.storedBlob(store, blob(t, b));
                    assertArrayEquals(expected[t][b], stored, "blob " + blob(t, b) + " as its thread left it");
                }
            }
            assertEquals(0, bed.devices().get(0).statistics().inFlight(), "requests in flight at the guest");
            assertEquals(0, bed.devices().get(0).channel().requestor().inUse(), "requestor ids in use");
            assertEquals(0, bed.provider().channels().get(0).statistics().inFlight(), "in flight at the host");
            assertEquals(0, bed.vm().memory().pinnedPageCount(), "pinned pages");
            heapSamples.add(heapUsedAfterGc());
            final long growth = heapSamples.get(heapSamples.size() - 1) - heapSamples.get(0);
            LOG.info("soak: heap in use after GC (KiB), start to end: {}",
                    heapSamples.stream().map(bytes -> Long.toString(bytes >> 10)).toList());
            assertTrue(growth < HEAP_GROWTH_LIMIT_BYTES, () -> "heap grew by " + growth + " bytes: " + heapSamples);
        } finally {
            users.shutdown();
            assertTrue(users.awaitTermination(30, TimeUnit.SECONDS), "user threads stopped");
            assertTrue(scheduler.shutdown(ThreadedScheduler.CLOSE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS));
            store.close();
        }
        assertEquals(0, scheduler.uncaughtErrorCount(), () -> "scheduler task errors: " + scheduler.uncaughtErrors());
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ManagementFactory.getThreadMXBean().getThreadCount() > threadsAtStart && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(threadsAtStart, ManagementFactory.getThreadMXBean().getThreadCount(), "threads left behind");
        LOG.info("soak: {} threads x {} requests = {} requests in {} ms: 0 lost, 0 duplicated, 0 corrupted, "
                + "0 pages pinned, 0 requestor ids, threads back to {}", threads, requests, answered.get(),
                (System.nanoTime() - start) / 1_000_000, threadsAtStart);
    }

    /** Heap bytes in use after two full collections (the second catches what the first's finalisation freed). */
    private static long heapUsedAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static String blob(final int thread, final int index) {
        return "t" + thread + "-" + index;
    }

    private static void run(final AzureBlobTestBed bed, final SimProcess process, final FileHandle fd,
            final int thread, final int requests, final byte[][] expected, final AtomicLong answered) {
        final Random random = new Random(FuzzSettings.seed() + thread);
        final UserRequests.Buffers b = UserRequests.Buffers.map(process, 16 * 1024);
        for (int i = 0; i < requests; i++) {
            final int index = random.nextInt(BLOBS_PER_THREAD);
            final String name = blob(thread, index);
            final String path = "/devstoreaccount1/" + UserRequests.CONTAINER + "/" + name;
            final int op = random.nextInt(10);
            final String context = name + " request " + i;
            if (op < 4) {
                final byte[] body = new byte[random.nextInt(16 * 1024 + 1)];
                random.nextBytes(body);
                b.prepare(UserRequests.putBlob(name, body.length), body, 5000);
                call(bed, fd, b, context);
                assertEquals(201, b.answer()[2], context);
                expected[index] = body;
            } else if (op < 8) {
                b.prepare(UserRequests.head("GET " + path, 0), new byte[0], 5000);
                call(bed, fd, b, context);
                final int[] answer = b.answer();
                if (expected[index] == null) {
                    assertEquals(404, answer[2], context);
                } else {
                    assertEquals(200, answer[2], context);
                    final byte[] body = process.addressSpace().getBytes(b.data(), expected[index].length);
                    assertEquals(crc(expected[index]), crc(body), context + ": checksum of the body");
                    assertTrue(Arrays.equals(expected[index], body), context);
                }
            } else if (op < 9) {
                b.prepare(UserRequests.head("HEAD " + path, 0), new byte[0], 5000);
                call(bed, fd, b, context);
                assertEquals(expected[index] == null ? 404 : 200, b.answer()[2], context);
            } else {
                b.prepare(UserRequests.head("DELETE " + path, 0), new byte[0], 5000);
                call(bed, fd, b, context);
                assertEquals(expected[index] == null ? 404 : 202, b.answer()[2], context);
                expected[index] = null;
            }
            answered.incrementAndGet();
        }
    }

    private static void call(final AzureBlobTestBed bed, final FileHandle fd, final UserRequests.Buffers b,
            final String context) {
        assertEquals(0L, bed.await(b.submit(fd)), context);
        assertEquals(0, b.answer()[0], context + ": status");
    }

    private static long crc(final byte[] bytes) {
        final CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }
}
