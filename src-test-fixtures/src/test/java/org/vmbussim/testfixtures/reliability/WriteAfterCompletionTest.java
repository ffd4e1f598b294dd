package org.vmbussim.testfixtures.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.vmbussim.core.devfs.FileHandle;
import org.vmbussim.core.memory.GuestMemory;
import org.vmbussim.core.memory.HvPage;
import org.vmbussim.core.memory.PfnListRegion;
import org.vmbussim.core.memory.RegionRevokedException;
import org.vmbussim.core.packet.GpaRange;
import org.vmbussim.core.process.AddressSpace;
import org.vmbussim.core.process.Protection;
import org.vmbussim.core.process.SimProcess;
import org.vmbussim.core.sched.DeterministicScheduler;
import org.vmbussim.testfixtures.bed.AzureBlobTestBed;
import org.vmbussim.uapi.AzBlobRequestSync;
import org.vmbussim.uapi.Errno;
import org.vmbussim.uapi.ErrnoException;
import org.vmbussim.uapi.Ioctl;
import org.vmbussim.wire.Guid;

/**
 * RELIABILITY S2 (b), "keeps writing into the data pages after completing", against a hostile host that keeps
 * its view of a request's pages ({@link PfnListRegion} over the packet's PFN list, as any host builds) and
 * writes through it after the guest took the completion:
 * <ul>
 *   <li>what the guest reports (the ioctl's result, {@code response_status}, {@code response_len}) is fixed
 *       at completion: later writes never change it (they cannot reach the struct, which is not in the list);
 *   <li>once the process is gone and its pages belong to another process, the stale view refuses every
 *       access with {@link RegionRevokedException} and the other process's bytes are untouched;</li>
 *   <li>an orphan (timed out, process exited) keeps its pages pinned, so late host writes land in those
 *       pages, never in another process's, until the host completes it; after that the view is dead too.</li>
 * </ul>
 * What is NOT prevented, as in Linux without an IOMMU: a host that ignores its view's end and builds a new
 * one from remembered PFNs reaches whatever the pages hold now; and while the caller keeps its buffers
 * mapped, a hostile host's late writes do land in them (the response and data are written zero-copy).
 */
class WriteAfterCompletionTest {
    private static final byte GARBAGE = (byte) 0xBD;
    private static final byte VICTIM = (byte) 0x5C;

    /** Maps request (1 page), response (1 page) and data (3 pages) buffers and the struct; returns the struct. */
    private static long request(final SimProcess p, final int timeoutMillis) {
        final AddressSpace as = p.addressSpace();
        final long base = as.mmap(6L * HvPage.PAGE_SIZE, Protection.READ_WRITE);
        final byte[] head = UserRequests.head("GET /devstoreaccount1/c/b", 0).getBytes(StandardCharsets.US_ASCII);
        as.putBytes(base + HvPage.PAGE_SIZE, head);
        new AzBlobRequestSync(Guid.NIL, timeoutMillis, head.length, 256, 3 * HvPage.PAGE_SIZE, 0,
                base + HvPage.PAGE_SIZE, base + 2L * HvPage.PAGE_SIZE, base + 3L * HvPage.PAGE_SIZE, 0, 0)
                .write(as, base);
        return base;
    }

    /** A request the hostile host has read: its process, struct, future, and the host's view of its pages. */
    private record AtHost(SimProcess process, long struct, CompletableFuture<Long> future, PfnListRegion view) {
    }

    /** A new process submits one request; the host reads it and keeps its own view of the request's pages. */
    private static AtHost submitToTheHost(final AzureBlobTestBed bed, final InterceptingHostModel host,
            final int timeoutMillis) {
        final SimProcess p = bed.spawnProcess();
        final FileHandle fd = bed.open(p, 0);
        final long struct = request(p, timeoutMillis);
        final CompletableFuture<Long> future = fd.submit(p, Ioctl.IOCTL_AZ_BLOB_DRIVER_USER_REQUEST, struct);
        ((DeterministicScheduler) bed.scheduler()).runUntilIdle();
        final GpaRange range = host.seenRanges().get(host.seenRanges().size() - 1);
        return new AtHost(p, struct, future, PfnListRegion.of(bed.vm().memory(), range.pfns(), range.byteOffset(),
                range.byteCount()));
    }

    private static void scribble(final PfnListRegion view) {
        final byte[] garbage = new byte[(int) view.length()];
        Arrays.fill(garbage, GARBAGE);
        view.putBytes(0, garbage, 0, garbage.length);
    }

    /** Another process takes every free page and fills it; returns its mapping. */
    private static long takeAllFreeMemory(final SimProcess other, final GuestMemory memory) {
        final long pages = memory.freePageCount();
        final long va = other.addressSpace().mmap(pages * HvPage.PAGE_SIZE, Protection.READ_WRITE);
        final byte[] fill = new byte[(int) pages * HvPage.PAGE_SIZE];
        Arrays.fill(fill, VICTIM);
        other.addressSpace().putBytes(va, fill);
        return va;
    }

