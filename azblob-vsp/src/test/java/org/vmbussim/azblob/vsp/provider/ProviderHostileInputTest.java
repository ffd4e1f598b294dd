package org.vmbussim.azblob.vsp.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.vmbussim.azblob.protocol.AzBlobProtocol;
import org.vmbussim.azblob.protocol.AzBlobVspRequestLayout;
import org.vmbussim.azblob.vsp.store.StorageEngine;
import org.vmbussim.core.memory.GuestMemory;
import org.vmbussim.core.packet.GpaDirectLayout;
import org.vmbussim.core.sched.DeterministicScheduler;
import org.vmbussim.uapi.Errno;
import org.vmbussim.wire.LittleEndian;

/**
 * Malformed and hostile requests (RELIABILITY.md P3, P4, S1, S2): each is completed with its documented
 * errno, {@code length} and {@code response_len} 0; guest RAM (filled with a canary) is untouched outside
 * the rings; the request is never executed; and the channel keeps serving.
 */
class ProviderHostileInputTest {
    private static final long SEED = 0x5EED_0106L;
    private static final byte[] BODY = "hostile body".getBytes(StandardCharsets.UTF_8);
    private static final int MIB32 = AzBlobProtocol.AZ_BLOB_MAX_PAGES * 4096;

    private final DeterministicScheduler scheduler = new DeterministicScheduler(SEED);
    private final GuestMemory memory = ScriptedGuest.newMemory(1024);
    private StorageEngine engine;
    private AzureBlobProvider provider;
    private ScriptedGuest guest;

    /** One hostile form of the standard request (a Put Blob of {@code cont/hostile}). */
    record Form(String name, Errno errno, Refusal refusal,
            BiFunction<ScriptedGuest, ScriptedGuest.Request, ScriptedGuest.Request> shape) {
        @Override
        public String toString() {
            return name + " -> " + errno;
        }
    }

    @BeforeEach
    void start() {
        engine = StorageEngine.inMemory();
        provider = AzureBlobProvider.builder(engine).name("hostile").executor(scheduler::execute).build();
        guest = ScriptedGuest.on(provider, memory, scheduler).attach();
        final ScriptedGuest.Submitted created = guest.request(Http.signedHead("PUT", "/cont?restype=container",
                new byte[0])).send();
        scheduler.runUntilIdle();
        assertEquals(0, guest.completion(created.transactionId()).error());
    }

    @AfterEach
    void stop() {
        guest.close();
        provider.close();
        engine.close();
        scheduler.close();
    }

    private static ScriptedGuest.Request standard(final ScriptedGuest g) {
        return g.request(Http.signedHead("PUT", "/cont/hostile", BODY, "x-ms-blob-type", "BlockBlob")).body(BODY)
                .dataLength(8192);
    }

    private static Form form(final String name, final Refusal refusal,
            final BiFunction<ScriptedGuest, ScriptedGuest.Request, ScriptedGuest.Request> shape) {
        return new Form(name, refusal.errno(), refusal, shape);
    }

    private static Form field(final String name, final Refusal refusal, final int offset, final long value) {
        return form(name, refusal, (g, r) -> r.patchPayload(p -> LittleEndian.putInt(p, offset, (int) value)));
    }

    private static Form packet(final String name, final Consumer<byte[]> patch) {
        return form(name, Refusal.MALFORMED_PACKET, (g, r) -> r.patchPacket(patch));
    }

    /** A request head the codec refuses: executed up to the parse, no refusal of the provider's own. */
    private static Form head(final String name, final Errno errno, final String text, final byte[] body) {
        return new Form(name, errno, null, (g, r) -> g.request(Http.raw(text)).body(body).dataLength(8192));
    }

    private static long[] with(final long[] pfns, final int index, final long value) {
        final long[] copy = pfns.clone();
        copy[index] = value;
        return copy;
    }

