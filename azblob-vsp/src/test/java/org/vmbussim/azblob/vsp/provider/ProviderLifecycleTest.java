package org.vmbussim.azblob.vsp.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmbussim.azblob.vsp.backend.BlobBackend;
import org.vmbussim.azblob.vsp.store.StorageEngine;
import org.vmbussim.azblob.vsp.store.StorageOptions;
import org.vmbussim.core.channel.ChannelPair;
import org.vmbussim.core.memory.GuestMemory;
import org.vmbussim.core.sched.DeterministicScheduler;
import org.vmbussim.uapi.Errno;
import org.vmbussim.wire.Guid;

/**
 * The provider's life on the deterministic scheduler: timeouts, the in-flight table and its listing, the
 * per-channel limit, detach and close with requests in flight, full rings, several guests, restart.
 */
class ProviderLifecycleTest {
    private static final long SEED = 0x5EED_0206L;
    private static final Guid USER_GUID = Guid.parse("{0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0}");

    @TempDir
    Path dir;

    private final DeterministicRig rig = new DeterministicRig(SEED);
    private final DeterministicScheduler scheduler = rig.scheduler;
    private final GuestMemory memory = rig.memory;
    private final HeldExecutor held = new HeldExecutor();

    @AfterEach
    void closeAll() {
        rig.closeAll();
    }

    private <T extends AutoCloseable> T closing(final T resource) {
        return rig.closing(resource);
    }

    private StorageEngine inMemory() {
        return closing(StorageEngine.inMemory());
    }

    private AzureBlobProvider.Builder provider(final BlobBackend backend) {
        return AzureBlobProvider.builder(backend).name("life").executor(scheduler::execute);
    }

    private ScriptedGuest guest(final AzureBlobProvider provider) {
        return closing(ScriptedGuest.on(provider, memory, scheduler).attach());
    }

    private static ScriptedGuest.Request putContainer(final ScriptedGuest guest, final String name) {
        return guest.request(Http.signedHead("PUT", "/" + name + "?restype=container", new byte[0]));
    }

    @Test
    void aRequestOutlivingItsTimeoutIsEtimedoutAndItsLateStartReadsAndWritesNothing() {
        final AzureBlobProvider provider = closing(provider(inMemory()).executor(held).build());
        final ScriptedGuest guest = guest(provider);
        guest.fillCanary();
        final ScriptedGuest.Submitted sent = putContainer(guest, "late").timeoutMillis(500).guid(USER_GUID).send();
        final byte[] before = guest.image();
        scheduler.runUntilIdle();
        assertNull(guest.completion(sent.transactionId()));
        final List<InFlightRequestInfo> listing = guest.channel.requestsInFlight();
        assertEquals(1, listing.size());
        final InFlightRequestInfo info = listing.get(0);
        assertEquals(sent.transactionId(), info.transactionId());
        assertEquals(USER_GUID, info.userGuid());
        assertEquals(InFlightRequestInfo.Phase.QUEUED, info.phase());
        assertEquals(500, info.timeoutMillis());
        assertEquals("", info.method());

        scheduler.advanceBy(499, TimeUnit.MILLISECONDS);
        assertEquals(TimeUnit.MILLISECONDS.toNanos(499), guest.channel.requestsInFlight().get(0).ageNanos());
        assertNull(guest.completion(sent.transactionId()));
        scheduler.advanceBy(1, TimeUnit.MILLISECONDS);
        final ScriptedGuest.Completion c = guest.completion(sent.transactionId());
        assertNotNull(c);
        assertEquals(Errno.ETIMEDOUT.value(), c.error());
        assertEquals(0, c.responseLen());
        assertEquals(0, guest.channel.statistics().inFlight());
        assertEquals(1, guest.channel.statistics().timeouts());

        held.runAll(); // the worker starts late: it must neither read nor write the buffers
        scheduler.runUntilIdle();
        assertEquals(0, guest.channel.statistics().bytesFromGuest());
        assertEquals(1, guest.completionCount(sent.transactionId()));
        guest.assertUnchangedExcept(before, List.of());

        // The id is free again once completed.
        final ScriptedGuest.Submitted reuse = putContainer(guest, "late").transactionId(sent.transactionId()).send();
        scheduler.runUntilIdle();
        held.runAll();
        scheduler.runUntilIdle();
        assertEquals(2, guest.completionCount(reuse.transactionId()));
        assertEquals(0, guest.channel.statistics().duplicatesDropped());
    }

