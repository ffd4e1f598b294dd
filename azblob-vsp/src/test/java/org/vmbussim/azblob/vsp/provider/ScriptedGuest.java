package org.vmbussim.azblob.vsp.provider;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.vmbussim.azblob.protocol.AzBlobProtocol;
import org.vmbussim.azblob.protocol.AzBlobVspRequestLayout;
import org.vmbussim.azblob.protocol.AzBlobVspResponseLayout;
import org.vmbussim.core.channel.ChannelEnd;
import org.vmbussim.core.channel.RingPair;
import org.vmbussim.core.channel.SendResult;
import org.vmbussim.core.memory.GuestMemory;
import org.vmbussim.core.memory.HvPage;
import org.vmbussim.core.memory.PfnListRegion;
import org.vmbussim.core.packet.GpaRange;
import org.vmbussim.core.packet.PacketFlags;
import org.vmbussim.core.packet.PacketSize;
import org.vmbussim.core.packet.PacketWriter;
import org.vmbussim.core.ring.OutgoingRing;
import org.vmbussim.core.ring.ReadResult;
import org.vmbussim.core.ring.WriteResult;
import org.vmbussim.core.sched.Scheduler;
import org.vmbussim.wire.Guid;
import org.vmbussim.wire.LittleEndian;

/**
 * A small scripted guest for provider tests: one Azure Blob channel whose rings live in guest memory (the
 * host end attached to the provider under test), a user "address space" of guest pages (not contiguous,
 * as {@link GuestMemory#allocatePages} hands them out), and requests built the way the VSC builds them
 * (VMBUS-REFERENCE.md §5.7): the data, request and response buffers' pages in that order as one range at
 * offset 0 of {@code n * 4096} bytes, and the 56-byte request with the offsets of §5.3. Requests go out
 * through {@link ChannelEnd#sendGpaDirect}; hostile forms a {@code ChannelEnd} cannot produce go through a
 * raw ring writer, after which every send of this guest is raw (the end's writer would be out of step).
 *
 * <p>Not thread-safe: drive it from the test thread. Completions are recorded from the channel's thread.
 */
final class ScriptedGuest implements AutoCloseable {
    static final int PAGE = HvPage.PAGE_SIZE;
    static final byte CANARY = (byte) 0xC5;

    final GuestMemory memory;
    final Scheduler scheduler;
    final RingPair rings;
    final ChannelEnd guestEnd;
    final ChannelEnd hostEnd;
    final ProviderChannel channel;

    private final long[] userPfns;
    private final boolean signalsConnected;
    private int userBytesUsed;
    private long nextTransactionId = 1;
    private OutgoingRing rawWriter;
    private final Map<Long, CompletableFuture<Completion>> completions = new ConcurrentHashMap<>();
    private final Map<Long, AtomicInteger> completionCounts = new ConcurrentHashMap<>();
    private final List<Long> completionOrder = new CopyOnWriteArrayList<>();

    /** One completion as the guest received it; the fields are -1 when the payload is shorter than 12 bytes. */
    record Completion(long transactionId, int type, int payloadLength, long length, int error, long responseLen) {
    }

    /** A buffer in the user's address space: {@code length} bytes from byte {@code address}. */
    record UserBuffer(int address, int length) {
        static final UserBuffer NONE = new UserBuffer(0, 0);

        int startInPage() {
            return address % PAGE;
        }

        int pageCount() {
            return length == 0 ? 0 : (startInPage() + length + PAGE - 1) / PAGE;
        }
    }

    /** One request on the wire, with its buffers. */
    record Submitted(long transactionId, UserBuffer data, UserBuffer request, UserBuffer response, long[] pfns,
            byte[] payload) {
    }

    private ScriptedGuest(final Builder b) {
        this.memory = b.memory;
        this.scheduler = b.scheduler;
        this.signalsConnected = b.guestDrains;
        this.rings = RingPair.allocate(memory, b.sendRingBytes, b.receiveRingBytes);
        this.guestEnd = ChannelEnd.builder(b.name + " guest").scheduler(scheduler).outgoing(rings.guestToHost())
                .incoming(rings.hostToGuest()).handler(this::onCompletion).build();
        final RingPair hostView = RingPair.attach(memory, rings.gpadlPfns(), rings.downstreamPageOffset());
        this.hostEnd = ChannelEnd.builder(b.name + " host").scheduler(scheduler).outgoing(hostView.hostToGuest())
                .incoming(hostView.guestToHost()).handler(b.provider.packetHandler())
                .maxPacketSize(b.hostMaxPacketSize).build();
        if (b.guestDrains) {
            ChannelEnd.connect(guestEnd, hostEnd);
        }
        this.channel = b.provider.attach(hostEnd, memory, rings.gpadlPfns());
        this.userPfns = memory.allocatePages(b.userPages);
    }

