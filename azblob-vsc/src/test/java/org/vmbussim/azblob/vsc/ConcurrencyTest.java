package org.vmbussim.azblob.vsc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vmbussim.azblob.vsc.AzureBlobDeviceTest.errnoOf;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAccumulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vmbussim.azblob.vsc.testing.HostRequest;
import org.vmbussim.azblob.vsc.testing.ScriptedHost;
import org.vmbussim.core.sched.ThreadedScheduler;
import org.vmbussim.uapi.AzBlobRequestSync;
import org.vmbussim.uapi.Errno;
import org.vmbussim.uapi.ErrnoException;

/**
 * Real threads (RELIABILITY V8, V9, C5): 64 callers with requests in flight, one thread with hundreds in
 * flight, and removal or rescind racing with submissions. Every request gets exactly one outcome, every
 * thread ends within a bound, and the test bed's close proves nothing leaked.
 */
class ConcurrencyTest {
    private static final long SEED = 64L;
    private static final int THREADS = 64;
    private static final int REQUESTS_PER_THREAD = 25;
    /** Every fifth request is invalid (zero request length). */
    private static final int INVALID_EVERY = 5;
    private static final long JOIN_SECONDS = 60;

    private final ThreadedScheduler scheduler = new ThreadedScheduler("vsc-concurrency", 2);
    private final VscTestBed bed = new VscTestBed(scheduler, 8192, AzureBlobConfig.builder().graceMillis(2000)
            .removeDrainMillis(500));
    private final ExecutorService callers = Executors.newFixedThreadPool(THREADS);

    @AfterEach
    void noLeaks() throws InterruptedException {
        callers.shutdownNow();
        assertTrue(callers.awaitTermination(JOIN_SECONDS, TimeUnit.SECONDS), "caller threads ended");
        bed.close();
    }

    /** The echo host, answering after a short delay so requests pile up; records the most ids in use. */
    private static ScriptedHost.Script slowEcho(final VscTestBed.Hosted d, final LongAccumulator maxInUse) {
        final ScriptedHost.Script echo = ScriptedHost.Script.echo();
        return (host, request) -> {
            maxInUse.accumulate(d.channel().guest().requestor().inUse());
            host.end().scheduler().schedule(() -> echo.onRequest(host, request), 2, TimeUnit.MILLISECONDS);
        };
    }

