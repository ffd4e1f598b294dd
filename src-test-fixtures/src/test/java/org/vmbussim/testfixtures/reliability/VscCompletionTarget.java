package org.vmbussim.testfixtures.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.vmbussim.azblob.protocol.AzBlobVspResponseLayout;
import org.vmbussim.azblob.vsc.AzureBlobConfig;
import org.vmbussim.azblob.vsc.AzureBlobDevice;
import org.vmbussim.azblob.vsc.AzureBlobDriver;
import org.vmbussim.core.channel.ChannelEnd;
import org.vmbussim.core.channel.ChannelState;
import org.vmbussim.core.channel.RingPair;
import org.vmbussim.core.devfs.Devfs;
import org.vmbussim.core.devfs.FileHandle;
import org.vmbussim.core.devfs.OpenFlags;
import org.vmbussim.core.memory.GuestMemory;
import org.vmbussim.core.memory.HvPage;
import org.vmbussim.core.packet.GpaRange;
import org.vmbussim.core.packet.Packet;
import org.vmbussim.core.packet.PacketParser;
import org.vmbussim.core.packet.PacketType;
import org.vmbussim.core.packet.PacketWriter;
import org.vmbussim.core.process.AddressSpace;
import org.vmbussim.core.process.Credentials;
import org.vmbussim.core.process.ProcessTable;
import org.vmbussim.core.process.Protection;
import org.vmbussim.core.process.SimProcess;
import org.vmbussim.core.ring.IncomingRing;
import org.vmbussim.core.ring.ReadResult;
import org.vmbussim.core.ring.RingControlLayout;
import org.vmbussim.core.sched.DeterministicScheduler;
import org.vmbussim.uapi.AzBlobRequestSync;
import org.vmbussim.uapi.AzBlobRequestSyncLayout;
import org.vmbussim.uapi.Errno;
import org.vmbussim.uapi.ErrnoException;
import org.vmbussim.uapi.Ioctl;
import org.vmbussim.wire.Guid;
import org.vmbussim.wire.LittleEndian;

/**
 * The guest's ring reader and completion handling, fed by a hostile host (RELIABILITY P1, P5, P6, Q1 to Q5, S2
 * b, R1): action sequences over one Azure Blob device whose host end is a raw ring writer. A process submits
 * requests; the host reads them and answers with the right id or an unknown, zero, sentinel, duplicate or stale
 * one, a short, long or garbage payload, lengths beyond the buffers, the wrong packet type, mutated
 * descriptors, corrupted indices, or silence while the clock runs past the deadlines.
 *
 * <p>Oracle per action: no exception escapes a scheduler task; every request ends once, with 0 or one of the
 * errnos the device documents, and within its deadline; a request that ends with 0 carries exactly the
 * status and {@code response_len} of the completion the host sent for its id; the guest writes nothing into
 * guest RAM outside its rings but the 8 response bytes of the struct of a request that ended with 0 (the host's
 * own writes into the buffers are known); every PFN a request names is a page of that request's buffers; when
 * the host holds nothing, no page is pinned and no requestor id is in use.
 */
final class VscCompletionTarget implements FuzzTarget {
    private static final int PAGES = 40;
    private static final int RING_BYTES = 5 * HvPage.PAGE_SIZE;
    private static final int REQUESTOR_SIZE = 8;
    private static final int UNTOUCHED = 0x5a5a5a5a;
    private static final long GRACE_MILLIS = 20;
    private static final Set<Errno> ALLOWED = EnumSet.of(Errno.EPROTO, Errno.ETIMEDOUT, Errno.EIO, Errno.ENODEV,
            Errno.EAGAIN);
    private static final long[] SENTINELS = {-1L, -2L, -3L, -4L, 0L};

    @Override
    public String name() {
        return "vsc-completion";
    }

    @Override
    public int epochLength() {
        return 5_000;
    }

    @Override
    public Harness newHarness() {
        return new VscHarness();
    }

    /** A request the process submitted. */
    private static final class UserSide {
        final int slot;
        final long structVa;
        final CompletableFuture<Long> result;
        final long deadlineNanos;
        /** The completion the host sent for this request's id: {@code {status, response_len}}, or null. */
        int[] answered;

        UserSide(final int slot, final long structVa, final CompletableFuture<Long> result, final long deadlineNanos) {
            this.slot = slot;
            this.structVa = structVa;
            this.result = result;
            this.deadlineNanos = deadlineNanos;
        }
    }