    @Test
    void aTimeoutOfZeroMeansTheDefaultTimeout() {
        final AzureBlobProvider provider = closing(provider(inMemory()).executor(held).defaultTimeoutMillis(2000)
                .build());
        final ScriptedGuest guest = guest(provider);
        final ScriptedGuest.Submitted sent = putContainer(guest, "zero").timeoutMillis(0).send();
        scheduler.runUntilIdle();
        assertEquals(2000, guest.channel.requestsInFlight().get(0).timeoutMillis());
        scheduler.advanceBy(1999, TimeUnit.MILLISECONDS);
        assertNull(guest.completion(sent.transactionId()));
        scheduler.advanceBy(1, TimeUnit.MILLISECONDS);
        assertEquals(Errno.ETIMEDOUT.value(), guest.completion(sent.transactionId()).error());
        assertEquals(30_000, AzureBlobProvider.DEFAULT_TIMEOUT_MILLIS, "the documented default");
    }

    @Test
    void requestsBeyondTheChannelLimitAreEagainAndTheOthersComplete() {
        final AzureBlobProvider provider = closing(provider(inMemory()).executor(held).maxInFlightPerChannel(2)
                .build());
        final ScriptedGuest guest = guest(provider);
        final ScriptedGuest.Submitted a = putContainer(guest, "one").send();
        final ScriptedGuest.Submitted b = putContainer(guest, "two").send();
        final ScriptedGuest.Submitted c = putContainer(guest, "three").send();
        scheduler.runUntilIdle();
        assertEquals(Errno.EAGAIN.value(), guest.completion(c.transactionId()).error());
        assertNull(guest.completion(a.transactionId()));
        held.runAll();
        scheduler.runUntilIdle();
        assertEquals(0, guest.completion(a.transactionId()).error());
        assertEquals(0, guest.completion(b.transactionId()).error());
        assertEquals(1, guest.channel.statistics().refused(Refusal.TOO_MANY_IN_FLIGHT));
    }

    @Test
    void closingTheProviderCompletesRequestsInFlightWithEintrAndWritesNothingAfterwards() {
        final AzureBlobProvider provider = provider(inMemory()).executor(held).build();
        final ScriptedGuest guest = guest(provider);
        guest.fillCanary();
        final ScriptedGuest.Submitted a = putContainer(guest, "aaa").send();
        final ScriptedGuest.Submitted b = putContainer(guest, "bbb").send();
        final byte[] before = guest.image();
        scheduler.runUntilIdle();
        provider.close();
        assertFalse(guest.channel.isAttached());
        assertTrue(provider.channels().isEmpty());
        scheduler.runUntilIdle();
        assertEquals(Errno.EINTR.value(), guest.completion(a.transactionId()).error());
        assertEquals(Errno.EINTR.value(), guest.completion(b.transactionId()).error());
        held.runAll();
        scheduler.runUntilIdle();
        assertEquals(1, guest.completionCount(a.transactionId()));
        assertEquals(2, guest.channel.statistics().abandoned());
        guest.assertUnchangedExcept(before, List.of());
        assertThrows(IllegalStateException.class, () -> provider.attach(guest.hostEnd, memory));
    }

