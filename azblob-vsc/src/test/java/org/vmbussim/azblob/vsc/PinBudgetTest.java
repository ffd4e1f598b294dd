package org.vmbussim.azblob.vsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vmbussim.azblob.vsc.AzureBlobDeviceTest.errnoOf;

import java.util.ArrayList;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAccumulator;
import org.junit.jupiter.api.Test;
import org.vmbussim.azblob.vsc.testing.ScriptedHost;
import org.vmbussim.core.devfs.OpenFlags;
import org.vmbussim.core.memory.HvPage;
import org.vmbussim.core.sched.DeterministicScheduler;
import org.vmbussim.core.sched.ThreadedScheduler;
import org.vmbussim.uapi.Errno;
import org.vmbussim.uapi.ErrnoException;

/**
 * The driver-wide pin budget (RELIABILITY V3): a request that would take the pages pinned by all devices,
 * files and processes of the guest past {@link AzureBlobConfig#maxPinnedPages()} fails with {@code ENOMEM}
 * (Linux's errno for {@code RLIMIT_MEMLOCK} pin accounting) and pins nothing; the charge comes back when
 * the pages do, whatever ended the request: completion, timeout (after the host lets go), process exit,
 * removal.
 */
class PinBudgetTest {
    private static final long SEED = 0x91B;
    /** Pages of a request with 58 data pages: one request page, one response page, 58 data pages. */
    private static final int SIXTY = 60;

    private static VscTestBed deterministicBed(final long budgetPages) {
        return new VscTestBed(new DeterministicScheduler(SEED), 4096, AzureBlobConfig.builder()
                .maxPinnedPages(budgetPages).graceMillis(500));
    }

    /** A request of exactly {@code pages} pages: one request page, one response page, the rest data. */
    private static long place(final Client c, final Random random, final int pages, final int timeoutMillis) {
        final int dataBytes = (pages - 2) * HvPage.PAGE_SIZE;
        return c.spec(random).timeout(timeoutMillis).data(dataBytes, 0, 0).place();
    }

    @Test
    void aRequestThatWouldPassTheBudgetFailsWithEnomemAndPinsNothing() {
        final Random random = new Random(SEED);
        try (VscTestBed bed = deterministicBed(100)) {
            final VscTestBed.Hosted d = bed.addDevice("relid 1");
            final Client c = bed.open(d.device());
            final CompletableFuture<Long> first = c.submit(place(c, random, SIXTY, 60_000));
            bed.settle();
            assertEquals(SIXTY, bed.driver.pinnedPages());
            assertEquals(SIXTY, bed.memory.pinnedPageCount());

            final CompletableFuture<Long> second = c.submit(place(c, random, SIXTY, 60_000));
            assertEquals(Errno.ENOMEM, errnoOf(second));
            assertEquals(SIXTY, bed.memory.pinnedPageCount(), "the refused request pinned nothing");
            assertEquals(SIXTY, bed.driver.pinnedPages());
            assertEquals(1, d.host().receivedCount(), "nor was it sent");
            assertEquals(1, bed.driver.pinBudgetRefusals());
            assertEquals(1, d.device().statistics().errnoCount(Errno.ENOMEM));

            // Exactly up to the limit fits: 40 more pages.
            final CompletableFuture<Long> fits = c.submit(place(c, random, 100 - SIXTY, 60_000));
            bed.settle();
            assertFalse(fits.isDone());
            assertEquals(100, bed.driver.pinnedPages());
            assertEquals(Errno.ENOMEM, errnoOf(c.submit(place(c, random, 3, 60_000))), "not one page more");

            d.host().complete(d.host().received().get(0).transactionId(), 0, 0, 0);
            d.host().complete(d.host().received().get(1).transactionId(), 0, 0, 0);
            bed.settle();
            assertEquals(0L, first.join());
            assertEquals(0L, fits.join());
            assertEquals(0, bed.driver.pinnedPages(), "the budget comes back with the pages");
            assertEquals(100, bed.driver.peakPinnedPages());
            d.host().script(ScriptedHost.Script.status(0));
            assertEquals(0L, c.ioctl(place(c, random, SIXTY, 60_000)), "room again");
            assertEquals(0, bed.driver.pinnedPages());
        }
    }

    @Test
    void theBudgetIsSharedByEveryDeviceAndProcessOfTheDriver() {
        final Random random = new Random(SEED + 1);
        try (VscTestBed bed = deterministicBed(100)) {
            final VscTestBed.Hosted d1 = bed.addDevice("relid 1");
            final VscTestBed.Hosted d2 = bed.addDevice("relid 2");
            final Client a = bed.open(d1.device(), 1000, OpenFlags.O_RDWR);
            final Client b = bed.open(d2.device(), 1001, OpenFlags.O_RDWR);
            final CompletableFuture<Long> held = a.submit(place(a, random, SIXTY, 60_000));
            bed.settle();
            assertEquals(Errno.ENOMEM, errnoOf(b.submit(place(b, random, SIXTY, 60_000))),
                    "another process on another device draws from the same budget");
            assertEquals(0, d2.host().receivedCount());
            d1.host().complete(d1.host().last().transactionId(), 0, 0, 0);
            bed.settle();
            assertEquals(0L, held.join());
            assertEquals(0, bed.driver.pinnedPages());
        }
    }