    /** A request the host has read. */
    private record HostSide(long id, UserSide user, int responseCapacity, int dataCapacity, long[] responsePfns,
            int responseStart, long[] dataPfns, int dataStart) {
    }

    private static final class VscHarness implements Harness {
        private final DeterministicScheduler scheduler = new DeterministicScheduler(2);
        private final GuestMemory memory = GuestMemory.builder().name("vsc-fuzz").pageCount(PAGES).build();
        private final Devfs devfs = new Devfs();
        private final ProcessTable processes = new ProcessTable(memory);
        private final AzureBlobDriver driver = new AzureBlobDriver(AzureBlobConfig.builder().withoutJmx()
                .graceMillis(GRACE_MILLIS).removeDrainMillis(10).releaseWaitMillis(10).build(), devfs, memory);
        private final byte[] copy = new byte[8192];
        private final List<UserSide> users = new ArrayList<>();
        private final List<HostSide> held = new ArrayList<>();
        private final List<Long> finishedIds = new ArrayList<>();
        private RingPair rings;
        private ChannelEnd guest;
        private AzureBlobDevice device;
        private IncomingRing hostIn;
        private RawRing hostOut;
        private SimProcess process;
        private FileHandle fd;
        private long mapping;
        private RamWatch watch;
        private int devices;
        private int submissions;
        private final java.util.Map<String, Long> results = new java.util.TreeMap<>();
        /** Every submission by the sequence number in its GUID (the host finds its request's owner by it). */
        private final java.util.Map<Integer, UserSide> bySequence = new java.util.HashMap<>();

        VscHarness() {
            connect();
        }

        /** Process pages: 0 struct slots, 1 canary, 2 request, 3 response, 4-5 data, 6 canary. */
        private void connect() {
            rings = RingPair.allocate(memory, RING_BYTES, RING_BYTES);
            final RingPair hostView = RingPair.attach(memory, rings.gpadlPfns(), rings.downstreamPageOffset());
            guest = ChannelEnd.builder("vsc-fuzz " + ++devices + " guest").scheduler(scheduler)
                    .outgoing(rings.guestToHost()).incoming(rings.hostToGuest()).requestorSize(REQUESTOR_SIZE)
                    .handler(driver.channelCallback()).build();
            device = driver.probe(guest);
            hostIn = new IncomingRing(hostView.guestToHost());
            hostOut = new RawRing(hostView.hostToGuest());
            process = processes.spawn(Credentials.of(1000, 1000));
            fd = devfs.open(process, device.path(), OpenFlags.O_RDWR);
            final AddressSpace as = process.addressSpace();
            mapping = as.mmap(7L * HvPage.PAGE_SIZE, Protection.READ_WRITE);
            final byte[] canary = new byte[7 * HvPage.PAGE_SIZE];
            java.util.Arrays.fill(canary, (byte) 0xC5);
            as.putBytes(mapping, canary);
            watch = new RamWatch(memory, rings.gpadlPfns());
        }

        /** The guest physical address of a mapped user address. */
        private long gpaOf(final long va) {
            return HvPage.gpaOf(process.addressSpace().translate(va)) + HvPage.offsetInPage(va);
        }

        private long page(final int i) {
            return mapping + (long) i * HvPage.PAGE_SIZE;
        }

        @Override
        public String feed(final Random random) {
            final int action = random.nextInt(100);
            final String outcome;
            if (action < 30) {
                outcome = submit(random);
            } else if (action < 45) {
                outcome = hostRead();
            } else if (action < 75) {
                outcome = complete(random);
            } else if (action < 83) {
                outcome = mutatedCompletion(random);
            } else if (action < 87) {
                outcome = wrongType(random);
            } else if (action < 99) {
                scheduler.advanceBy(random.nextInt(40), TimeUnit.MILLISECONDS);
                outcome = "advance-time";
            } else if (random.nextInt(5) == 0) {
                outcome = corruptIndex(random);
            } else {
                outcome = duplicateOfFinished(random);
            }
            scheduler.runUntilIdle();
            check();
            return outcome;
        }