    static Builder on(final AzureBlobProvider provider, final GuestMemory memory, final Scheduler scheduler) {
        return new Builder(provider, memory, scheduler);
    }

    static GuestMemory newMemory(final int pages) {
        return GuestMemory.builder().pageCount(pages).build();
    }

    // ---------------------------------------------------------------------------------------------
    // User memory

    /** A buffer starting {@code startInPage} bytes into a fresh page. */
    UserBuffer allocate(final int length, final int startInPage) {
        if (length == 0) {
            return UserBuffer.NONE;
        }
        final int start = (userBytesUsed + PAGE - 1) / PAGE * PAGE + startInPage;
        return reserve(start, length);
    }

    /** A buffer right after the last one, sharing its last page (the legal duplicate-PFN case). */
    UserBuffer allocateAdjacent(final int length) {
        return reserve(userBytesUsed, length);
    }

    private UserBuffer reserve(final int start, final int length) {
        if ((long) start + length > (long) userPfns.length * PAGE) {
            throw new IllegalStateException("user memory exhausted: " + start + " + " + length);
        }
        userBytesUsed = start + length;
        return new UserBuffer(start, length);
    }

    long[] pfnsOf(final UserBuffer b) {
        final int first = b.address() / PAGE;
        return Arrays.copyOfRange(userPfns, first, first + b.pageCount());
    }

    private PfnListRegion view(final UserBuffer b) {
        return PfnListRegion.of(memory, pfnsOf(b), b.startInPage(), b.length());
    }

    void write(final UserBuffer b, final byte[] bytes) {
        view(b).putBytes(0, bytes, 0, bytes.length);
    }

    byte[] read(final UserBuffer b, final int length) {
        final byte[] out = new byte[length];
        view(b).getBytes(0, out, 0, length);
        return out;
    }

    byte[] responseHead(final Submitted s, final Completion c) {
        return read(s.response(), (int) c.responseLen());
    }

    byte[] body(final Submitted s, final Completion c) {
        return read(s.data(), (int) c.length());
    }

    // ---------------------------------------------------------------------------------------------
    // Requests

    Request request(final byte[] head) {
        return new Request(head);
    }

    /** Builds one request; every field defaults to what the VSC would send. */
    final class Request {
        private final byte[] head;
        private byte[] body = new byte[0];
        private int dataLength = -1;
        private int requestLength = -1;
        private int responseLength = 4096;
        private int dataStart;
        private int requestStart;
        private int responseStart;
        private boolean adjacent;
        private long timeoutMillis;
        private Guid guid = Guid.parse("{6c9cf4d3-9a1e-4c55-8a2b-1d2e3f405162}");
        private long transactionId = -1;
        private int payloadLength = AzBlobVspRequestLayout.LENGTH;
        private Consumer<byte[]> payloadPatch = p -> { };
        private UnaryOperator<long[]> pfnPatch = p -> p;
        private Consumer<byte[]> packetPatch;
        private boolean splitRange;

        private Request(final byte[] head) {
            this.head = head;
        }

        Request body(final byte[] value) {
            this.body = value;
            return this;
        }

        Request dataLength(final int value) {
            this.dataLength = value;
            return this;
        }

        Request requestLength(final int value) {
            this.requestLength = value;
            return this;
        }

        Request responseLength(final int value) {
            this.responseLength = value;
            return this;
        }

        Request starts(final int data, final int request, final int response) {
            this.dataStart = data;
            this.requestStart = request;
            this.responseStart = response;
            return this;
        }

        /** Request and response buffers right after the data buffer, sharing pages with it. */
        Request adjacent() {
            this.adjacent = true;
            return this;
        }

        Request timeoutMillis(final long value) {
            this.timeoutMillis = value;
            return this;
        }

