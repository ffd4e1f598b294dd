package org.vmbussim.azblob.vsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.vmbussim.azblob.vsc.AzureBlobDeviceTest.errnoOf;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vmbussim.azblob.vsc.testing.HostRequest;
import org.vmbussim.core.devfs.OpenFlags;
import org.vmbussim.core.sched.DeterministicScheduler;
import org.vmbussim.uapi.AzBlobRequestSync;
import org.vmbussim.uapi.Errno;

/**
 * A full ring or requestor waits for room within the request's deadline (the seed returned
 * {@code EAGAIN} at once); a non-blocking file still gets {@code EAGAIN} at once. Submissions here do not
 * run the scheduler, so the host reads nothing until the test lets it.
 */
class FlowControlTest {
    private static final long SEED = 128L * 1024;
    /** 3998 data pages + 1 + 1: a 32,096-byte packet; three fit the 126,976-byte ring, a fourth does not. */
    private static final int DATA_PAGES = 3998;

    private final Random random = new Random(SEED);
    private final VscTestBed bed = new VscTestBed(new DeterministicScheduler(SEED), DATA_PAGES + 2048,
            AzureBlobConfig.builder().graceMillis(500));

    @AfterEach
    void noLeaks() {
        bed.close();
    }

    /** Structs for {@code count} requests sharing one set of buffers. */
    private static List<Long> sharedBufferRequests(final Client c, final Random random, final int count,
            final int dataPages, final int timeoutMillis) {
        final AzBlobRequestSync first = c.spec(random).request(4096, 0).response(4096, 0)
                .data(dataPages * 4096, 0, 0).build();
        final List<Long> vas = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            vas.add(c.place(new AzBlobRequestSync(Client.randomGuid(random), timeoutMillis, first.requestLen(),
                    first.responseLen(), first.dataLen(), 0, first.requestBuffer(), first.responseBuffer(),
                    first.dataBuffer(), 0, 0)));
        }
        return vas;
    }

    private List<CompletableFuture<Long>> submitAll(final Client c, final List<Long> vas) {
        final List<CompletableFuture<Long>> out = new ArrayList<>();
        for (final long va : vas) {
            out.add(c.submit(va));
        }
        return out;
    }

    private static void completeAll(final VscTestBed.Hosted d, final List<HostRequest> requests) {
        for (final HostRequest r : requests) {
            d.host().complete(r.transactionId(), 0, 0, 0);
        }
    }

    @Test
    void aFullRingWaitsForTheHostToMakeRoom() {
        final VscTestBed.Hosted d = bed.addDevice("ring");
        final Client c = bed.open(d.device());
        final List<CompletableFuture<Long>> futures = submitAll(c, sharedBufferRequests(c, random, 4, DATA_PAGES,
                10_000));
        assertEquals(3, d.device().statistics().requestsSent());
        assertEquals(1, d.device().statistics().waitingToSend(), "the fourth waits for ring space");
        assertEquals(1, d.channel().guest().statistics().ringFullEvents());

        bed.settle(); // the host reads, crosses pending_send_sz, signals; the fourth goes out
        assertEquals(4, d.device().statistics().requestsSent());
        assertEquals(0, d.device().statistics().waitingToSend());
        assertEquals(4, d.host().receivedCount());
        completeAll(d, d.host().received());
        bed.settle();
        for (final CompletableFuture<Long> f : futures) {
            assertEquals(0L, f.join());
        }
    }

    @Test
    void aFullRingIsEagainAtOnceForANonBlockingFile() {
        final VscTestBed.Hosted d = bed.addDevice("ring");
        final Client c = bed.open(d.device(), 1000, OpenFlags.O_RDWR | OpenFlags.O_NONBLOCK);
        final List<Long> vas = sharedBufferRequests(c, random, 4, DATA_PAGES, 10_000);
        final List<CompletableFuture<Long>> futures = submitAll(c, vas);
        assertEquals(Errno.EAGAIN, errnoOf(futures.get(3)));
        final long dataPfn = c.space().translate(c.read(vas.get(0)).dataBuffer());
        assertEquals(3, bed.memory.pinCount(dataPfn), "the refused request left no pin behind");
        bed.settle();
        completeAll(d, d.host().received());
        bed.settle();
        assertEquals(3, d.host().receivedCount());
    }

    @Test
    void aFullRequestorWaitsForACompletionToFreeAnId() {
        final VscTestBed.Hosted d = bed.addDevice("requestor");
        final Client c = bed.open(d.device());
        final List<Long> vas = sharedBufferRequests(c, random, AzureBlobDriver.REQUESTOR_SIZE + 1, 0, 10_000);
        final List<CompletableFuture<Long>> futures = new ArrayList<>();
        for (final long va : vas) {
            futures.add(c.submit(va));
            bed.settle(); // let the host drain the ring; only the ids run out
        }
        assertEquals(AzureBlobDriver.REQUESTOR_SIZE, d.channel().guest().requestor().inUse());
        assertEquals(AzureBlobDriver.REQUESTOR_SIZE, d.host().receivedCount());
        assertEquals(1, d.device().statistics().waitingToSend());

        final HostRequest seventh = d.host().received().get(6);
        d.host().complete(seventh.transactionId(), 0, 0, 0);
        bed.settle();
        assertEquals(AzureBlobDriver.REQUESTOR_SIZE + 1, d.host().receivedCount(), "the waiter went out");
        assertEquals(seventh.transactionId(), d.host().last().transactionId(), "with the id just freed");
        assertEquals(0L, futures.get(6).join());

        final List<HostRequest> rest = new ArrayList<>(d.host().received());
        rest.remove(6);
        completeAll(d, rest);
        bed.settle();
        for (final CompletableFuture<Long> f : futures) {
            assertEquals(0L, f.join());
        }
        assertEquals(0, d.channel().guest().requestor().inUse());
    }

    @Test
    void aFullRequestorIsEagainAtOnceForANonBlockingFile() {
        final VscTestBed.Hosted d = bed.addDevice("requestor");
        final Client c = bed.open(d.device(), 1000, OpenFlags.O_RDWR | OpenFlags.O_NONBLOCK);
        final List<Long> vas = sharedBufferRequests(c, random, AzureBlobDriver.REQUESTOR_SIZE + 1, 0, 10_000);
        final List<CompletableFuture<Long>> futures = new ArrayList<>();
        for (final long va : vas) {
            futures.add(c.submit(va));
            bed.settle();
        }
        assertEquals(Errno.EAGAIN, errnoOf(futures.get(AzureBlobDriver.REQUESTOR_SIZE)));
        assertEquals(AzureBlobDriver.REQUESTOR_SIZE, d.host().receivedCount());
        completeAll(d, d.host().received());
        bed.settle();
        assertEquals(0, d.channel().guest().requestor().inUse());
    }

    @Test
    void aRequestStillWaitingForRoomAtItsDeadlineIsEagainAndReleasesEverything() {
        final VscTestBed.Hosted d = bed.addDevice("requestor");
        final Client c = bed.open(d.device());
        final List<Long> vas = sharedBufferRequests(c, random, AzureBlobDriver.REQUESTOR_SIZE, 0, 10_000);
        final List<CompletableFuture<Long>> futures = new ArrayList<>();
        for (final long va : vas) {
            futures.add(c.submit(va));
        }
        bed.settle();
        final long late = sharedBufferRequests(c, random, 1, 0, 100).get(0);
        final CompletableFuture<Long> waiting = c.submit(late);
        final long pfn = c.space().translate(c.read(late).requestBuffer());
        assertEquals(1, bed.memory.pinCount(pfn), "its own buffers are pinned while it waits");

        bed.deterministicScheduler().advanceBy(600, TimeUnit.MILLISECONDS);
        assertEquals(Errno.EAGAIN, errnoOf(waiting), "never sent: safe to retry");
        assertEquals(0, bed.memory.pinCount(pfn), "its pins are gone");
        assertEquals(0, d.device().statistics().waitingToSend());
        for (final CompletableFuture<Long> f : futures) {
            assertFalse(f.isDone());
        }
        completeAll(d, d.host().received());
        bed.settle();
        assertEquals(AzureBlobDriver.REQUESTOR_SIZE, d.host().receivedCount(), "the expired one was never sent");
    }
}