        private String submit(final Random random) {
            if (users.size() >= 12) {
                return "submit-skipped";
            }
            final int slot = freeSlot();
            final long struct = page(0) + slot * 80L;
            final int requestStart = random.nextInt(HvPage.PAGE_SIZE - 64);
            final int requestLen = 1 + random.nextInt(HvPage.PAGE_SIZE - requestStart);
            final int responseStart = random.nextInt(HvPage.PAGE_SIZE - 16);
            final int responseLen = 1 + random.nextInt(HvPage.PAGE_SIZE - responseStart);
            final int dataStart = random.nextInt(HvPage.PAGE_SIZE);
            final int dataLen = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(2 * HvPage.PAGE_SIZE - dataStart);
            final int timeoutMillis = 1 + random.nextInt(60);
            final int seq = ++submissions;
            final AzBlobRequestSync sync = new AzBlobRequestSync(Guid.parse(String.format(
                    "{%08x-0000-4000-8000-000000000000}", seq)), timeoutMillis, requestLen, responseLen, dataLen,
                    dataLen == 0 ? 0 : random.nextInt(dataLen + 1), page(2) + requestStart, page(3) + responseStart,
                    dataLen == 0 ? 0 : page(4) + dataStart, UNTOUCHED, UNTOUCHED);
            writeAsGuest(struct, sync.toBytes());
            final CompletableFuture<Long> f = fd.submit(process, Ioctl.IOCTL_AZ_BLOB_DRIVER_USER_REQUEST, struct);
            final UserSide user = new UserSide(slot, struct, f, scheduler.nanoTime()
                    + TimeUnit.MILLISECONDS.toNanos(timeoutMillis + GRACE_MILLIS));
            users.add(user);
            bySequence.put(seq, user);
            return "submit";
        }

        private int freeSlot() {
            final Set<Integer> used = new HashSet<>();
            users.forEach(u -> used.add(u.slot));
            held.forEach(h -> used.add(h.user().slot));
            int slot = 0;
            while (used.contains(slot)) {
                slot++;
            }
            return slot;
        }

        /** The user's struct is written by the process itself, so the RAM watch follows it. */
        private void writeAsGuest(final long va, final byte[] bytes) {
            final AddressSpace as = process.addressSpace();
            int done = 0;
            while (done < bytes.length) {
                final long at = va + done;
                final int n = Math.min(bytes.length - done, HvPage.PAGE_SIZE - HvPage.offsetInPage(at));
                watch.write(gpaOf(at), java.util.Arrays.copyOfRange(bytes, done, done + n));
                done += n;
            }
        }

        private String hostRead() {
            int read = 0;
            hostIn.begin();
            try {
                while (true) {
                    final ReadResult r = hostIn.next(copy);
                    if (!(r instanceof ReadResult.Packet)) {
                        break;
                    }
                    final ReadResult.Packet p = (ReadResult.Packet) r;
                    final Packet parsed = PacketParser.parse(Unpooled.wrappedBuffer(copy), 0, p.length());
                    assertEquals(PacketType.DATA_USING_GPA_DIRECT, parsed.type(), "the VSC sends GPA-direct requests");
                    held.add(hostSide(parsed));
                    read++;
                }
            } finally {
                hostIn.close();
            }
            return read == 0 ? "host-read-nothing" : "host-read";
        }

        /** Matches the packet to the user request it carries, checking every PFN is one of its buffers' pages. */
        private HostSide hostSide(final Packet parsed) {
            final GpaRange range = parsed.ranges().get(0);
            final int at = parsed.payloadOffset();
            final ByteBuf b = Unpooled.wrappedBuffer(copy);
            final int dataOffset = b.getIntLE(at + org.vmbussim.azblob.protocol.AzBlobVspRequestLayout
                    .DATA_BUFFER_OFFSET_OFFSET);
            final int dataLength = b.getIntLE(at + org.vmbussim.azblob.protocol.AzBlobVspRequestLayout
                    .DATA_BUFFER_LENGTH_OFFSET);
            final int responseOffset = b.getIntLE(at + org.vmbussim.azblob.protocol.AzBlobVspRequestLayout
                    .RESPONSE_BUFFER_OFFSET_OFFSET);
            final int responseLength = b.getIntLE(at + org.vmbussim.azblob.protocol.AzBlobVspRequestLayout
                    .RESPONSE_BUFFER_LENGTH_OFFSET);
            final Set<Long> ownPages = new HashSet<>();
            final AddressSpace as = process.addressSpace();
            for (int i = 2; i <= 5; i++) {
                ownPages.add(as.translate(page(i)));
            }
            for (int i = 0; i < range.pfnCount(); i++) {
                assertTrue(ownPages.contains(range.pfn(i)), "pfn 0x" + Long.toHexString(range.pfn(i))
                        + " is not a page of the request's buffers");
            }
            // The GUID's first field (little-endian on the wire) is the submission's sequence number.
            final UserSide owner = bySequence.remove(b.getIntLE(at
                    + org.vmbussim.azblob.protocol.AzBlobVspRequestLayout.TRANSACTION_ID_OFFSET));
            if (owner == null) {
                fail("the host read a request no submission made, or one it had read before");
            }
            final int first = range.byteOffset();
            return new HostSide(parsed.transactionId(), owner, responseLength, dataLength,
                    pfnsOf(range, first + responseOffset, responseLength), (first + responseOffset) % 4096,
                    pfnsOf(range, first + dataOffset, dataLength), (first + dataOffset) % 4096);
        }

