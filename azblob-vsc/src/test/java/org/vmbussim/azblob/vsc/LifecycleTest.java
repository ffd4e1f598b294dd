package org.vmbussim.azblob.vsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vmbussim.azblob.vsc.AzureBlobDeviceTest.errnoOf;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vmbussim.azblob.vsc.testing.HostRequest;
import org.vmbussim.azblob.vsc.testing.ScriptedHost;
import org.vmbussim.core.channel.ChannelState;
import org.vmbussim.core.devfs.OpenFlags;
import org.vmbussim.core.process.Credentials;
import org.vmbussim.core.sched.DeterministicScheduler;
import org.vmbussim.uapi.Errno;
import org.vmbussim.uapi.ErrnoException;

/**
 * Removal, rescind, process exit, credential change and file release with requests pending (RELIABILITY
 * C5, C6, V7, V8): every wait bounded, every request one outcome, every page and id given back.
 */
class LifecycleTest {
    private static final long SEED = 19L;
    private static final long DRAIN_MILLIS = 1000;
    private static final long RELEASE_MILLIS = 2000;

    private final Random random = new Random(SEED);
    private final VscTestBed bed = new VscTestBed(new DeterministicScheduler(SEED), 4096, AzureBlobConfig.builder()
            .graceMillis(500).removeDrainMillis(DRAIN_MILLIS).releaseWaitMillis(RELEASE_MILLIS));

    @AfterEach
    void noLeaks() {
        bed.close();
    }

    private long now() {
        return bed.scheduler.nanoTime();
    }

    private CompletableFuture<Long> submitHeld(final Client c, final int timeoutMillis) {
        final CompletableFuture<Long> f = c.submit(c.spec(random).timeout(timeoutMillis).place());
        bed.settle();
        return f;
    }

    @Test
    void removalWaitsForWhatTheHostCompletesWithinTheBound() {
        final VscTestBed.Hosted d = bed.addDevice("relid 1");
        final Client c = bed.open(d.device());
        final CompletableFuture<Long> f = submitHeld(c, 60_000);
        d.host().completeLater(d.host().last().transactionId(), 0, 300, TimeUnit.MILLISECONDS);
        final long start = now();
        d.device().remove();
        assertEquals(TimeUnit.MILLISECONDS.toNanos(300), now() - start, "removal ended with the drain");
        assertEquals(0L, f.join());
        assertTrue(d.device().isRemoved());
        assertEquals(List.of(), bed.devfs.list(), "the node is gone");
        assertTrue(d.device().objectName().isEmpty() || !VscTestBed.mbeans().contains(
                d.device().objectName().get()));
        assertEquals(ChannelState.CLOSED, d.channel().guest().state());
        assertEquals(Errno.ENODEV, assertThrows(ErrnoException.class,
                () -> c.ioctl(c.spec(random).place())).errno(), "an old handle gets ENODEV");
        assertEquals(Errno.ENOENT, assertThrows(ErrnoException.class,
                () -> bed.open(d.device())).errno(), "no new opens");
    }

    @Test
    void removalFailsWhatTheHostHasNotCompletedByTheBoundAndGivesEverythingBack() {
        final VscTestBed.Hosted d = bed.addDevice("relid 1");
        final Client c = bed.open(d.device());
        final CompletableFuture<Long> orphan = submitHeld(c, 100);
        bed.deterministicScheduler().advanceBy(600, TimeUnit.MILLISECONDS);
        assertEquals(Errno.ETIMEDOUT, errnoOf(orphan));
        final CompletableFuture<Long> inFlight = submitHeld(c, 60_000);
        assertEquals(2, d.channel().guest().requestor().inUse());
        final long start = now();
        d.device().remove();
        assertEquals(TimeUnit.MILLISECONDS.toNanos(DRAIN_MILLIS), now() - start, "bounded by removeDrainMillis");
        assertEquals(Errno.ENODEV, errnoOf(inFlight));
        assertEquals(0, bed.memory.pinnedPageCount(), "the orphan's pages too");
        assertEquals(0, d.channel().guest().requestor().inUse());
        final int received = d.host().receivedCount();
        d.host().complete(1, 0, 0, 0);
        bed.settle();
        assertEquals(received, d.host().receivedCount(), "nothing sent after close");
    }

    @Test
    void removalDoesNotWaitForOpenFiles() {
        final VscTestBed.Hosted d = bed.addDevice("relid 1");
        final Client c = bed.open(d.device());
        final long start = now();
        d.device().remove();
        assertEquals(start, now());
        assertTrue(c.handle.isOpen());
        c.handle.close();
    }

    @Test
    void aSubmissionAfterRemovalBeganIsEnodevWithoutTouchingTheChannel() {
        final VscTestBed.Hosted d = bed.addDevice("relid 1");
        final Client c = bed.open(d.device());
        final CompletableFuture<Long> f = submitHeld(c, 60_000);
        final CompletableFuture<Void> removed = d.device().beginRemove();
        assertFalse(removed.isDone(), "waiting for the request in flight");
        assertTrue(d.device().isRemoving());
        final CompletableFuture<Long> late = c.submit(c.spec(random).place());
        assertEquals(Errno.ENODEV, errnoOf(late));
        bed.settle();
        assertEquals(1, d.host().receivedCount());
        d.host().complete(d.host().last().transactionId(), 0, 0, 0);
        bed.settle();
        assertEquals(0L, f.join());
        assertTrue(removed.isDone(), "the last completion finished the removal");
    }

