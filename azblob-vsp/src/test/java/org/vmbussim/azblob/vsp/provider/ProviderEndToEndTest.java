package org.vmbussim.azblob.vsp.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vmbussim.azblob.protocol.AzBlobProtocol;
import org.vmbussim.azblob.protocol.AzBlobVspRequestLayout;
import org.vmbussim.azblob.protocol.AzBlobVspResponseLayout;
import org.vmbussim.azblob.vsp.backend.BlobBackend;
import org.vmbussim.azblob.vsp.backend.BlobOutcome;
import org.vmbussim.azblob.vsp.http.BlobHttpServer;
import org.vmbussim.azblob.vsp.rest.RestForwardingBackend;
import org.vmbussim.azblob.vsp.store.StorageEngine;
import org.vmbussim.azblob.vsp.store.StorageOptions;
import org.vmbussim.core.channel.ChannelPair;
import org.vmbussim.core.channel.SendResult;
import org.vmbussim.core.memory.GuestMemory;
import org.vmbussim.core.memory.HvPage;
import org.vmbussim.core.memory.PfnListRegion;
import org.vmbussim.core.packet.GpaRange;
import org.vmbussim.core.packet.PacketType;
import org.vmbussim.core.sched.DeterministicScheduler;
import org.vmbussim.uapi.Errno;
import org.vmbussim.wire.LittleEndian;

/**
 * Requests from a scripted guest through the ring to the provider and each embedded backend and back, on
 * the deterministic scheduler: bytes checked in guest memory, and guest memory outside the buffers the
 * provider may write checked against a canary.
 */
class ProviderEndToEndTest {
    private static final long SEED = 0x5EED_0006L;

    /** The backends: the embedded stores, and forwarding over HTTP to the loopback front of an in-memory one. */
    enum Store { IN_MEMORY, FILE, FORWARDING }

    @TempDir
    Path dir;

    private final DeterministicRig rig = new DeterministicRig(SEED);
    private final DeterministicScheduler scheduler = rig.scheduler;
    private final GuestMemory memory = rig.memory;

    @AfterEach
    void closeAll() {
        rig.closeAll();
    }

    private BlobBackend backend(final Store store) {
        final StorageEngine engine = rig.closing(store == Store.FILE
                ? StorageEngine.fileStore(dir.resolve("store"), StorageOptions.defaults()) : StorageEngine.inMemory());
        if (store != Store.FORWARDING) {
            return engine;
        }
        // Headers and URL go out unchanged, so the guest's SharedKey signature verifies at the far end.
        final BlobHttpServer front = rig.closing(BlobHttpServer.start(engine));
        return rig.closing(new RestForwardingBackend(RestForwardingBackend.Options.defaults(
                URI.create("http://127.0.0.1:" + front.port()))));
    }

    private AzureBlobProvider provider(final BlobBackend backend) {
        final AzureBlobProvider provider = AzureBlobProvider.builder(backend).name("e2e")
                .executor(scheduler::execute).build();
        rig.closing(provider);
        return provider;
    }

    private ScriptedGuest guest(final AzureBlobProvider provider) {
        final ScriptedGuest guest = ScriptedGuest.on(provider, memory, scheduler).attach();
        rig.closing(guest);
        return guest;
    }

    /** Sends, runs the scheduler until idle, and returns the one completion. */
    private static ScriptedGuest.Completion exchange(final ScriptedGuest guest, final DeterministicScheduler s,
            final ScriptedGuest.Submitted sent) {
        s.runUntilIdle();
        final ScriptedGuest.Completion c = guest.completion(sent.transactionId());
        assertNotNull(c, "no completion for trans_id " + sent.transactionId() + " (seed " + SEED + ")");
        assertEquals(1, guest.completionCount(sent.transactionId()));
        assertEquals(PacketType.COMPLETION.wireValue(), c.type());
        assertEquals(16, c.payloadLength(), "12-byte az_blob_vsp_response padded to 8");
        return c;
    }