        private static long[] pfnsOf(final GpaRange range, final long start, final long length) {
            if (length == 0) {
                return new long[0];
            }
            final int from = (int) (start / HvPage.PAGE_SIZE);
            final int to = (int) ((start + length - 1) / HvPage.PAGE_SIZE);
            final long[] pfns = new long[to - from + 1];
            for (int i = 0; i < pfns.length; i++) {
                pfns[i] = range.pfn(from + i);
            }
            return pfns;
        }

        private String complete(final Random random) {
            hostRead();
            final HostSide h = held.isEmpty() ? null : held.get(random.nextInt(held.size()));
            final int variant = random.nextInt(10);
            long id;
            if (h == null || variant == 0) {
                id = random.nextBoolean() ? SENTINELS[random.nextInt(SENTINELS.length)] : 1 + random.nextInt(40);
            } else {
                id = h.id();
            }
            final int responseLen = h != null && random.nextInt(6) != 0 ? random.nextInt(h.responseCapacity() + 1)
                    : (int) Mutator.interesting(random);
            final int bodyLength = h != null && random.nextInt(6) != 0 ? random.nextInt(h.dataCapacity() + 1)
                    : (int) Mutator.interesting(random);
            final int status = random.nextInt(3) == 0 ? 0 : random.nextInt(3) == 0 ? (int) Mutator.interesting(random)
                    : new int[] {0, Errno.EMSGSIZE.value(), Errno.ETIMEDOUT.value(), Errno.EINVAL.value()}[
                            random.nextInt(4)];
            final int payloadLength = random.nextInt(8) == 0 ? random.nextInt(AzBlobVspResponseLayout.LENGTH)
                    : AzBlobVspResponseLayout.LENGTH + (random.nextInt(4) == 0 ? 8 * random.nextInt(8) : 0);
            if (h != null && id == h.id()) {
                hostWrites(h, random, responseLen, bodyLength);
            }
            final byte[] payload = new byte[payloadLength];
            final byte[] full = new byte[Math.max(payloadLength, AzBlobVspResponseLayout.LENGTH)];
            LittleEndian.putInt(full, AzBlobVspResponseLayout.LENGTH_OFFSET, bodyLength);
            LittleEndian.putInt(full, AzBlobVspResponseLayout.ERROR_OFFSET, status);
            LittleEndian.putInt(full, AzBlobVspResponseLayout.RESPONSE_LEN_OFFSET, responseLen);
            System.arraycopy(full, 0, payload, 0, payloadLength);
            if (!sendCompletion(id, payload)) {
                return "host-ring-full";
            }
            return h != null && id == h.id() ? "complete" : "complete-bogus-id";
        }

        /** The host writes into the buffers the request named (known to the RAM watch: the host's right). */
        private void hostWrites(final HostSide h, final Random random, final int responseLen, final int bodyLength) {
            writeHost(h.responsePfns(), h.responseStart(), Math.min(Integer.toUnsignedLong(responseLen),
                    h.responseCapacity()), random);
            writeHost(h.dataPfns(), h.dataStart(), Math.min(Integer.toUnsignedLong(bodyLength), h.dataCapacity()),
                    random);
        }