    @Test
    void closingTheChannelDropsRequestsInFlightAndNothingIsWrittenAfterwards() {
        final AzureBlobProvider provider = closing(provider(inMemory()).executor(held).build());
        final ScriptedGuest guest = guest(provider);
        guest.fillCanary();
        final ScriptedGuest.Submitted sent = putContainer(guest, "gone").send();
        final byte[] before = guest.image();
        scheduler.runUntilIdle();
        guest.hostEnd.rescind();
        assertFalse(guest.channel.isAttached(), "detached by the channel's listener before rescind() returned");
        held.runAll();
        scheduler.runUntilIdle();
        assertNull(guest.completion(sent.transactionId()));
        guest.assertUnchangedExcept(before, List.of());
        final ProviderChannelStatistics stats = guest.channel.statistics();
        assertEquals(1, stats.abandoned());
        assertEquals(0, stats.bytesFromGuest());
        assertEquals(0, stats.inFlight());
    }

    @Test
    void aGuestRingFullOfCompletionsMakesTheRestWaitForSpaceAndAllArrive() {
        final AzureBlobProvider provider = closing(provider(inMemory()).build());
        final ScriptedGuest guest = closing(ScriptedGuest.on(provider, memory, scheduler).rings(128 * 1024, 8192)
                .userPages(640).attach());
        final List<ScriptedGuest.Submitted> sent = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            sent.add(guest.request(Http.signedHead("HEAD", "/nothing?restype=container", new byte[0])).send());
        }
        scheduler.runUntilIdle();
        for (final ScriptedGuest.Submitted s : sent) {
            assertEquals(1, guest.completionCount(s.transactionId()));
            assertEquals(0, guest.completion(s.transactionId()).error());
        }
        final ProviderChannelStatistics stats = guest.channel.statistics();
        assertTrue(stats.completionSpaceWaits() > 0, "a 4 KiB ring holds about 100 completions");
        assertEquals(150, stats.completionsSent());
        assertEquals(0, stats.completionsDropped());
    }

    @Test
    void completionsForAGuestThatStopsReadingAreDroppedAfterTheBound() {
        final AzureBlobProvider provider = closing(provider(inMemory()).completionSpaceWaitMillis(1000).build());
        final ScriptedGuest guest = closing(ScriptedGuest.on(provider, memory, scheduler).rings(128 * 1024, 8192)
                .userPages(640).guestNeverDrains().attach());
        for (int i = 0; i < 150; i++) {
            guest.request(Http.signedHead("HEAD", "/nothing?restype=container", new byte[0])).send();
        }
        scheduler.runUntilIdle();
        final long sent = guest.channel.statistics().completionsSent();
        assertTrue(sent > 50 && sent < 150, "sent before the ring filled: " + sent);
        assertEquals(0, guest.totalCompletions());
        scheduler.advanceBy(1000, TimeUnit.MILLISECONDS);
        final ProviderChannelStatistics stats = guest.channel.statistics();
        assertEquals(150 - sent, stats.completionsDropped());
        assertEquals(sent, stats.completionsSent());
        assertTrue(scheduler.isIdle(), "no waiter or timer left behind");
        guest.guestEnd.onPeerSignal(); // the guest reads at last: exactly the completions that were sent
        scheduler.runUntilIdle();
        assertEquals(sent, guest.totalCompletions());
    }

    @Test
    void oneProviderServesSeveralChannelsOfSeveralGuests() {
        final AzureBlobProvider provider = closing(provider(inMemory()).build());
        final GuestMemory otherMemory = GuestMemory.builder().name("guest-b").basePfn(0x40000).pageCount(1024)
                .build();
        final ScriptedGuest a1 = guest(provider);
        final ScriptedGuest a2 = closing(ScriptedGuest.on(provider, memory, scheduler).name("a2").userPages(128)
                .attach());
        final ScriptedGuest b = closing(ScriptedGuest.on(provider, otherMemory, scheduler).name("b").attach());
        assertEquals(3, provider.channels().size());

        final ScriptedGuest.Submitted created = putContainer(a1, "shared").send();
        scheduler.runUntilIdle();
        assertEquals(0, a1.completion(created.transactionId()).error());
        final byte[] fromB = "written by guest b".getBytes(StandardCharsets.UTF_8);
        final ScriptedGuest.Submitted put = b.request(Http.signedHead("PUT", "/shared/b", fromB, "x-ms-blob-type",
                "BlockBlob")).body(fromB).send();
        scheduler.runUntilIdle();
        assertEquals(201, Http.parseResponseHead(b.responseHead(put, b.completion(put.transactionId()))).status());
        final ScriptedGuest.Submitted get = a2.request(Http.signedHead("GET", "/shared/b", new byte[0]))
                .dataLength(4096).send();
        scheduler.runUntilIdle();
        assertArrayEquals(fromB, a2.body(get, a2.completion(get.transactionId())));

        // Guest a's pages are not guest b's memory: naming them on b's channel is EFAULT.
        final long[] pagesOfA = a1.pfnsOf(get.data());
        final ScriptedGuest.Submitted foreign = b.request(Http.signedHead("GET", "/shared/b", new byte[0]))
                .dataLength(4096).patchPfns(p -> {
                    final long[] copy = p.clone();
                    copy[0] = pagesOfA[0];
                    return copy;
                }).send();
        scheduler.runUntilIdle();
        assertEquals(Errno.EFAULT.value(), b.completion(foreign.transactionId()).error());
        assertArrayEquals(fromB, a2.read(get.data(), fromB.length), "guest a's buffer untouched");
    }

    @Test
    void attachRefusesAnEndThatIsClosedOrAlreadyAttachedAndUnattachedEndsDropPackets() {
        final AzureBlobProvider provider = closing(provider(inMemory()).build());
        final ScriptedGuest guest = guest(provider);
        assertThrows(IllegalStateException.class, () -> provider.attach(guest.hostEnd, memory));

        final ChannelPair loose = closing(ChannelPair.open("loose", memory, scheduler, 16 * 1024, 0,
                (end, packet, info) -> { }, provider.packetHandler()));
        loose.guest().sendInBand(Unpooled.wrappedBuffer(new byte[8]), 0, 8, true, 5);
        scheduler.runUntilIdle();
        assertEquals(1, provider.unroutedPackets());

        loose.host().close();
        assertThrows(IllegalStateException.class, () -> provider.attach(loose.host(), memory));
        assertEquals(1, provider.channels().size());
        guest.close();
        assertTrue(provider.channels().isEmpty(), "a closed channel detaches itself");
    }

    @Test
    void aFileStoreBlobSurvivesARestartOfTheProvider() {
        final Path store = dir.resolve("blobs");
        final byte[] blob = new byte[300_000];
        new java.util.Random(SEED).nextBytes(blob);
        try (StorageEngine engine = StorageEngine.fileStore(store, StorageOptions.defaults());
             AzureBlobProvider provider = provider(engine).build();
             ScriptedGuest guest = ScriptedGuest.on(provider, memory, scheduler).name("before").attach()) {
            final ScriptedGuest.Submitted created = putContainer(guest, "durable").send();
            final ScriptedGuest.Submitted put = guest.request(Http.signedHead("PUT", "/durable/kept.bin", blob,
                    "x-ms-blob-type", "BlockBlob")).body(blob).send();
            scheduler.runUntilIdle();
            assertEquals(0, guest.completion(created.transactionId()).error());
            assertEquals(201, Http.parseResponseHead(guest.responseHead(put, guest.completion(put.transactionId())))
                    .status());
        }
        // A new provider on a new engine over the same directory, a new channel, a new guest memory.
        final GuestMemory rebooted = ScriptedGuest.newMemory(1024);
        try (StorageEngine engine = StorageEngine.fileStore(store, StorageOptions.defaults());
             AzureBlobProvider provider = provider(engine).build();
             ScriptedGuest guest = ScriptedGuest.on(provider, rebooted, scheduler).name("after").attach()) {
            final ScriptedGuest.Submitted get = guest.request(Http.signedHead("GET", "/durable/kept.bin",
                    new byte[0])).dataLength(blob.length).send();
            scheduler.runUntilIdle();
            final ScriptedGuest.Completion c = guest.completion(get.transactionId());
            assertEquals(0, c.error());
            assertEquals(200, Http.parseResponseHead(guest.responseHead(get, c)).status());
            assertArrayEquals(blob, guest.body(get, c));
        }
    }
}