    private void createContainer(final ScriptedGuest guest, final String name) {
        final ScriptedGuest.Submitted sent = guest.request(Http.signedHead("PUT", "/" + name + "?restype=container",
                new byte[0])).send();
        assertEquals(201, Http.parseResponseHead(guest.responseHead(sent, exchange(guest, scheduler, sent))).status());
    }

    private static byte[] randomBytes(final int n) {
        final byte[] b = new byte[n];
        new Random(SEED + n).nextBytes(b);
        return b;
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void uploadsAndDownloadsThroughTheRingWithTheBytesVerifiedInGuestMemory(final Store store) {
        final ScriptedGuest guest = guest(provider(backend(store)));
        final ScriptedGuest.Submitted container = guest.request(Http.signedHead("PUT", "/photos?restype=container",
                new byte[0])).send();
        ScriptedGuest.Completion c = exchange(guest, scheduler, container);
        assertEquals(0, c.error());
        assertEquals(201, Http.parseResponseHead(guest.responseHead(container, c)).status());

        final byte[] blob = randomBytes(100_000);
        guest.fillCanary();
        final ScriptedGuest.Submitted put = guest.request(Http.signedHead("PUT", "/photos/2026%2Fcat.jpg", blob,
                "x-ms-blob-type", "BlockBlob")).body(blob).starts(123, 7, 4000).timeoutMillis(5000).send();
        byte[] before = guest.image();
        c = exchange(guest, scheduler, put);
        assertEquals(0, c.error());
        assertEquals(0, c.length(), "Put Blob answers with a head only");
        final byte[] putHead = guest.responseHead(put, c);
        assertEquals(201, Http.parseResponseHead(putHead).status());
        assertNotNull(Http.parseResponseHead(putHead).header("ETag"));
        guest.assertUnchangedExcept(before, guest.gpaIntervals(put.response(), c.responseLen()));

        guest.fillCanary();
        final ScriptedGuest.Submitted get = guest.request(Http.signedHead("GET", "/photos/2026%2Fcat.jpg",
                new byte[0])).dataLength(110_000).starts(3000, 0, 17).send();
        before = guest.image();
        c = exchange(guest, scheduler, get);
        assertEquals(0, c.error());
        assertEquals(blob.length, c.length());
        final Http.ResponseHead getHead = Http.parseResponseHead(guest.responseHead(get, c));
        assertEquals(200, getHead.status());
        assertEquals(String.valueOf(blob.length), getHead.header("Content-Length"));
        assertArrayEquals(blob, guest.body(get, c));
        final List<long[]> written = new ArrayList<>(guest.gpaIntervals(get.response(), c.responseLen()));
        written.addAll(guest.gpaIntervals(get.data(), c.length()));
        guest.assertUnchangedExcept(before, written);

        final ScriptedGuest.Submitted ranged = guest.request(Http.signedHead("GET", "/photos/2026%2Fcat.jpg",
                new byte[0], "x-ms-range", "bytes=1000-2023")).dataLength(4096).send();
        c = exchange(guest, scheduler, ranged);
        assertEquals(206, Http.parseResponseHead(guest.responseHead(ranged, c)).status());
        assertEquals(1024, c.length());
        assertArrayEquals(java.util.Arrays.copyOfRange(blob, 1000, 2024), guest.body(ranged, c));

        final ScriptedGuest.Submitted head = guest.request(Http.signedHead("HEAD", "/photos/2026%2Fcat.jpg",
                new byte[0])).send();
        c = exchange(guest, scheduler, head);
        assertEquals(0, c.length(), "HEAD carries no body");
        assertEquals(String.valueOf(blob.length),
                Http.parseResponseHead(guest.responseHead(head, c)).header("Content-Length"));

        final ScriptedGuest.Submitted missing = guest.request(Http.signedHead("GET", "/photos/nope", new byte[0]))
                .dataLength(4096).send();
        c = exchange(guest, scheduler, missing);
        assertEquals(0, c.error(), "an HTTP error status is a carried request");
        final Http.ResponseHead missingHead = Http.parseResponseHead(guest.responseHead(missing, c));
        assertEquals(404, missingHead.status());
        assertEquals("BlobNotFound", missingHead.header("x-ms-error-code"));
        assertTrue(new String(guest.body(missing, c), StandardCharsets.UTF_8).contains("<Code>BlobNotFound</Code>"));

        final ProviderChannelStatistics stats = guest.channel.statistics();
        assertEquals(6, stats.requestsAccepted());
        assertEquals(6, stats.completedCarried());
        assertEquals(Map.of(201, 2L, 200, 2L, 206, 1L, 404, 1L), stats.httpStatuses());
        assertEquals(0, stats.inFlight());
        assertTrue(stats.bytesFromGuest() > blob.length);
        assertTrue(stats.bytesToGuest() > blob.length + 1024);
        assertTrue(scheduler.isIdle(), "every timer cancelled once its request completed");
    }

    @Test
    void aBodyLargerThanTheDataBufferIsEmsgsizeWithTheSizesNeededAndNothingWritten() {
        final ScriptedGuest guest = guest(provider(backend(Store.IN_MEMORY)));
        createContainer(guest, "cont");
        final byte[] blob = randomBytes(1024);
        exchange(guest, scheduler, guest.request(Http.signedHead("PUT", "/cont/b", blob, "x-ms-blob-type", "BlockBlob"))
                .body(blob).send());

        guest.fillCanary();
        final ScriptedGuest.Submitted small = guest.request(Http.signedHead("GET", "/cont/b", new byte[0]))
                .dataLength(512).send();
        final byte[] before = guest.image();
        final ScriptedGuest.Completion c = exchange(guest, scheduler, small);
        assertEquals(Errno.EMSGSIZE.value(), c.error());
        assertEquals(1024, c.length(), "body bytes needed");
        assertTrue(c.responseLen() > 100 && c.responseLen() < 4096, "head bytes needed: " + c.responseLen());
        guest.assertUnchangedExcept(before, List.of());

        // Enlarged as the error asks, the same read succeeds with exactly those sizes.
        final ScriptedGuest.Submitted again = guest.request(Http.signedHead("GET", "/cont/b", new byte[0]))
                .dataLength((int) c.length()).responseLength((int) c.responseLen()).send();
        final ScriptedGuest.Completion ok = exchange(guest, scheduler, again);
        assertEquals(0, ok.error());
        assertEquals(c.length(), ok.length());
        assertEquals(c.responseLen(), ok.responseLen());
        assertArrayEquals(blob, guest.body(again, ok));
    }

    @Test
    void aHeadLargerThanTheResponseBufferIsEmsgsizeAndNothingWritten() {
        final ScriptedGuest guest = guest(provider(backend(Store.IN_MEMORY)));
        guest.fillCanary();
        final ScriptedGuest.Submitted sent = guest.request(Http.signedHead("PUT", "/cont?restype=container",
                new byte[0])).responseLength(40).send();
        final byte[] before = guest.image();
        final ScriptedGuest.Completion c = exchange(guest, scheduler, sent);
        assertEquals(Errno.EMSGSIZE.value(), c.error());
        assertTrue(c.responseLen() > 40);
        assertEquals(0, c.length());
        guest.assertUnchangedExcept(before, List.of());
    }

    @Test
    void adjacentUnalignedBuffersSharingPagesWork() {
        final ScriptedGuest guest = guest(provider(backend(Store.IN_MEMORY)));
        createContainer(guest, "cont");
        final byte[] blob = randomBytes(5000);
        final ScriptedGuest.Submitted put = guest.request(Http.signedHead("PUT", "/cont/shared", blob,
                "x-ms-blob-type", "BlockBlob")).body(blob).starts(2000, 0, 0).adjacent().send();
        // The data buffer's last page is the request buffer's first, whose last is the response buffer's first.
        final long[] pfns = put.pfns();
        assertTrue(pfns.length > 3 && java.util.Arrays.stream(pfns).distinct().count() < pfns.length,
                "the same PFN appears twice in the range");
        assertEquals(201, Http.parseResponseHead(guest.responseHead(put, exchange(guest, scheduler, put))).status());

        guest.fillCanary();
        final ScriptedGuest.Submitted get = guest.request(Http.signedHead("GET", "/cont/shared", new byte[0]))
                .dataLength(6000).starts(100, 0, 0).adjacent().send();
        final byte[] before = guest.image();
        final ScriptedGuest.Completion c = exchange(guest, scheduler, get);
        assertArrayEquals(blob, guest.body(get, c));
        final List<long[]> written = new ArrayList<>(guest.gpaIntervals(get.response(), c.responseLen()));
        written.addAll(guest.gpaIntervals(get.data(), c.length()));
        guest.assertUnchangedExcept(before, written);
    }

    @Test
    void aResponseBufferOverlappingTheRequestBufferGetsTheResponseOfTheRequestAsSent() {
        final ScriptedGuest guest = guest(provider(backend(Store.IN_MEMORY)));
        // The response buffer is placed over the request buffer (same range offsets): the provider reads
        // the head before it writes anything, so the request is executed as it was sent.
        final ScriptedGuest.Submitted sent = guest.request(Http.signedHead("PUT", "/overlap?restype=container",
                new byte[0])).requestLength(4096).patchPayload(p -> LittleEndian.putInt(p,
                        AzBlobVspRequestLayout.RESPONSE_BUFFER_OFFSET_OFFSET,
                        LittleEndian.getInt(p, AzBlobVspRequestLayout.REQUEST_BUFFER_OFFSET_OFFSET))).send();
        final ScriptedGuest.Completion c = exchange(guest, scheduler, sent);
        assertEquals(0, c.error());
        final byte[] head = guest.read(sent.request(), (int) c.responseLen());
        assertEquals(201, Http.parseResponseHead(head).status());
        final ScriptedGuest.Submitted again = guest.request(Http.signedHead("PUT", "/overlap?restype=container",
                new byte[0])).dataLength(4096).send();
        final ScriptedGuest.Completion second = exchange(guest, scheduler, again);
        assertEquals(0, second.error(), second::toString);
        assertEquals(409, Http.parseResponseHead(guest.responseHead(again, second)).status(),
                "the container was created by the overlapping request");
    }

    @Test
    void backendFailuresAreTheirErrnoAndABackendThatThrowsIsEio() {
        final StubBackend refused = new StubBackend(r -> new BlobOutcome.Failed(Errno.ECONNREFUSED, "test"));
        ScriptedGuest guest = guest(provider(refused));
        ScriptedGuest.Submitted sent = guest.request(Http.signedHead("GET", "/cont/b", new byte[0])).send();
        assertEquals(Errno.ECONNREFUSED.value(), exchange(guest, scheduler, sent).error());

        final StubBackend throwing = new StubBackend(r -> {
            throw new IllegalStateException("backend bug");
        });
        guest = guest(provider(throwing));
        guest.fillCanary();
        sent = guest.request(Http.signedHead("GET", "/cont/b", new byte[0])).send();
        final byte[] before = guest.image();
        final ScriptedGuest.Completion c = exchange(guest, scheduler, sent);
        assertEquals(Errno.EIO.value(), c.error());
        assertEquals(0, c.length());
        assertEquals(0, c.responseLen());
        assertEquals(1, throwing.calls());
        guest.assertUnchangedExcept(before, List.of());
    }

    @Test
    void theVscPathThroughChannelPairWithARequestorWorksAndLongRequestsAreEnobufsWithTheDefaultPacketSize() {
        final AzureBlobProvider provider = provider(backend(Store.IN_MEMORY));
        final Map<Long, ByteBuf> completions = new ConcurrentHashMap<>();
        final ChannelPair pair = ChannelPair.open("pair", memory, scheduler, AzBlobProtocol.AZ_BLOB_RING_SIZE,
                AzBlobProtocol.AZ_BLOB_QUEUE_DEPTH, (end, packet, info) -> {
                    final long cookie = end.requestor().lookupAndRelease(info.transactionId());
                    completions.put(cookie, Unpooled.copiedBuffer(packet.slice(info.dataOffset(),
                            AzBlobVspResponseLayout.LENGTH)));
                }, provider.packetHandler());
        rig.closing(pair);
        provider.attach(pair.host(), memory, pair.rings().gpadlPfns());

        // A one-page request and one-page response, sent with a requestor-assigned trans_id as the VSC does.
        final long[] pages = memory.allocatePages(2);
        final byte[] head = Http.signedHead("PUT", "/vsc?restype=container", new byte[0]);
        PfnListRegion.of(memory, new long[] {pages[0]}, 0, HvPage.PAGE_SIZE).putBytes(0, head, 0, head.length);
        final SendResult sent = pair.guest().sendGpaDirect(List.of(GpaRange.of(0, 2L * HvPage.PAGE_SIZE, pages)),
                Unpooled.wrappedBuffer(payload(0, 0, head.length, HvPage.PAGE_SIZE, 512)), 0,
                AzBlobVspRequestLayout.LENGTH, 42);
        assertTrue(sent.isSent());
        assertTrue(sent.transactionId() >= 1 && sent.transactionId() <= AzBlobProtocol.AZ_BLOB_QUEUE_DEPTH);
        scheduler.runUntilIdle();
        final ByteBuf response = completions.get(42L);
        assertNotNull(response, "completion routed back to cookie 42 through the requestor");
        assertEquals(0, response.getIntLE(AzBlobVspResponseLayout.ERROR_OFFSET));
        final int headBytes = response.getIntLE(AzBlobVspResponseLayout.RESPONSE_LEN_OFFSET);
        final byte[] written = new byte[headBytes];
        PfnListRegion.of(memory, new long[] {pages[1]}, 0, HvPage.PAGE_SIZE).getBytes(0, written, 0, headBytes);
        assertEquals(201, Http.parseResponseHead(written).status());

        // 600 pages make a 4,888-byte packet: more than ChannelEnd's default 4,096-byte copy buffer.
        final long[] many = memory.allocatePages(600);
        final SendResult big = pair.guest().sendGpaDirect(List.of(GpaRange.of(0, 600L * HvPage.PAGE_SIZE, many)),
                Unpooled.wrappedBuffer(payload(0, 0, 100, 4096, 4096)), 0, AzBlobVspRequestLayout.LENGTH, 43);
        assertTrue(big.isSent());
        scheduler.runUntilIdle();
        assertEquals(Errno.ENOBUFS.value(), completions.get(43L).getIntLE(AzBlobVspResponseLayout.ERROR_OFFSET));
        assertNull(completions.get(44L));
        assertEquals(1, provider.channels().get(0).statistics().refused(Refusal.TRUNCATED_PACKET));
    }

    /** A request with no data buffer, the request buffer at range offset 0 and the response after it. */
    private static byte[] payload(final int dataLength, final int dataValid, final int requestLength,
            final int responseOffset, final int responseLength) {
        final byte[] p = new byte[AzBlobVspRequestLayout.LENGTH];
        LittleEndian.putInt(p, AzBlobVspRequestLayout.DATA_BUFFER_LENGTH_OFFSET, dataLength);
        LittleEndian.putInt(p, AzBlobVspRequestLayout.DATA_BUFFER_VALID_OFFSET, dataValid);
        LittleEndian.putInt(p, AzBlobVspRequestLayout.OPERATION_TYPE_OFFSET,
                AzBlobProtocol.AZ_BLOB_DRIVER_USER_REQUEST);
        LittleEndian.putInt(p, AzBlobVspRequestLayout.REQUEST_BUFFER_LENGTH_OFFSET, requestLength);
        LittleEndian.putInt(p, AzBlobVspRequestLayout.RESPONSE_BUFFER_OFFSET_OFFSET, responseOffset);
        LittleEndian.putInt(p, AzBlobVspRequestLayout.RESPONSE_BUFFER_LENGTH_OFFSET, responseLength);
        return p;
    }
}
