package org.vmbussim.testfixtures.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.vmbussim.azblob.protocol.AzBlobProtocol;
import org.vmbussim.azblob.protocol.AzBlobVspRequestLayout;
import org.vmbussim.azblob.protocol.AzBlobVspResponseLayout;
import org.vmbussim.azblob.vsp.provider.AzureBlobProvider;
import org.vmbussim.azblob.vsp.provider.ProviderChannel;
import org.vmbussim.azblob.vsp.provider.ProviderChannelStatistics;
import org.vmbussim.azblob.vsp.store.StorageEngine;
import org.vmbussim.azblob.vsp.store.StorageOptions;
import org.vmbussim.core.channel.ChannelEnd;
import org.vmbussim.core.channel.ChannelState;
import org.vmbussim.core.channel.RingPair;
import org.vmbussim.core.memory.GuestMemory;
import org.vmbussim.core.memory.HvPage;
import org.vmbussim.core.packet.GpaRange;
import org.vmbussim.core.packet.PacketFlags;
import org.vmbussim.core.packet.PacketType;
import org.vmbussim.core.packet.PacketWriter;
import org.vmbussim.core.ring.IncomingRing;
import org.vmbussim.core.ring.ReadResult;
import org.vmbussim.core.ring.RingControlLayout;
import org.vmbussim.core.sched.DeterministicScheduler;
import org.vmbussim.uapi.Errno;
import org.vmbussim.wire.LittleEndian;

/**
 * The host's request validation, fed by a hostile guest: GPA-direct packets built valid (one range over data,
 * request and response pages, a real Blob REST head in the request buffer) and then often mutated (ranges,
 * PFNs, offsets, lengths, version, operation, descriptor), plus in-band and completion packets, garbage
 * descriptors, batches with repeated ids and corrupted ring indices. The real provider serves them from an
 * in-memory store on the deterministic scheduler.
 *
 * <p>Oracle per input: no exception escapes a scheduler task; the host's channel faults only when the ring
 * framing was broken; each completion-requested packet with a non-zero id gets exactly one completion (those
 * the provider counts as duplicates of an id in flight get none); every completion names a sent id and carries
 * 0 or a known errno; nothing is left in flight; and guest RAM outside the rings changes only inside the
 * response and data buffers of requests completed with status 0.
 */
final class VspRequestTarget implements FuzzTarget {
    private static final int PAGES = 40;
    private static final int BUFFER_PAGES = 24;
    private static final int RING_BYTES = 5 * HvPage.PAGE_SIZE;

    @Override
    public String name() {
        return "vsp-request";
    }

    @Override
    public int epochLength() {
        return 5_000;
    }

    @Override
    public Harness newHarness() {
        return new VspHarness();
    }

    /** One packet as sent. */
    private record Sent(byte[] bytes, boolean eligible, long id, boolean framingBroken) {
    }

    private static final class VspHarness implements Harness {
        private final DeterministicScheduler scheduler = new DeterministicScheduler(1);
        private final GuestMemory memory = GuestMemory.builder().name("vsp-fuzz").pageCount(PAGES).build();
        private final StorageEngine store = StorageEngine.inMemory(StorageOptions.defaults().withoutAuthentication());
        private final AzureBlobProvider provider = AzureBlobProvider.builder(store).name("vsp-fuzz")
                .executor(scheduler::execute).build();
        private final long[] bufferPfns;
        private final byte[] completionCopy = new byte[4096];
        private RingPair rings;
        private ChannelEnd host;
        private ProviderChannel channel;
        private RawRing guestOut;
        private IncomingRing guestIn;
        private RamWatch watch;
        private int channels;