    @Test
    void aTimedOutOrphanKeepsItsChargeUntilTheHostLetsGoAndRemovalReturnsTheRest() {
        final Random random = new Random(SEED + 2);
        try (VscTestBed bed = deterministicBed(100)) {
            final VscTestBed.Hosted d = bed.addDevice("relid 1");
            final Client c = bed.open(d.device());
            final long va = place(c, random, SIXTY, 100);
            assertEquals(Errno.ETIMEDOUT, assertThrows(ErrnoException.class, () -> c.ioctl(va)).errno());
            assertEquals(SIXTY, bed.driver.pinnedPages(), "an orphan's pages stay pinned, and charged");
            assertEquals(Errno.ENOMEM, errnoOf(c.submit(place(c, random, SIXTY, 100))));
            d.host().complete(d.host().last().transactionId(), 0, 0, 0);
            bed.settle();
            assertEquals(0, bed.driver.pinnedPages(), "the late answer frees the pages and the charge");

            // A second orphan is never answered: removal gives it back.
            assertEquals(Errno.ETIMEDOUT, assertThrows(ErrnoException.class,
                    () -> c.ioctl(place(c, random, SIXTY, 100))).errno());
            assertEquals(SIXTY, bed.driver.pinnedPages());
            d.device().remove();
            bed.settle();
            assertEquals(0, bed.driver.pinnedPages());
            assertEquals(0, bed.memory.pinnedPageCount());
        }
    }

    @Test
    void aProcessExitOrphansItsRequestsAndTheirChargeEndsWithTheHostsAnswer() {
        final Random random = new Random(SEED + 3);
        try (VscTestBed bed = deterministicBed(100)) {
            final VscTestBed.Hosted d = bed.addDevice("relid 1");
            final Client c = bed.open(d.device());
            final CompletableFuture<Long> f = c.submit(place(c, random, SIXTY, 60_000));
            bed.settle();
            c.process.exit();
            assertEquals(Errno.EINTR, errnoOf(f));
            assertEquals(SIXTY, bed.driver.pinnedPages());
            d.host().complete(d.host().last().transactionId(), 0, 0, 0);
            bed.settle();
            assertEquals(0, bed.driver.pinnedPages());
        }
    }

    /**
     * 32 threads on 8 handles of 4 processes over 2 devices, requests of 2 to 400 pages against a budget
     * of 1 000 pages and a host that answers after a delay: every request either completes or fails with
     * {@code ENOMEM}; a sampler thread never sees more pages pinned than the budget; everything comes back.
     */
    @Test
    void manyThreadsAndHandlesNeverPinMoreThanTheBudget() throws Exception {
        final int threads = 32;
        final int requestsPerThread = 20;
        final long budget = 1_000;
        final ThreadedScheduler scheduler = new ThreadedScheduler("pin-budget", 2);
        final ExecutorService callers = Executors.newFixedThreadPool(threads + 1);
        try (VscTestBed bed = new VscTestBed(scheduler, 16_384, AzureBlobConfig.builder().maxPinnedPages(budget)
                .graceMillis(5_000))) {
            final List<VscTestBed.Hosted> devices = List.of(bed.addDevice("relid 1"), bed.addDevice("relid 2"));
            for (final VscTestBed.Hosted d : devices) {
                d.host().script(ScriptedHost.Script.later(ScriptedHost.Script.status(0), 1, TimeUnit.MILLISECONDS));
            }
            final List<Client> clients = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                clients.add(bed.open(devices.get(i % 2).device(), 1000 + i % 4, OpenFlags.O_RDWR));
            }
            final AtomicBoolean sampling = new AtomicBoolean(true);
            final LongAccumulator mostPinned = new LongAccumulator(Math::max, 0);
            final Future<?> sampler = callers.submit(() -> {
                while (sampling.get()) {
                    mostPinned.accumulate(bed.memory.pinnedPageCount());
                    mostPinned.accumulate(bed.driver.pinnedPages());
                    Thread.onSpinWait();
                }
            });
            final Map<Object, AtomicInteger> outcomes = new ConcurrentHashMap<>();
            final CountDownLatch start = new CountDownLatch(1);
            final List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                final Client c = clients.get(t % clients.size());
                final Random random = new Random(SEED * 31 + t);
                done.add(callers.submit(() -> {
                    // One area per thread, reused: request page, response page, up to 398 data pages.
                    final long area = c.map(400L * HvPage.PAGE_SIZE);
                    start.await();
                    for (int i = 0; i < requestsPerThread; i++) {
                        final int pages = 2 + random.nextInt(399);
                        final long va = c.spec(random).timeout(10_000).data((pages - 2) * HvPage.PAGE_SIZE, 0, 0)
                                .at(area, area + HvPage.PAGE_SIZE, pages == 2 ? 0 : area + 2L * HvPage.PAGE_SIZE)
                                .place();
                        Object outcome;
                        try {
                            outcome = c.ioctl(va);
                        } catch (final ErrnoException e) {
                            outcome = e.errno();
                        }
                        outcomes.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (final Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            sampling.set(false);
            sampler.get(10, TimeUnit.SECONDS);
            final int total = outcomes.values().stream().mapToInt(AtomicInteger::get).sum();
            assertEquals(threads * requestsPerThread, total, outcomes.toString());
            assertEquals(total, outcomes.getOrDefault(0L, new AtomicInteger()).get()
                    + outcomes.getOrDefault(Errno.ENOMEM, new AtomicInteger()).get(), "only 0 or ENOMEM: " + outcomes);
            assertTrue(outcomes.containsKey(0L) && outcomes.containsKey(Errno.ENOMEM), "both happened: " + outcomes);
            assertTrue(mostPinned.get() <= budget, "pinned at most " + mostPinned.get() + " of " + budget);
            assertTrue(bed.driver.peakPinnedPages() <= budget);
            assertEquals(0, bed.driver.pinnedPages());
            assertEquals(0, bed.memory.pinnedPageCount());
        } finally {
            callers.shutdownNow();
            assertTrue(callers.awaitTermination(10, TimeUnit.SECONDS));
        }
    }
}