        Request guid(final Guid value) {
            this.guid = value;
            return this;
        }

        Request transactionId(final long value) {
            this.transactionId = value;
            return this;
        }

        Request payloadLength(final int value) {
            this.payloadLength = value;
            return this;
        }

        Request patchPayload(final Consumer<byte[]> patch) {
            this.payloadPatch = patch;
            return this;
        }

        Request patchPfns(final UnaryOperator<long[]> patch) {
            this.pfnPatch = patch;
            return this;
        }

        /** Describes the pages as two GPA ranges instead of the VSC's one. */
        Request splitRange() {
            this.splitRange = true;
            return this;
        }

        /** Sends raw, letting the test change the encoded packet (descriptor, ranges) first. */
        Request patchPacket(final Consumer<byte[]> patch) {
            this.packetPatch = patch;
            return this;
        }

        Submitted send() {
            final int dataLen = dataLength >= 0 ? dataLength : body.length;
            final int requestLen = requestLength >= 0 ? requestLength : head.length;
            final UserBuffer data = allocate(dataLen, dataStart);
            final UserBuffer request = adjacent ? allocateAdjacent(requestLen) : allocate(requestLen, requestStart);
            final UserBuffer response = adjacent ? allocateAdjacent(responseLength)
                    : allocate(responseLength, responseStart);
            write(request, Arrays.copyOf(head, Math.min(head.length, requestLen)));
            write(data, Arrays.copyOf(body, Math.min(body.length, dataLen)));
            final long[] dataPfns = pfnsOf(data);
            final long[] requestPfns = pfnsOf(request);
            final long[] pfns = concat(dataPfns, requestPfns, pfnsOf(response));
            final byte[] payload = new byte[AzBlobVspRequestLayout.LENGTH];
            LittleEndian.putInt(payload, AzBlobVspRequestLayout.VERSION_OFFSET, AzBlobProtocol.VSP_PROTOCOL_VERSION_V1);
            LittleEndian.putInt(payload, AzBlobVspRequestLayout.TIMEOUT_MS_OFFSET, (int) timeoutMillis);
            LittleEndian.putInt(payload, AzBlobVspRequestLayout.DATA_BUFFER_OFFSET_OFFSET, data.startInPage());
            LittleEndian.putInt(payload, AzBlobVspRequestLayout.DATA_BUFFER_LENGTH_OFFSET, dataLen);
            LittleEndian.putInt(payload, AzBlobVspRequestLayout.DATA_BUFFER_VALID_OFFSET, body.length);
            LittleEndian.putInt(payload, AzBlobVspRequestLayout.OPERATION_TYPE_OFFSET,
                    AzBlobProtocol.AZ_BLOB_DRIVER_USER_REQUEST);
            LittleEndian.putInt(payload, AzBlobVspRequestLayout.REQUEST_BUFFER_OFFSET_OFFSET,
                    request.startInPage() + dataPfns.length * PAGE);
            LittleEndian.putInt(payload, AzBlobVspRequestLayout.REQUEST_BUFFER_LENGTH_OFFSET, requestLen);
            LittleEndian.putInt(payload, AzBlobVspRequestLayout.RESPONSE_BUFFER_OFFSET_OFFSET,
                    response.startInPage() + (dataPfns.length + requestPfns.length) * PAGE);
            LittleEndian.putInt(payload, AzBlobVspRequestLayout.RESPONSE_BUFFER_LENGTH_OFFSET, responseLength);
            guid.toWire(payload, AzBlobVspRequestLayout.TRANSACTION_ID_OFFSET);
            payloadPatch.accept(payload);
            final long[] sentPfns = pfnPatch.apply(pfns);
            final long id = transactionId >= 0 ? transactionId : nextTransactionId++;
            final List<GpaRange> ranges = splitRange
                    ? List.of(GpaRange.of(0, PAGE, sentPfns, 0, 1),
                            GpaRange.of(0, (long) (sentPfns.length - 1) * PAGE, sentPfns, 1, sentPfns.length - 1))
                    : List.of(GpaRange.of(0, (long) sentPfns.length * PAGE, sentPfns));
            final int sentPayload = Math.min(payloadLength, payload.length);
            if (packetPatch != null || rawWriter != null) {
                final ByteBuf packet = Unpooled.buffer(PacketSize.gpaDirect(ranges.size(), sentPfns.length,
                        sentPayload));
                final int length = PacketWriter.writeGpaDirect(packet, 0, ranges, Unpooled.wrappedBuffer(payload), 0,
                        sentPayload);
                final byte[] bytes = new byte[length];
                packet.getBytes(0, bytes);
                if (packetPatch != null) {
                    packetPatch.accept(bytes);
                }
                sendRaw(bytes, id);
            } else {
                final SendResult r = guestEnd.sendGpaDirect(ranges, Unpooled.wrappedBuffer(payload), 0, sentPayload,
                        id);
                assertTrue(r.isSent(), "guest send: " + r);
                kickHostIfUnconnected();
            }
            return new Submitted(id, data, request, response, sentPfns, payload);
        }
    }