    private static Set<Long> pfnsOf(final SimProcess p, final long va, final long pages) {
        final Set<Long> pfns = new HashSet<>();
        for (long i = 0; i < pages; i++) {
            pfns.add(p.addressSpace().translate(va + i * HvPage.PAGE_SIZE));
        }
        return pfns;
    }

    @Test
    void lateWritesNeverChangeTheResultAndNeverReachTheProcessThatReusedThePages() {
        final AtomicReference<InterceptingHostModel> host = new AtomicReference<>();
        try (AzureBlobTestBed bed = SecurityTest.hostileBed(host)) {
            final GuestMemory memory = bed.vm().memory();
            final DeterministicScheduler scheduler = (DeterministicScheduler) bed.scheduler();
            final AtHost r = submitToTheHost(bed, host.get(), 10_000);
            final SimProcess a = r.process();
            final long struct = r.struct();
            final CompletableFuture<Long> done = r.future();
            final PfnListRegion view = r.view();
            host.get().complete(host.get().seenIds().get(0), 201, 17, 0, 12);
            scheduler.runUntilIdle();
            assertEquals(0L, done.join());

            scribble(view); // the caller still has the pages: the writes land (zero-copy buffers, no IOMMU)
            final AzBlobRequestSync after = AzBlobRequestSync.read(a.addressSpace(), struct);
            assertEquals(201, after.responseStatus(), "fixed at completion");
            assertEquals(17, after.responseResponseLen(), "fixed at completion");
            assertEquals(0, memory.pinnedPageCount(), "the guest unpinned at completion");

            final Set<Long> requestPages = new HashSet<>();
            for (final long pfn : view.pfns()) {
                requestPages.add(pfn);
            }
            a.exit();
            final SimProcess b = bed.spawnProcess();
            final long pages = memory.freePageCount();
            final long bva = takeAllFreeMemory(b, memory);
            final Set<Long> reused = pfnsOf(b, bva, pages);
            reused.retainAll(requestPages);
            assertFalse(reused.isEmpty(), "the other process now owns pages of the finished request");

            final RegionRevokedException e = assertThrows(RegionRevokedException.class, () -> scribble(view));
            assertEquals(RegionRevokedException.Reason.PAGE_RELEASED, e.reason());
            assertThrows(RegionRevokedException.class, () -> view.putLongLE(view.length() - 8, -1L));
            final byte[] expected = new byte[(int) pages * HvPage.PAGE_SIZE];
            Arrays.fill(expected, VICTIM);
            assertArrayEquals(expected, b.addressSpace().getBytes(bva, expected.length),
                    "not one byte of the late writes reached the other process");
        }
    }

    @Test
    void anOrphansPagesStayItsOwnUntilTheHostCompletesItAndThenTheViewIsDead() {
        final AtomicReference<InterceptingHostModel> host = new AtomicReference<>();
        try (AzureBlobTestBed bed = SecurityTest.hostileBed(host)) {
            final GuestMemory memory = bed.vm().memory();
            final DeterministicScheduler scheduler = (DeterministicScheduler) bed.scheduler();
            final AtHost r = submitToTheHost(bed, host.get(), 100);
            final SimProcess a = r.process();
            final CompletableFuture<Long> orphaned = r.future();
            final PfnListRegion view = r.view();
            scheduler.advanceBy(1, TimeUnit.MINUTES);
            scheduler.runUntilIdle();
            final CompletionException timedOut = assertThrows(CompletionException.class, orphaned::join);
            assertEquals(Errno.ETIMEDOUT, ((ErrnoException) timedOut.getCause()).errno());
            a.exit();
            assertTrue(memory.pinnedPageCount() > 0, "the orphan keeps its pages pinned after the exit");

            final SimProcess b = bed.spawnProcess();
            final long pages = memory.freePageCount();
            final long bva = takeAllFreeMemory(b, memory);
            final Set<Long> bPages = pfnsOf(b, bva, pages);
            for (final long pfn : view.pfns()) {
                assertFalse(bPages.contains(pfn), "a pinned page went to another process");
            }
            scribble(view); // lands in the orphan's own pages, freed-while-pinned
            final byte[] expected = new byte[(int) pages * HvPage.PAGE_SIZE];
            Arrays.fill(expected, VICTIM);
            assertArrayEquals(expected, b.addressSpace().getBytes(bva, expected.length));

            host.get().complete(host.get().seenIds().get(0), 0, 0, 0, 12);
            scheduler.runUntilIdle();
            assertEquals(0, memory.pinnedPageCount(), "the late completion released the pages");
            assertEquals(RegionRevokedException.Reason.PAGE_RELEASED,
                    assertThrows(RegionRevokedException.class, () -> scribble(view)).reason());
            assertArrayEquals(expected, b.addressSpace().getBytes(bva, expected.length));
        }
    }
}