    @Test
    void aRescindFailsEveryRequestAtOnceAndRemovalThenFinishesAtOnce() {
        final VscTestBed.Hosted d = bed.addDevice("relid 1");
        final Client c = bed.open(d.device());
        final List<CompletableFuture<Long>> futures = new ArrayList<>();
        for (int i = 0; i < AzureBlobDriver.REQUESTOR_SIZE + 3; i++) {
            futures.add(c.submit(c.spec(random).timeout(60_000).place()));
            bed.settle();
        }
        assertEquals(3, d.device().statistics().waitingToSend());
        d.channel().guest().rescind();
        for (final CompletableFuture<Long> f : futures) {
            assertEquals(Errno.ENODEV, errnoOf(f));
        }
        assertEquals(0, bed.memory.pinnedPageCount());
        assertEquals(0, d.channel().guest().requestor().inUse());
        assertEquals(Errno.ENODEV, errnoOf(c.submit(c.spec(random).place())), "the send finds the channel gone");
        final long start = now();
        d.device().remove();
        assertEquals(start, now());
    }

    @Test
    void aProcessThatExitsLeavesItsRequestsOrphanedUntilTheHostCompletes() {
        final VscTestBed.Hosted d = bed.addDevice("relid 1");
        final Client c = bed.open(d.device());
        final CompletableFuture<Long> f = submitHeld(c, 60_000);
        final long pinned = bed.memory.pinnedPageCount();
        c.process.exit();
        assertEquals(Errno.EINTR, errnoOf(f));
        assertFalse(c.handle.isOpen(), "exit released the file");
        assertEquals(pinned, bed.memory.pinnedPageCount(), "the host may still write those pages");
        assertEquals(1, d.device().statistics().orphaned());
        d.host().complete(d.host().last().transactionId(), 0, 0, 0);
        bed.settle();
        assertEquals(0, bed.memory.pinnedPageCount());
        assertEquals(0, d.channel().guest().requestor().inUse());
        assertEquals(0, d.device().statistics().openFiles(), "the released file is dropped with its last request");
    }

    @Test
    void aCredentialChangeRefusesNewRequestsButNotThoseInFlight() {
        final VscTestBed.Hosted d = bed.addDevice("relid 1");
        final Client c = bed.open(d.device());
        final long va = c.spec(random).place();
        final CompletableFuture<Long> f = c.submit(va);
        bed.settle();
        c.process.setCredentials(Credentials.of(0, 0));
        d.host().complete(d.host().last().transactionId(), 0, 5, 0);
        bed.settle();
        assertEquals(0L, f.join());
        assertEquals(5, c.read(va).responseStatus());
        assertEquals(Errno.EACCES, assertThrows(ErrnoException.class,
                () -> c.ioctl(c.spec(random).place())).errno());
    }

    @Test
    void releaseWaitsForItsOwnRequestsOnlyAndOnlyForABoundedTime() {
        final VscTestBed.Hosted d = bed.addDevice("relid 1");
        final Client a = bed.open(d.device());
        final Client b = bed.open(d.device());
        final CompletableFuture<Long> held = submitHeld(b, 60_000);
        final HostRequest heldAtHost = d.host().last();
        final CompletableFuture<Long> answered = submitHeld(a, 60_000);
        d.host().completeLater(d.host().last().transactionId(), 0, 300, TimeUnit.MILLISECONDS);

        long start = now();
        a.handle.close();
        assertEquals(TimeUnit.MILLISECONDS.toNanos(300), now() - start, "waited for its own request only");
        assertEquals(0L, answered.join());
        assertFalse(held.isDone());

        start = now();
        b.handle.close();
        assertEquals(TimeUnit.MILLISECONDS.toNanos(RELEASE_MILLIS), now() - start, "bounded");
        assertFalse(held.isDone(), "the request goes on after release");
        assertEquals(1, d.device().statistics().openFiles(), "kept while the host holds its request");
        d.host().complete(heldAtHost.transactionId(), 0, 0, 0);
        bed.settle();
        assertEquals(0L, held.join());
        assertEquals(0, d.device().statistics().openFiles());
    }

    @Test
    void twoDevicesWorkSideBySide() {
        final VscTestBed.Hosted first = bed.addDevice("relid 1");
        final VscTestBed.Hosted second = bed.addDevice("relid 2");
        assertEquals("/dev/azure_blob", first.device().path());
        assertEquals("/dev/azure_blob1", second.device().path());
        first.host().script(ScriptedHost.Script.status(1));
        second.host().script(ScriptedHost.Script.status(2));
        final Client c1 = bed.open(first.device());
        final Client c2 = bed.open(second.device(), 1001, OpenFlags.O_RDWR);
        final long va1 = c1.spec(random).place();
        final long va2 = c2.spec(random).place();
        c1.ioctl(va1);
        c2.ioctl(va2);
        assertEquals(1, c1.read(va1).responseStatus());
        assertEquals(2, c2.read(va2).responseStatus());
        assertEquals(1, first.host().receivedCount());
        assertEquals(1, second.host().receivedCount());
        assertFalse(first.device().objectName().equals(second.device().objectName()));

        first.device().remove();
        assertEquals(List.of("/dev/azure_blob1"), bed.devfs.list());
        final long again = c2.spec(random).place();
        assertEquals(0, c2.ioctl(again));
        assertEquals(2, c2.read(again).responseStatus());
        assertEquals(List.of(second.device()), bed.driver.devices());
        final VscTestBed.Hosted third = bed.addDevice("relid 3");
        assertEquals("/dev/azure_blob", third.device().path(), "the freed name is reused");
    }
}