    private static long[] concat(final long[]... parts) {
        final List<Long> all = new ArrayList<>();
        for (final long[] p : parts) {
            for (final long v : p) {
                all.add(v);
            }
        }
        return all.stream().mapToLong(Long::longValue).toArray();
    }

    /** An in-band packet (type 6), as a confused or hostile guest might send one. */
    void sendInBand(final long transactionId, final boolean completionRequested, final byte[] payload) {
        if (rawWriter != null) {
            final ByteBuf packet = Unpooled.buffer(PacketSize.inBand(payload.length));
            final int length = PacketWriter.writeInBand(packet, 0, completionRequested
                    ? PacketFlags.COMPLETION_REQUESTED : PacketFlags.NONE, Unpooled.wrappedBuffer(payload), 0,
                    payload.length);
            final byte[] bytes = new byte[length];
            packet.getBytes(0, bytes);
            sendRaw(bytes, transactionId);
            return;
        }
        final SendResult r = guestEnd.sendInBand(Unpooled.wrappedBuffer(payload), 0, payload.length,
                completionRequested, transactionId);
        assertTrue(r.isSent(), "guest send: " + r);
        kickHostIfUnconnected();
    }

    /** Writes a packet straight into the guest-to-host ring ({@code trans_id} set by the writer). */
    void sendRaw(final byte[] packet, final long transactionId) {
        if (rawWriter == null) {
            // Attaches at the write index the guest end has published; the end's own writer is not used again.
            rawWriter = new OutgoingRing(rings.guestToHost());
        }
        final WriteResult r = rawWriter.write(packet, 0, packet.length, transactionId, null);
        assertTrue(r instanceof WriteResult.Written, "raw send: " + r);
        hostEnd.onPeerSignal();
    }

    long nextTransactionId() {
        return nextTransactionId++;
    }