    static Stream<Form> forms() {
        final String target = "/devstoreaccount1/cont/hostile";
        return Stream.of(
                // P4: PFNs
                form("PFN just past guest RAM", Refusal.PFN_OUTSIDE_GUEST_RAM,
                        (g, r) -> r.patchPfns(p -> with(p, 1, g.memory.endPfn()))),
                form("PFN below guest RAM", Refusal.PFN_OUTSIDE_GUEST_RAM,
                        (g, r) -> r.patchPfns(p -> with(p, 0, g.memory.basePfn() - 1))),
                form("PFN 2^64-1", Refusal.PFN_OUTSIDE_GUEST_RAM,
                        (g, r) -> r.patchPfns(p -> with(p, p.length - 1, -1L))),
                form("PFN of the channel's own ring", Refusal.PFN_IN_RING_PAGES,
                        (g, r) -> r.patchPfns(p -> with(p, 2, g.rings.gpadlPfns()[1]))),
                // P4 / S1: buffers against the range (4 pages: 2 data, 1 request, 1 response)
                field("request buffer offset past the range", Refusal.BUFFER_OUTSIDE_RANGE,
                        AzBlobVspRequestLayout.REQUEST_BUFFER_OFFSET_OFFSET, 0x0100_0000),
                field("response buffer ending past the range", Refusal.BUFFER_OUTSIDE_RANGE,
                        AzBlobVspRequestLayout.RESPONSE_BUFFER_LENGTH_OFFSET, 8192),
                form("request offset + length wrapping u32", Refusal.BUFFER_OUTSIDE_RANGE,
                        (g, r) -> r.patchPayload(p -> {
                    LittleEndian.putInt(p, AzBlobVspRequestLayout.REQUEST_BUFFER_OFFSET_OFFSET, 0xFFFF_F000);
                    LittleEndian.putInt(p, AzBlobVspRequestLayout.REQUEST_BUFFER_LENGTH_OFFSET, 0x2000);
                })),
                form("data offset 0xffffffff", Refusal.BUFFER_OUTSIDE_RANGE, (g, r) -> r.patchPayload(p ->
                        LittleEndian.putInt(p, AzBlobVspRequestLayout.DATA_BUFFER_OFFSET_OFFSET, 0xFFFF_FFFF))),
                field("data length just above 32 MiB", Refusal.BUFFER_TOO_LARGE,
                        AzBlobVspRequestLayout.DATA_BUFFER_LENGTH_OFFSET, MIB32 + 1L),
                field("response length 0xffffffff", Refusal.BUFFER_TOO_LARGE,
                        AzBlobVspRequestLayout.RESPONSE_BUFFER_LENGTH_OFFSET, 0xFFFF_FFFFL),
                field("data_valid above data_length", Refusal.DATA_VALID_EXCEEDS_LENGTH,
                        AzBlobVspRequestLayout.DATA_BUFFER_VALID_OFFSET, 8193),
                field("empty request buffer", Refusal.EMPTY_BUFFER,
                        AzBlobVspRequestLayout.REQUEST_BUFFER_LENGTH_OFFSET, 0),
                field("empty response buffer", Refusal.EMPTY_BUFFER,
                        AzBlobVspRequestLayout.RESPONSE_BUFFER_LENGTH_OFFSET, 0),
                field("response buffer inside the data buffer", Refusal.OUTPUT_BUFFERS_OVERLAP,
                        AzBlobVspRequestLayout.RESPONSE_BUFFER_OFFSET_OFFSET, 100),
                // S1: version, operation, size
                field("version 1", Refusal.UNSUPPORTED_VERSION, AzBlobVspRequestLayout.VERSION_OFFSET, 1),
                field("version 0xffffffff", Refusal.UNSUPPORTED_VERSION, AzBlobVspRequestLayout.VERSION_OFFSET,
                        0xFFFF_FFFFL),
                field("operation REGISTER_BUFFER", Refusal.UNSUPPORTED_OPERATION,
                        AzBlobVspRequestLayout.OPERATION_TYPE_OFFSET, AzBlobProtocol.AZ_BLOB_DRIVER_REGISTER_BUFFER),
                field("operation DEREGISTER_BUFFER", Refusal.UNSUPPORTED_OPERATION,
                        AzBlobVspRequestLayout.OPERATION_TYPE_OFFSET, AzBlobProtocol.AZ_BLOB_DRIVER_DEREGISTER_BUFFER),
                field("operation 0", Refusal.UNSUPPORTED_OPERATION, AzBlobVspRequestLayout.OPERATION_TYPE_OFFSET, 0),
                form("payload of 48 bytes", Refusal.SHORT_PAYLOAD, (g, r) -> r.payloadLength(48)),
                form("no payload", Refusal.SHORT_PAYLOAD, (g, r) -> r.payloadLength(0)),
                form("two GPA ranges", Refusal.RANGE_COUNT, (g, r) -> r.splitRange()),
                // P2 / P3: descriptor and range encoding
                packet("range count 0", b -> LittleEndian.putInt(b, GpaDirectLayout.RANGE_COUNT_OFFSET, 0)),
                packet("byte_count 0", b -> LittleEndian.putInt(b, GpaDirectLayout.RANGE_BYTE_COUNT_OFFSET, 0)),
                packet("byte_offset 4096", b -> LittleEndian.putInt(b, GpaDirectLayout.RANGE_BYTE_OFFSET_OFFSET,
                        4096)),
                packet("byte_count + byte_offset + 4095 overflowing u32", b -> {
                    LittleEndian.putInt(b, GpaDirectLayout.RANGE_BYTE_COUNT_OFFSET, 0xFFFF_FFFF);
                    LittleEndian.putInt(b, GpaDirectLayout.RANGE_BYTE_OFFSET_OFFSET, 1);
                }),
                packet("fewer PFNs than byte_count needs", b -> LittleEndian.putInt(b,
                        GpaDirectLayout.RANGE_BYTE_COUNT_OFFSET, 5 * 4096)),
                packet("flag bit 1 set", b -> LittleEndian.putShort(b, GpaDirectLayout.FLAGS_OFFSET, 3)),
                packet("dataoffset8 of 2", b -> LittleEndian.putShort(b, GpaDirectLayout.DATA_OFFSET8_OFFSET, 2)),
                // The request head (docs/fastpath-protocol.md, Errors)
                head("bare LF line endings", Errno.EPROTO, "PUT " + target + " HTTP/1.1\nHost: x\n\n", BODY),
                head("no empty line ending the head", Errno.EPROTO, "PUT " + target + " HTTP/1.1\r\nHost: x\r\n", BODY),
                head("garbage request line", Errno.EPROTO, "\u0001\u0002 nonsense\r\n\r\n", BODY),
                head("Content-Length unlike data_valid", Errno.EINVAL, "PUT " + target
                        + " HTTP/1.1\r\nContent-Length: 99\r\n\r\n", BODY),
                head("Transfer-Encoding", Errno.EINVAL, "PUT " + target
                        + " HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", BODY),
                head("HTTP/2.0", Errno.EINVAL, "PUT " + target + " HTTP/2.0\r\nContent-Length: 12\r\n\r\n", BODY),
                head("absolute-form target", Errno.EINVAL, "PUT http://blob" + target
                        + " HTTP/1.1\r\nContent-Length: 12\r\n\r\n", BODY));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forms")
    void eachHostileFormGetsItsErrnoWithNothingWrittenAndTheChannelKeepsServing(final Form form) {
        guest.fillCanary();
        final ScriptedGuest.Submitted bad = form.shape().apply(guest, standard(guest)).send();
        final byte[] before = guest.image();
        scheduler.runUntilIdle();
        final ScriptedGuest.Completion c = guest.completion(bad.transactionId());
        assertNotNull(c, "no completion (seed " + SEED + ")");
        assertEquals(form.errno().value(), c.error(), form.name());
        assertEquals(0, c.length());
        assertEquals(0, c.responseLen());
        assertEquals(1, guest.completionCount(bad.transactionId()));
        guest.assertUnchangedExcept(before, List.of());
        assertEquals(1, guest.channel.statistics().completedWith(form.errno()));
        if (form.refusal() != null) {
            assertEquals(1, guest.channel.statistics().refused(form.refusal()), "refused for the expected reason");
        }
        assertEquals(0, guest.channel.statistics().inFlight());

        // Never executed, and the next request on the same channel is served.
        final ScriptedGuest.Submitted get = guest.request(Http.signedHead("GET", "/cont/hostile", new byte[0]))
                .dataLength(4096).send();
        scheduler.runUntilIdle();
        final ScriptedGuest.Completion ok = guest.completion(get.transactionId());
        assertEquals(0, ok.error());
        assertEquals(404, Http.parseResponseHead(guest.responseHead(get, ok)).status());
    }

    @Test
    void packetsOfTheWrongTypeAreRefusedOrDroppedAndNeverExecuted() {
        final byte[] payload = standard(guest).send().payload(); // a well-formed request, completed below
        scheduler.runUntilIdle();
        final long refusedId = guest.nextTransactionId();
        guest.sendInBand(refusedId, true, payload);
        final long silentId = guest.nextTransactionId();
        guest.sendInBand(silentId, false, payload);
        final long completionId = guest.nextTransactionId();
        guest.guestEnd.sendCompletion(completionId, io.netty.buffer.Unpooled.wrappedBuffer(payload), 0,
                payload.length);
        scheduler.runUntilIdle();
        assertEquals(Errno.EINVAL.value(), guest.completion(refusedId).error());
        assertNull(guest.completion(silentId));
        assertNull(guest.completion(completionId));
        final ProviderChannelStatistics stats = guest.channel.statistics();
        assertEquals(1, stats.refused(Refusal.NOT_GPA_DIRECT));
        assertEquals(2, stats.noCompletionRequestedDropped());
    }

    /** Packets that get no completion at all (RELIABILITY S2), with the counter that records each. */
    enum Silent {
        NO_COMPLETION_REQUESTED(r -> r.patchPacket(b -> LittleEndian.putShort(b, GpaDirectLayout.FLAGS_OFFSET, 0)),
                ProviderChannelStatistics::noCompletionRequestedDropped),
        TRANSACTION_ID_ZERO(r -> r.transactionId(0), ProviderChannelStatistics::zeroTransactionIdDropped);

        private final UnaryOperator<ScriptedGuest.Request> shape;
        private final ToLongFunction<ProviderChannelStatistics> counter;

        Silent(final UnaryOperator<ScriptedGuest.Request> shape,
                final ToLongFunction<ProviderChannelStatistics> counter) {
            this.shape = shape;
            this.counter = counter;
        }
    }

    @ParameterizedTest
    @EnumSource(Silent.class)
    void aPacketThatMayNotBeCompletedIsDroppedUnexecuted(final Silent form) {
        final ScriptedGuest.Submitted silent = form.shape.apply(standard(guest)).send();
        scheduler.runUntilIdle();
        assertNull(guest.completion(silent.transactionId()));
        assertEquals(1, form.counter.applyAsLong(guest.channel.statistics()));
        assertBlobAbsent("hostile");
    }

    @Test
    void aTransactionIdReusedWhileInFlightIsDroppedAndTheFirstRequestCompletesOnce() {
        guest.fillCanary();
        final byte[] first = "first".getBytes(StandardCharsets.UTF_8);
        final ScriptedGuest.Submitted a = guest.request(Http.signedHead("PUT", "/cont/a", first,
                "x-ms-blob-type", "BlockBlob")).body(first).transactionId(77).send();
        final byte[] second = "second".getBytes(StandardCharsets.UTF_8);
        guest.request(Http.signedHead("PUT", "/cont/b", second,
                "x-ms-blob-type", "BlockBlob")).body(second).transactionId(77).send();
        final byte[] before = guest.image();
        scheduler.runUntilIdle(); // both packets are read in one drain: the first is in flight when the second comes
        assertEquals(1, guest.completionCount(77));
        assertEquals(0, guest.completion(77).error());
        assertEquals(201, Http.parseResponseHead(guest.responseHead(a, guest.completion(77))).status());
        assertEquals(1, guest.channel.statistics().duplicatesDropped());
        // The duplicate's buffers were not touched: only a's response buffer (filled with the canary too) changed.
        guest.assertUnchangedExcept(before, guest.gpaIntervals(a.response(), guest.completion(77).responseLen()));
        assertBlobAbsent("b");
        // Once completed, the id may be used again.
        final ScriptedGuest.Submitted again = guest.request(Http.signedHead("GET", "/cont/a", new byte[0]))
                .dataLength(4096).transactionId(77).send();
        scheduler.runUntilIdle();
        assertEquals(2, guest.completionCount(77));
        assertEquals("first", new String(guest.read(again.data(), first.length), StandardCharsets.UTF_8));
        assertEquals(0, guest.channel.statistics().inFlight());
    }

    @Test
    void aSeededMixOfValidAndHostileRequestsGetsExactlyOneCorrectCompletionEach() {
        final long seed = SEED ^ 0x1234;
        final Random random = new Random(seed);
        final List<Form> all = forms().toList();
        final List<ScriptedGuest.Submitted> sent = new ArrayList<>();
        final List<Errno> expected = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            if (random.nextInt(3) == 0) {
                final byte[] body = ("blob " + i).getBytes(StandardCharsets.UTF_8);
                sent.add(guest.request(Http.signedHead("PUT", "/cont/mix-" + i, body, "x-ms-blob-type",
                        "BlockBlob")).body(body).send());
                expected.add(null);
            } else {
                final Form f = all.get(random.nextInt(all.size()));
                sent.add(f.shape().apply(guest, standard(guest)).send());
                expected.add(f.errno());
            }
        }
        scheduler.runUntilIdle();
        for (int i = 0; i < sent.size(); i++) {
            final long id = sent.get(i).transactionId();
            final String where = "request " + i + " (seed " + seed + ")";
            assertEquals(1, guest.completionCount(id), where);
            final Errno want = expected.get(i);
            final ScriptedGuest.Completion c = guest.completion(id);
            assertEquals(want == null ? 0 : want.value(), c.error(), where);
            // Each completion is encoded into the sending thread's reused scratch: no field of a neighbour's
            // completion (a PUT's response length next to a refusal) may show up in it.
            if (want == null) {
                assertTrue(c.responseLen() > 0, where);
            } else {
                assertEquals(0, c.responseLen(), where);
            }
            assertEquals(0, c.length(), where);
        }
        assertBlobAbsent("hostile");
        assertEquals(0, guest.channel.statistics().inFlight());
    }

    private void assertBlobAbsent(final String name) {
        final ScriptedGuest.Submitted get = guest.request(Http.signedHead("HEAD", "/cont/" + name, new byte[0]))
                .send();
        scheduler.runUntilIdle();
        final ScriptedGuest.Completion c = guest.completion(get.transactionId());
        assertTrue(c != null && c.error() == 0);
        assertEquals(404, Http.parseResponseHead(guest.responseHead(get, c)).status(), name + " exists");
    }
}