        private void writeHost(final long[] pfns, final int start, final long length, final Random random) {
            long done = 0;
            while (done < length) {
                final long at = start + done;
                final int n = (int) Math.min(length - done, HvPage.PAGE_SIZE - at % HvPage.PAGE_SIZE);
                watch.write(HvPage.gpaOf(pfns[(int) (at / HvPage.PAGE_SIZE)]) + at % HvPage.PAGE_SIZE,
                        Mutator.garbage(random, n));
                done += n;
            }
        }

        private boolean sendCompletion(final long id, final byte[] payload) {
            final ByteBuf dst = Unpooled.buffer(16 + payload.length + 8);
            final int length = PacketWriter.writeCompletion(dst, 0, id, Unpooled.wrappedBuffer(payload), 0,
                    payload.length);
            final byte[] bytes = new byte[length];
            dst.getBytes(0, bytes);
            return send(bytes);
        }

        /**
         * Puts a host packet on the guest's ring. Every request the guest has sent was read first (the callers
         * drain the ring), so the held list is exact: a packet the guest's parser takes as a completion ends the
         * held request with its id, whatever the host meant.
         */
        private boolean send(final byte[] bytes) {
            if (!hostOut.write(bytes)) {
                return false;
            }
            guest.onPeerSignal();
            final byte[] padded = java.util.Arrays.copyOf(bytes, (bytes.length + 7) & ~7);
            final Packet parsed;
            try {
                parsed = PacketParser.parse(Unpooled.wrappedBuffer(padded), 0, padded.length);
            } catch (final org.vmbussim.core.packet.PacketFormatException e) {
                return true;
            }
            if (parsed.type() != PacketType.COMPLETION) {
                return true;
            }
            for (final Iterator<HostSide> it = held.iterator(); it.hasNext();) {
                final HostSide h = it.next();
                if (h.id() == parsed.transactionId()) {
                    it.remove();
                    finishedIds.add(h.id());
                    final int at = parsed.payloadOffset();
                    h.user().answered = parsed.payloadLength() >= AzBlobVspResponseLayout.LENGTH ? new int[] {
                        LittleEndian.getInt(padded, at + AzBlobVspResponseLayout.ERROR_OFFSET),
                        LittleEndian.getInt(padded, at + AzBlobVspResponseLayout.RESPONSE_LEN_OFFSET),
                        LittleEndian.getInt(padded, at + AzBlobVspResponseLayout.LENGTH_OFFSET),
                        h.responseCapacity(), h.dataCapacity()} : null;
                }
            }
            return true;
        }

        private String mutatedCompletion(final Random random) {
            hostRead();
            final long id = held.isEmpty() || random.nextBoolean() ? 1 + random.nextInt(REQUESTOR_SIZE + 2)
                    : held.get(random.nextInt(held.size())).id();
            final byte[] payload = Mutator.garbage(random, random.nextInt(40));
            final ByteBuf dst = Unpooled.buffer(64);
            final int length = PacketWriter.writeCompletion(dst, 0, id, Unpooled.wrappedBuffer(payload), 0,
                    payload.length);
            final byte[] base = new byte[length];
            dst.getBytes(0, base);
            byte[] bytes = Mutator.mutate(base, random, 3);
            if (bytes.length < 16) {
                bytes = java.util.Arrays.copyOf(bytes, 16);
            }
            final int padded = (bytes.length + 7) & ~7;
            LittleEndian.putShort(bytes, 4, padded / 8);
            final int offset8 = LittleEndian.getShort(bytes, 2) & 0xFFFF;
            if (offset8 < 2 || offset8 > padded / 8) {
                LittleEndian.putShort(bytes, 2, 2);
            }
            return send(bytes) ? "mutated-completion" : "host-ring-full";
        }

        private String wrongType(final Random random) {
            hostRead();
            final long id = held.isEmpty() ? random.nextInt(REQUESTOR_SIZE + 1) : held.get(0).id();
            final byte[] payload = new byte[AzBlobVspResponseLayout.LENGTH];
            final ByteBuf dst = Unpooled.buffer(64);
            final int length = PacketWriter.writeInBand(dst, 0, random.nextInt(2), Unpooled.wrappedBuffer(payload), 0,
                    payload.length);
            final byte[] bytes = new byte[length];
            dst.getBytes(0, bytes);
            LittleEndian.putLong(bytes, 8, id);
            return send(bytes) ? "wrong-type" : "host-ring-full";
        }