        VspHarness() {
            connect();
            bufferPfns = memory.allocatePages(BUFFER_PAGES);
            final byte[] head = ("PUT /devstoreaccount1/" + HttpHeads.CONTAINER
                    + "?restype=container HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            final Random random = new Random(0);
            final byte[] packet = request(random, head, 0, false);
            assertTrue(guestOut.write(packet));
            host.onPeerSignal();
            scheduler.runUntilIdle();
            final List<long[]> done = readCompletions();
            assertEquals(1, done.size(), "the container was created");
            assertEquals(0, done.get(0)[1], "status of creating the container");
            for (final long[] piece : NamedBuffers.outputPieces(packet, memory)) {
                watch.allow(piece[0], piece[1]);
            }
            watch.check(() -> "creating the container");
        }

        private void connect() {
            rings = RingPair.allocate(memory, RING_BYTES, RING_BYTES);
            final RingPair hostView = RingPair.attach(memory, rings.gpadlPfns(), rings.downstreamPageOffset());
            host = ChannelEnd.builder("vsp-fuzz " + ++channels + " host").scheduler(scheduler)
                    .outgoing(hostView.hostToGuest()).incoming(hostView.guestToHost())
                    .maxPacketSize(AzureBlobProvider.MAX_REQUEST_PACKET_BYTES).handler(provider.packetHandler())
                    .build();
            channel = provider.attach(host, memory, rings.gpadlPfns());
            guestOut = new RawRing(rings.guestToHost());
            guestIn = new IncomingRing(rings.hostToGuest());
            watch = new RamWatch(memory, rings.gpadlPfns());
        }

        private void reconnect() {
            host.close();
            assertTrue(!channel.isAttached(), "the provider let go of the closed channel");
            rings.free();
            connect();
        }

        @Override
        public String feed(final Random random) {
            if (random.nextInt(500) == 0) {
                return corruptIndex(random);
            }
            final int batch = random.nextInt(4) == 0 ? 2 + random.nextInt(2) : 1;
            final List<Sent> sent = new ArrayList<>();
            long repeatId = 0;
            for (int i = 0; i < batch; i++) {
                final Sent s = generate(random, repeatId);
                if (!guestOut.write(s.bytes())) {
                    break;
                }
                sent.add(s);
                repeatId = s.id();
            }
            final ProviderChannelStatistics before = channel.statistics();
            host.onPeerSignal();
            scheduler.runUntilIdle();
            assertEquals(List.of(), scheduler.uncaughtErrors(), "scheduler task errors");
            final boolean framingBroken = sent.stream().anyMatch(Sent::framingBroken);
            if (host.state() != ChannelState.OPEN) {
                assertTrue(framingBroken, "the host channel is " + host.state() + " though the framing was valid");
                reconnect();
                return "ring-fault";
            }
            final ProviderChannelStatistics after = channel.statistics();
            assertEquals(0, after.inFlight(), "requests left in flight");
            final List<long[]> completions = readCompletions();
            final Map<Long, Integer> eligible = new HashMap<>();
            for (final Sent s : sent) {
                if (s.eligible()) {
                    eligible.merge(s.id(), 1, Integer::sum);
                }
            }
            if (!framingBroken) {
                final long expected = eligible.values().stream().mapToInt(Integer::intValue).sum()
                        - (after.duplicatesDropped() - before.duplicatesDropped());
                assertEquals(expected, completions.size(), "one completion per completion-requested packet");
            }
            String outcome = "no-completion";
            for (final long[] c : completions) {
                assertTrue(eligible.containsKey(c[0]) || framingBroken, "completion for id " + c[0]
                        + " that no packet asked for");
                final int status = (int) c[1];
                assertTrue(status == 0 || Errno.ofOrNull(status) != null, "status " + status + " is no errno");
                if (status == 0) {
                    for (final Sent s : sent) {
                        if (s.id() == c[0]) {
                            for (final long[] piece : NamedBuffers.outputPieces(s.bytes(), memory)) {
                                watch.allow(piece[0], piece[1]);
                            }
                        }
                    }
                }
                outcome = status == 0 ? "completed-0" : "completed-" + Errno.of(status);
            }
            watch.check(() -> describe(sent, completions));
            return outcome;
        }

        private static String describe(final List<Sent> sent, final List<long[]> completions) {
            final StringBuilder sb = new StringBuilder("sent");
            for (final Sent s : sent) {
                sb.append("\n  ").append(org.vmbussim.wire.HexDump.dump(s.bytes()));
            }
            sb.append("\ncompletions");
            for (final long[] c : completions) {
                sb.append(" {id=").append(c[0]).append(" error=").append(c[1]).append(" response_len=").append(c[2])
                        .append(" length=").append(c[3]).append('}');
            }
            return sb.toString();
        }

        private String corruptIndex(final Random random) {
            final int bad = random.nextBoolean() ? guestOut.dataLength() + 8 * random.nextInt(100)
                    : 8 * random.nextInt(guestOut.dataLength() / 8) + 1 + random.nextInt(7);
            guestOut.corrupt(RingControlLayout.WRITE_INDEX_OFFSET, bad);
            host.onPeerSignal();
            scheduler.runUntilIdle();
            assertEquals(List.of(), scheduler.uncaughtErrors(), "scheduler task errors");
            assertEquals(ChannelState.FAULTED, host.state(), "write_index " + bad + " faults the channel");
            reconnect();
            return "ring-fault";
        }

        /** Completions the provider put on the guest's ring: {@code {trans_id, error, response_len, length}}. */
        private List<long[]> readCompletions() {
            final List<long[]> out = new ArrayList<>();
            guestIn.begin();
            try {
                while (true) {
                    final ReadResult r = guestIn.next(completionCopy);
                    if (!(r instanceof ReadResult.Packet)) {
                        break;
                    }
                    final ReadResult.Packet p = (ReadResult.Packet) r;
                    assertEquals(PacketType.COMPLETION.wireValue(), p.type(), "the provider sends completions only");
                    assertTrue(p.length() - p.dataOffset() >= AzBlobVspResponseLayout.LENGTH, "whole response");
                    final int at = p.dataOffset();
                    out.add(new long[] {p.transactionId(),
                        LittleEndian.getInt(completionCopy, at + AzBlobVspResponseLayout.ERROR_OFFSET),
                        LittleEndian.getInt(completionCopy, at + AzBlobVspResponseLayout.RESPONSE_LEN_OFFSET),
                        LittleEndian.getInt(completionCopy, at + AzBlobVspResponseLayout.LENGTH_OFFSET)});
                }
            } finally {
                guestIn.close();
            }
            return out;
        }

        private Sent generate(final Random random, final long repeatId) {
            final int kind = random.nextInt(100);
            byte[] bytes;
            if (kind < 85) {
                bytes = request(random, null, 0, true);
            } else if (kind < 91) {
                bytes = other(random, PacketType.DATA_INBAND);
            } else if (kind < 96) {
                bytes = other(random, PacketType.COMPLETION);
            } else {
                bytes = Mutator.garbage(random, 16 + 8 * random.nextInt(24));
            }
            if (kind < 60 && random.nextInt(10) < 4 || kind >= 85 && random.nextBoolean()) {
                bytes = Mutator.mutate(bytes, random, 4);
            }
            if (bytes.length < 16) {
                bytes = java.util.Arrays.copyOf(bytes, 16);
            }
            final int padded = (bytes.length + 7) & ~7;
            if (random.nextInt(10) != 0) {
                LittleEndian.putShort(bytes, 4, padded / 8);
            }
            if (repeatId != 0 && random.nextInt(3) == 0) {
                LittleEndian.putLong(bytes, 8, repeatId);
            }
            final int offset8 = LittleEndian.getShort(bytes, 2) & 0xFFFF;
            final int length8 = LittleEndian.getShort(bytes, 4) & 0xFFFF;
            final boolean framingBroken = length8 * 8 != padded || offset8 < 2 || offset8 > length8;
            final int flags = LittleEndian.getShort(bytes, 6) & 0xFFFF;
            final long id = LittleEndian.getLong(bytes, 8);
            return new Sent(bytes, PacketFlags.isCompletionRequested(flags) && id != 0, id, framingBroken);
        }

        private byte[] other(final Random random, final PacketType type) {
            final byte[] payload = Mutator.garbage(random, random.nextInt(80));
            final ByteBuf dst = Unpooled.buffer(16 + payload.length + 8);
            final int length = type == PacketType.COMPLETION
                    ? PacketWriter.writeCompletion(dst, 0, random.nextLong(), Unpooled.wrappedBuffer(payload), 0,
                            payload.length)
                    : PacketWriter.writeInBand(dst, 0, random.nextInt(2), Unpooled.wrappedBuffer(payload), 0,
                            payload.length);
            final byte[] bytes = new byte[length];
            dst.getBytes(0, bytes);
            if (random.nextBoolean()) {
                LittleEndian.putShort(bytes, 6, PacketFlags.COMPLETION_REQUESTED);
            }
            LittleEndian.putLong(bytes, 8, 1 + random.nextInt(1 << 16));
            return bytes;
        }

        /**
         * A valid GPA-direct request over data, request and response pages, its head and body written into
         * guest RAM first (when every page it names is a buffer page).
         */
        private byte[] request(final Random random, final byte[] fixedHead, final int fixedBody, final boolean vary) {
            final int dataPages = vary ? random.nextInt(4) : 0;
            final int requestPages = 1;
            final int responsePages = 1;
            final int pages = dataPages + requestPages + responsePages;
            final int byteOffset = vary && random.nextInt(4) == 0 ? random.nextInt(HvPage.PAGE_SIZE) : 0;
            final long[] pfns = new long[pages];
            boolean allBufferPages = true;
            for (int i = 0; i < pages; i++) {
                final int pick = vary ? random.nextInt(100) : 99;
                if (pick < 3) {
                    pfns[i] = rings.gpadlPfns()[random.nextInt(rings.pageCount())];
                    allBufferPages = false;
                } else if (pick < 6) {
                    pfns[i] = random.nextBoolean() ? memory.endPfn() + random.nextInt(4) : Mutator.interesting(random);
                    allBufferPages = false;
                } else if (pick < 10 && i > 0) {
                    pfns[i] = pfns[i - 1];
                } else {
                    pfns[i] = bufferPfns[random.nextInt(bufferPfns.length)];
                }
            }
            final long byteCount = (long) pages * HvPage.PAGE_SIZE - byteOffset - (vary ? random.nextInt(64) : 0);
            final long dataOffset = 0;
            final long dataLength = dataPages == 0 ? 0
                    : Math.max(0, (long) dataPages * HvPage.PAGE_SIZE - byteOffset - random.nextInt(100));
            final byte[] body = dataLength == 0 ? new byte[0]
                    : Mutator.garbage(random, vary ? random.nextInt((int) dataLength + 1) : fixedBody);
            final byte[] realHead = fixedHead != null ? fixedHead : HttpHeads.random(random, body.length);
            final long requestOffset = Math.max(0, (long) dataPages * HvPage.PAGE_SIZE - byteOffset
                    + (vary ? random.nextInt(HvPage.PAGE_SIZE - realHead.length) : 0));
            final long responseOffset = (long) (dataPages + requestPages) * HvPage.PAGE_SIZE - byteOffset
                    + (vary ? random.nextInt(64) : 0);
            final long responseLength = Math.min(byteCount - responseOffset, vary && random.nextInt(8) == 0
                    ? random.nextInt(40) : 1024 + random.nextInt(2048));
            if (allBufferPages) {
                writeGuest(pfns, byteOffset, requestOffset, realHead);
                writeGuest(pfns, byteOffset, dataOffset, body);
            }
            final byte[] payload = new byte[AzBlobVspRequestLayout.LENGTH];
            LittleEndian.putInt(payload, AzBlobVspRequestLayout.VERSION_OFFSET, vary && random.nextInt(50) == 0
                    ? random.nextInt(3) : AzBlobProtocol.VSP_PROTOCOL_VERSION_V1);
            LittleEndian.putInt(payload, AzBlobVspRequestLayout.TIMEOUT_MS_OFFSET, random.nextInt(4) == 0
                    ? (int) Mutator.interesting(random) : 1000);
            LittleEndian.putInt(payload, AzBlobVspRequestLayout.DATA_BUFFER_OFFSET_OFFSET, (int) dataOffset);
            LittleEndian.putInt(payload, AzBlobVspRequestLayout.DATA_BUFFER_LENGTH_OFFSET, (int) dataLength);
            LittleEndian.putInt(payload, AzBlobVspRequestLayout.DATA_BUFFER_VALID_OFFSET, body.length);
            LittleEndian.putInt(payload, AzBlobVspRequestLayout.OPERATION_TYPE_OFFSET, vary && random.nextInt(50) == 0
                    ? AzBlobProtocol.AZ_BLOB_DRIVER_REGISTER_BUFFER : AzBlobProtocol.AZ_BLOB_DRIVER_USER_REQUEST);
            LittleEndian.putInt(payload, AzBlobVspRequestLayout.REQUEST_BUFFER_OFFSET_OFFSET, (int) requestOffset);
            LittleEndian.putInt(payload, AzBlobVspRequestLayout.REQUEST_BUFFER_LENGTH_OFFSET, vary
                    && random.nextInt(20) == 0 ? random.nextInt(realHead.length + 1) : realHead.length);
            LittleEndian.putInt(payload, AzBlobVspRequestLayout.RESPONSE_BUFFER_OFFSET_OFFSET, (int) responseOffset);
            LittleEndian.putInt(payload, AzBlobVspRequestLayout.RESPONSE_BUFFER_LENGTH_OFFSET, (int) responseLength);
            final ByteBuf dst = Unpooled.buffer(4096);
            final int length = PacketWriter.writeGpaDirect(dst, 0, GpaRange.of(byteOffset, byteCount, pfns),
                    Unpooled.wrappedBuffer(payload), 0, payload.length);
            final byte[] bytes = new byte[length];
            dst.getBytes(0, bytes);
            LittleEndian.putLong(bytes, 8, !vary ? 1 : random.nextInt(30) == 0 ? 0
                    : random.nextInt(30) == 0 ? Mutator.interesting(random) : 1 + random.nextInt(1 << 16));
            if (vary && random.nextInt(30) == 0) {
                LittleEndian.putShort(bytes, 6, 0);
            }
            return bytes;
        }

        /** Writes bytes at a range offset through the PFN list, as the guest's own stores. */
        private void writeGuest(final long[] pfns, final int byteOffset, final long offset, final byte[] bytes) {
            int done = 0;
            while (done < bytes.length) {
                final long inRange = byteOffset + offset + done;
                final int page = (int) (inRange / HvPage.PAGE_SIZE);
                final int inPage = (int) (inRange % HvPage.PAGE_SIZE);
                final int n = Math.min(bytes.length - done, HvPage.PAGE_SIZE - inPage);
                watch.write(HvPage.gpaOf(pfns[page]) + inPage, java.util.Arrays.copyOfRange(bytes, done, done + n));
                done += n;
            }
        }

        @Override
        public void close() {
            try {
                assertEquals(List.of(), scheduler.uncaughtErrors(), "scheduler task errors");
                assertEquals(0, provider.channels().stream().mapToInt(c -> c.statistics().inFlight()).sum());
            } finally {
                provider.close();
                host.close();
                store.close();
                scheduler.close();
            }
            assertEquals(0, provider.liveWorkerThreadCount(), "provider threads left");
        }
    }
}