    /** Waits, bounded, for something another thread does. */
    private static void eventually(final java.util.function.BooleanSupplier condition, final String what)
            throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(JOIN_SECONDS);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting: " + what);
            Thread.sleep(1);
        }
    }

    @Test
    void sixtyFourThreadsWithRequestsInFlightEachGetTheirOwnAnswer() throws Exception {
        final VscTestBed.Hosted d = bed.addDevice("relid 1");
        final LongAccumulator maxInUse = new LongAccumulator(Math::max, 0);
        d.host().script(slowEcho(d, maxInUse));
        final CountDownLatch start = new CountDownLatch(1);
        final AtomicInteger invalid = new AtomicInteger();
        final List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            final Client c = bed.open(d.device(), 2000 + t, org.vmbussim.core.devfs.OpenFlags.O_RDWR);
            final Random random = new Random(SEED * 1000 + t);
            final int offset = t;
            results.add(callers.submit(() -> {
                start.await();
                final Client.Spec spec = c.spec(random).request(200, offset).response(256, 0).data(300, 100, offset);
                final AzBlobRequestSync template = spec.build();
                int ok = 0;
                for (int i = 0; i < REQUESTS_PER_THREAD; i++) {
                    final byte[] head = new byte[200];
                    random.nextBytes(head);
                    c.space().putBytes(template.requestBuffer(), head);
                    final boolean bad = i % INVALID_EVERY == INVALID_EVERY - 1;
                    final long va = c.place(new AzBlobRequestSync(Client.randomGuid(random), 5000,
                            bad ? 0 : 200, 256, 300, 100, template.requestBuffer(), template.responseBuffer(),
                            template.dataBuffer(), 0, 0));
                    if (bad) {
                        final ErrnoException e = org.junit.jupiter.api.Assertions.assertThrows(ErrnoException.class,
                                () -> c.ioctl(va));
                        assertEquals(Errno.EINVAL, e.errno());
                        invalid.incrementAndGet();
                        continue;
                    }
                    assertEquals(0, c.ioctl(va));
                    final AzBlobRequestSync done = c.read(va);
                    assertEquals(0, done.responseStatus());
                    assertEquals(200, done.responseResponseLen());
                    assertArrayEquals(head, c.space().getBytes(template.responseBuffer(), 200),
                            "the answer to this thread's own request");
                    ok++;
                }
                return ok;
            }));
        }
        start.countDown();
        int ok = 0;
        for (final Future<Integer> r : results) {
            ok += r.get(JOIN_SECONDS, TimeUnit.SECONDS);
        }
        final int total = THREADS * REQUESTS_PER_THREAD;
        assertEquals(total - invalid.get(), ok);
        final AzureBlobStatistics s = d.device().statistics();
        assertEquals(total, s.requestsSubmitted());
        assertEquals(ok, s.requestsSent());
        assertEquals(ok, s.completions());
        assertEquals(invalid.get(), s.errnoCount(Errno.EINVAL));
        assertEquals(0, s.inFlight());
        assertEquals(0, bed.memory.pinnedPageCount());
        assertTrue(maxInUse.get() > 1, "requests were in flight together: " + maxInUse.get());
    }

    @Test
    void oneThreadKeepsHundredsOfRequestsInFlight() throws Exception {
        final VscTestBed.Hosted d = bed.addDevice("relid 1");
        final int count = 300;
        // The host answers nothing until it holds all of them, then answers in reverse order.
        final List<HostRequest> held = Collections.synchronizedList(new ArrayList<>());
        d.host().script((host, request) -> {
            held.add(request);
            if (held.size() == count) {
                for (int i = count - 1; i >= 0; i--) {
                    host.complete(held.get(i).transactionId(), 0, 0x1000 + i, 0);
                }
            }
        });
        final Client c = bed.open(d.device());
        final Random random = new Random(SEED);
        final AzBlobRequestSync template = c.spec(random).build();
        final Map<Long, CompletableFuture<Long>> futures = new ConcurrentHashMap<>();
        final List<Long> vas = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            final long va = c.place(new AzBlobRequestSync(Client.randomGuid(random), 10_000, template.requestLen(),
                    template.responseLen(), 0, 0, template.requestBuffer(), template.responseBuffer(), 0, 0, 0));
            vas.add(va);
            futures.put(va, c.submit(va));
        }
        CompletableFuture.allOf(futures.values().toArray(new CompletableFuture<?>[0])).get(JOIN_SECONDS,
                TimeUnit.SECONDS);
        // The host's i-th received request got status 0x1000 + i; map each struct to its packet by GUID.
        for (int i = 0; i < count; i++) {
            final org.vmbussim.wire.Guid guid = c.read(vas.get(i)).guid();
            int atHost = -1;
            for (int k = 0; k < held.size(); k++) {
                if (held.get(k).guid().equals(guid)) {
                    atHost = k;
                }
            }
            assertEquals(0x1000 + atHost, c.read(vas.get(i)).responseStatus());
        }
        assertEquals(count, d.device().statistics().completions());
    }

    private void raceRemoval(final boolean rescindFirst) throws Exception {
        final VscTestBed.Hosted d = bed.addDevice("relid 1");
        final LongAccumulator maxInUse = new LongAccumulator(Math::max, 0);
        d.host().script(slowEcho(d, maxInUse));
        final AtomicInteger completed = new AtomicInteger();
        final Map<Errno, AtomicInteger> failures = new ConcurrentHashMap<>();
        final CountDownLatch enough = new CountDownLatch(200);
        final List<Future<?>> threads = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            final Client c = bed.open(d.device(), 3000 + t, org.vmbussim.core.devfs.OpenFlags.O_RDWR);
            final Random random = new Random(SEED + t);
            threads.add(callers.submit(() -> {
                final AzBlobRequestSync template = c.spec(random).data(100, 50, 0).build();
                final long va = c.place(template);
                final boolean async = random.nextBoolean();
                while (true) {
                    try {
                        if (async) {
                            c.submit(va).get(JOIN_SECONDS, TimeUnit.SECONDS);
                        } else {
                            c.ioctl(va);
                        }
                        completed.incrementAndGet();
                        enough.countDown();
                    } catch (final ErrnoException | java.util.concurrent.ExecutionException e) {
                        final Throwable cause = e instanceof ErrnoException ? e : e.getCause();
                        final Errno errno = ((ErrnoException) cause).errno();
                        failures.computeIfAbsent(errno, k -> new AtomicInteger()).incrementAndGet();
                        if (errno == Errno.ENODEV) {
                            return null;
                        }
                    }
                }
            }));
        }
        assertTrue(enough.await(JOIN_SECONDS, TimeUnit.SECONDS), "requests flowing before the removal");
        if (rescindFirst) {
            d.channel().guest().rescind();
        }
        d.device().remove();
        for (final Future<?> f : threads) {
            f.get(JOIN_SECONDS, TimeUnit.SECONDS);
        }
        assertEquals(Map.of(Errno.ENODEV, 16), Map.copyOf(failures.entrySet().stream().collect(
                java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get()))),
                "each thread ended with ENODEV and nothing else failed");
        final AzureBlobStatistics s = d.device().statistics();
        assertEquals(completed.get(), s.completions(), "each success was one accepted completion");
        // The host drains its ring on the scheduler, after the senders have returned (a caller that waited may
        // have left the last drain to a worker it woke on its way out).
        eventually(() -> d.host().receivedCount() == s.requestsSent(), "every packet sent reached the host ("
                + s.requestsSent() + " sent)");
        assertEquals(0, s.inFlight());
        assertEquals(0, bed.memory.pinnedPageCount());
        assertEquals(0, d.channel().guest().requestor().inUse());
    }

    @Test
    void removalRacingWithSubmissionsLeavesOneOutcomePerRequest() throws Exception {
        raceRemoval(false);
    }

    @Test
    void rescindRacingWithSubmissionsLeavesOneOutcomePerRequest() throws Exception {
        raceRemoval(true);
    }

    @Test
    void aProcessExitWakesItsBlockedCallerWithEintr() throws Exception {
        final VscTestBed.Hosted d = bed.addDevice("relid 1");
        final Client c = bed.open(d.device());
        final long va = c.spec(new Random(SEED)).timeout(60_000).place();
        final Future<Errno> caller = callers.submit(() -> {
            try {
                c.ioctl(va);
                return null;
            } catch (final ErrnoException e) {
                return e.errno();
            }
        });
        eventually(() -> d.host().receivedCount() == 1, "the request reached the host");
        c.process.exit();
        assertEquals(Errno.EINTR, caller.get(JOIN_SECONDS, TimeUnit.SECONDS));
        assertEquals(1, d.device().statistics().orphaned());
        d.host().complete(d.host().last().transactionId(), 0, 0, 0);
        eventually(() -> bed.memory.pinnedPageCount() == 0, "the late completion unpinned the orphan");
    }

    @Test
    void anInterruptedCallerGetsEintrAndItsRequestIsOrphaned() throws Exception {
        final VscTestBed.Hosted d = bed.addDevice("relid 1");
        final Client c = bed.open(d.device());
        final long va = c.spec(new Random(SEED)).timeout(60_000).place();
        final CompletableFuture<Thread> callerThread = new CompletableFuture<>();
        final Future<Errno> caller = callers.submit(() -> {
            callerThread.complete(Thread.currentThread());
            try {
                c.ioctl(va);
                return null;
            } catch (final ErrnoException e) {
                return e.errno();
            } finally {
                Thread.interrupted();
            }
        });
        eventually(() -> d.host().receivedCount() == 1, "the request reached the host");
        callerThread.get(JOIN_SECONDS, TimeUnit.SECONDS).interrupt();
        assertEquals(Errno.EINTR, caller.get(JOIN_SECONDS, TimeUnit.SECONDS));
        assertEquals(1, d.device().statistics().orphaned());
        assertEquals(Errno.ENODEV, errnoOf(CompletableFuture.supplyAsync(() -> {
            d.device().remove();
            return c.submit(va);
        }).get(JOIN_SECONDS, TimeUnit.SECONDS)), "removal reclaims the orphan; later requests are refused");
    }
}