        private String duplicateOfFinished(final Random random) {
            hostRead();
            if (finishedIds.isEmpty()) {
                return "no-duplicate";
            }
            final long id = finishedIds.get(random.nextInt(finishedIds.size()));
            if (held.stream().anyMatch(h -> h.id() == id)) {
                return "no-duplicate"; // reused by a request the host holds: a real answer, not a duplicate
            }
            final byte[] payload = new byte[AzBlobVspResponseLayout.LENGTH];
            return sendCompletion(id, payload) ? "duplicate" : "host-ring-full";
        }

        /** R1 on the guest's incoming ring: the channel must fault, failing everything with EIO, then rebuild. */
        private String corruptIndex(final Random random) {
            hostOut.corrupt(RingControlLayout.WRITE_INDEX_OFFSET, hostOut.dataLength() + 8 * random.nextInt(64));
            guest.onPeerSignal();
            scheduler.runUntilIdle();
            assertEquals(ChannelState.FAULTED, guest.state(), "a corrupt write_index faults the guest's channel");
            for (final UserSide u : users) {
                assertTrue(u.result.isDone(), "every request ends when the channel faults");
            }
            teardown();
            connect();
            return "ring-fault";
        }

        private void check() {
            assertEquals(List.of(), scheduler.uncaughtErrors(), "scheduler task errors");
            for (final Iterator<UserSide> it = users.iterator(); it.hasNext();) {
                final UserSide u = it.next();
                if (!u.result.isDone()) {
                    assertTrue(scheduler.nanoTime() <= u.deadlineNanos, "request still pending past its deadline");
                    continue;
                }
                final AzBlobRequestSync after = AzBlobRequestSync.read(process.addressSpace(), u.structVa);
                try {
                    assertEquals(0L, u.result.join());
                    assertTrue(u.answered != null, "a request ended with 0 though the host sent no whole completion");
                    assertEquals(u.answered[0], after.responseStatus(), "status copied from the completion");
                    assertEquals(u.answered[1], after.responseResponseLen(), "response_len copied from the completion");
                    assertTrue(u.answered[0] == Errno.EMSGSIZE.value()
                            || Integer.compareUnsigned(u.answered[1], u.answered[3]) <= 0,
                            "response_len within the buffer");
                    watch.allow(gpaOf(u.structVa + AzBlobRequestSyncLayout.RESPONSE_STATUS_OFFSET),
                            AzBlobRequestSyncLayout.RESPONSE_LENGTH);
                    results.merge("request=0", 1L, Long::sum);
                } catch (final CompletionException e) {
                    final Throwable cause = e.getCause();
                    assertTrue(cause instanceof ErrnoException && ALLOWED.contains(((ErrnoException) cause).errno()),
                            "unexpected failure " + cause);
                    results.merge("request=" + ((ErrnoException) cause).errno(), 1L, Long::sum);
                    assertEquals(UNTOUCHED, after.responseStatus(), "nothing written for a failed request");
                    assertEquals(UNTOUCHED, after.responseResponseLen(), "nothing written for a failed request");
                }
                it.remove();
            }
            watch.check(() -> "guest RAM");
            if (users.isEmpty() && guest.state() == ChannelState.OPEN) {
                hostRead(); // orphans may still sit unread in the ring
            }
            if (held.isEmpty() && users.isEmpty() && guest.state() == ChannelState.OPEN) {
                assertEquals(0, memory.pinnedPageCount(), "pinned pages with nothing in flight");
                assertEquals(0, guest.requestor().inUse(), "requestor ids with nothing in flight");
            }
        }

        @Override
        public java.util.Map<String, Long> counters() {
            return results;
        }

        private void teardown() {
            device.remove();
            assertTrue(device.isRemoved(), "device removed");
            assertEquals(0, guest.requestor().inUse(), "requestor ids left after removal");
            guest.close();
            users.clear();
            held.clear();
            bySequence.clear();
            finishedIds.clear();
            fd.close();
            process.exit();
            scheduler.runUntilIdle();
            assertEquals(0, memory.pinnedPageCount(), "pinned pages left after removal and exit");
            rings.free();
        }

        @Override
        public void close() {
            try {
                teardown();
                assertEquals(List.of(), scheduler.uncaughtErrors(), "scheduler task errors");
                assertEquals(List.of(), driver.devices(), "devices left");
            } finally {
                scheduler.close();
            }
        }
    }
}