    private void kickHostIfUnconnected() {
        if (!signalsConnected) {
            hostEnd.onPeerSignal();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Completions

    private void onCompletion(final ChannelEnd end, final ByteBuf packet, final ReadResult.Packet info) {
        final int at = info.dataOffset();
        final boolean whole = info.payloadLength() >= AzBlobVspResponseLayout.LENGTH;
        final Completion c = new Completion(info.transactionId(), info.type(), info.payloadLength(),
                whole ? packet.getUnsignedIntLE(at + AzBlobVspResponseLayout.LENGTH_OFFSET) : -1,
                whole ? packet.getIntLE(at + AzBlobVspResponseLayout.ERROR_OFFSET) : -1,
                whole ? packet.getUnsignedIntLE(at + AzBlobVspResponseLayout.RESPONSE_LEN_OFFSET) : -1);
        completionCounts.computeIfAbsent(c.transactionId(), id -> new AtomicInteger()).incrementAndGet();
        completionOrder.add(c.transactionId());
        future(c.transactionId()).complete(c);
    }

    private CompletableFuture<Completion> future(final long id) {
        return completions.computeIfAbsent(id, k -> new CompletableFuture<>());
    }

    /** The completion received for an id, or null. */
    Completion completion(final long id) {
        return future(id).getNow(null);
    }

    /** Waits (real time, bounded) for a completion: for threaded schedulers. */
    Completion await(final long id, final Duration timeout) throws Exception {
        return future(id).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    int completionCount(final long id) {
        final AtomicInteger n = completionCounts.get(id);
        return n == null ? 0 : n.get();
    }

    int totalCompletions() {
        return completionOrder.size();
    }

    List<Long> completionOrder() {
        return List.copyOf(completionOrder);
    }

    // ---------------------------------------------------------------------------------------------
    // Canary

    /** Fills every page of guest RAM except the rings with the canary. */
    void fillCanary() {
        final byte[] page = new byte[PAGE];
        Arrays.fill(page, CANARY);
        final long[] ringPfns = rings.gpadlPfns();
        for (long pfn = memory.basePfn(); pfn < memory.endPfn(); pfn++) {
            if (Arrays.binarySearch(ringPfns, pfn) < 0) {
                memory.putBytes(HvPage.gpaOf(pfn), page, 0, PAGE);
            }
        }
    }

    /** All of guest RAM. */
    byte[] image() {
        final byte[] all = new byte[memory.sizeBytes()];
        memory.getBytes(memory.baseGpa(), all, 0, all.length);
        return all;
    }

    /** The GPA intervals holding bytes {@code [0, length)} of a buffer. */
    List<long[]> gpaIntervals(final UserBuffer b, final long length) {
        final List<long[]> out = new ArrayList<>();
        if (length <= 0) {
            return out;
        }
        final PfnListRegion region = view(b);
        long done = 0;
        while (done < length) {
            final long gpa = region.gpaOf(done);
            final long n = Math.min(length - done, PAGE - HvPage.offsetInPage(gpa));
            out.add(new long[] {gpa, gpa + n});
            done += n;
        }
        return out;
    }

    /**
     * Asserts guest RAM equals {@code before} everywhere but the rings and the given GPA intervals.
     *
     * @param before  an earlier {@link #image()}
     * @param allowed {@code {fromGpa, toGpa}} intervals that may have changed
     */
    void assertUnchangedExcept(final byte[] before, final List<long[]> allowed) {
        final byte[] after = image();
        final boolean[] mayChange = new boolean[after.length];
        for (final long pfn : rings.gpadlPfns()) {
            final int from = (int) (HvPage.gpaOf(pfn) - memory.baseGpa());
            Arrays.fill(mayChange, from, from + PAGE, true);
        }
        for (final long[] interval : allowed) {
            Arrays.fill(mayChange, (int) (interval[0] - memory.baseGpa()), (int) (interval[1] - memory.baseGpa()),
                    true);
        }
        for (int i = 0; i < after.length; i++) {
            if (!mayChange[i] && after[i] != before[i]) {
                throw new AssertionError(String.format("guest RAM changed outside the listed buffers at GPA 0x%x:"
                        + " 0x%02x -> 0x%02x", memory.baseGpa() + i, before[i], after[i]));
            }
        }
    }

    @Override
    public void close() {
        hostEnd.close();
        guestEnd.close();
    }

    /** Options of a {@link ScriptedGuest}. */
    static final class Builder {
        private final AzureBlobProvider provider;
        private final GuestMemory memory;
        private final Scheduler scheduler;
        private String name = "azblob";
        private int sendRingBytes = AzBlobProtocol.AZ_BLOB_RING_SIZE;
        private int receiveRingBytes = AzBlobProtocol.AZ_BLOB_RING_SIZE;
        private int hostMaxPacketSize = AzureBlobProvider.MAX_REQUEST_PACKET_BYTES;
        private int userPages = 512;
        private boolean guestDrains = true;

        private Builder(final AzureBlobProvider provider, final GuestMemory memory, final Scheduler scheduler) {
            this.provider = provider;
            this.memory = memory;
            this.scheduler = scheduler;
        }

        Builder name(final String value) {
            this.name = value;
            return this;
        }

        Builder rings(final int sendBytes, final int receiveBytes) {
            this.sendRingBytes = sendBytes;
            this.receiveRingBytes = receiveBytes;
            return this;
        }

        Builder hostMaxPacketSize(final int value) {
            this.hostMaxPacketSize = value;
            return this;
        }

        Builder userPages(final int value) {
            this.userPages = value;
            return this;
        }

        /** The guest is never signalled, so it never reads its completions (a guest that stopped draining). */
        Builder guestNeverDrains() {
            this.guestDrains = false;
            return this;
        }

        ScriptedGuest attach() {
            return new ScriptedGuest(this);
        }
    }
}
