package org.vmbussim.testfixtures.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmbussim.azblob.protocol.AzBlobVspRequestLayout;
import org.vmbussim.azblob.vsp.backend.BlobBackend;
import org.vmbussim.azblob.vsp.backend.BlobOutcome;
import org.vmbussim.azblob.vsp.backend.BlobRequest;
import org.vmbussim.azblob.vsp.store.StorageEngine;
import org.vmbussim.azblob.vsp.store.StorageOptions;
import org.vmbussim.core.channel.ChannelEnd;
import org.vmbussim.core.devfs.FileHandle;
import org.vmbussim.core.memory.HvPage;
import org.vmbussim.core.packet.GpaRange;
import org.vmbussim.core.packet.Packet;
import org.vmbussim.core.packet.PacketFormatException;
import org.vmbussim.core.packet.PacketParser;
import org.vmbussim.core.packet.PacketType;
import org.vmbussim.core.process.AddressSpace;
import org.vmbussim.core.process.Protection;
import org.vmbussim.core.process.SimProcess;
import org.vmbussim.core.sched.DeterministicScheduler;
import org.vmbussim.testfixtures.bed.AzureBlobTestBed;
import org.vmbussim.uapi.AzBlobRequestSync;
import org.vmbussim.uapi.Ioctl;
import org.vmbussim.wire.Guid;
import org.vmbussim.wire.LittleEndian;

/**
 * RELIABILITY P7 (leftover bytes in outgoing packets), host side, over thousands of varied requests through
 * the whole stack. Canaries are planted in every place a stale byte could come from: every byte of the
 * processes' buffers and struct pages that the request does not define (around and between the buffers, the
 * struct's own implicit padding), the data pages of the guest-to-host ring before the first packet, and the
 * guest channel's reusable packet arrays between batches. The host then scans every packet it reads: no
 * canary run anywhere, and every byte the protocol leaves undefined (the GPA-direct {@code reserved} word,
 * bytes between the range list and the payload, padding after it) is zero. What the provider read from guest
 * memory (each request's method, target, headers and body, as its backend receives them) is scanned too, and
 * every answer is checked against a model of the store.
 */
class LeftoverBytesCanaryTest {
    private static final Logger LOG = LoggerFactory.getLogger(LeftoverBytesCanaryTest.class);
    /** The planted pattern, repeated: any run of 4 of its bytes (in any phase) on the host side is a leak. */
    private static final byte[] CANARY = {(byte) 0xC7, 'C', 'A', 'N', 'A', 'R', 'Y', (byte) 0xC7};
    private static final int PROCESSES = 8;
    /** Per process: page 0 the struct, page 1 the request, page 2 the response, pages 3 to 5 the data. */
    private static final int AREA_PAGES = 6;
    private static final int MAX_BODY = 2 * HvPage.PAGE_SIZE;
    private static final int MIN_RESPONSE = 1536;
    private static final int BLOBS = 40;
    private static final Set<Integer> CANARY_WINDOWS = canaryWindows();

    private static Set<Integer> canaryWindows() {
        final Set<Integer> windows = new HashSet<>();
        for (int phase = 0; phase < CANARY.length; phase++) {
            final byte[] w = new byte[Integer.BYTES];
            for (int j = 0; j < w.length; j++) {
                w[j] = CANARY[(phase + j) % CANARY.length];
            }
            windows.add(LittleEndian.getInt(w, 0));
        }
        return windows;
    }

    /** The first offset where 4 bytes of the canary (in any phase) appear, or -1. */
    static int canaryAt(final byte[] bytes) {
        for (int i = 0; i + Integer.BYTES <= bytes.length; i++) {
            if (CANARY_WINDOWS.contains(LittleEndian.getInt(bytes, i))) {
                return i;
            }
        }
        return -1;
    }

    private static void fill(final byte[] array) {
        for (int i = 0; i < array.length; i++) {
            array[i] = CANARY[i % CANARY.length];
        }
    }

    /** The defects of one request packet as the host read it, or null when it is clean. */
    static String packetDefects(final byte[] p) {
        final int canary = canaryAt(p);
        if (canary >= 0) {
            return "canary bytes at offset " + canary + " of a " + p.length + "-byte packet";
        }
        final Packet packet;
        try {
            packet = PacketParser.parse(Unpooled.wrappedBuffer(p), 0, p.length);
        } catch (final PacketFormatException e) {
            return "unparsable: " + e.getMessage();
        }
        if (packet.type() != PacketType.DATA_USING_GPA_DIRECT) {
            return "a packet of type " + packet.type() + " where only requests travel";
        }
        final int reservedAt = 16;
        if (LittleEndian.getInt(p, reservedAt) != 0) {
            return "reserved word 0x" + Integer.toHexString(LittleEndian.getInt(p, reservedAt));
        }
        int rangesEnd = reservedAt + 2 * Integer.BYTES;
        for (final GpaRange range : packet.ranges()) {
            rangesEnd += 2 * Integer.BYTES + Long.BYTES * range.pfnCount();
        }
        for (int i = rangesEnd; i < packet.payloadOffset(); i++) {
            if (p[i] != 0) {
                return "byte " + i + " between the range list and the payload is " + p[i];
            }
        }
        for (int i = packet.payloadOffset() + AzBlobVspRequestLayout.LENGTH; i < p.length; i++) {
            if (p[i] != 0) {
                return "byte " + i + " after the payload is " + p[i];
            }
        }
        return null;
    }

    /** Records what the provider read from guest memory for each request, and scans it. */
    private static final class ScanningBackend implements BlobBackend {
        private final BlobBackend store;
        private final List<String> defects = new CopyOnWriteArrayList<>();
        private final AtomicLong scanned = new AtomicLong();

        ScanningBackend(final BlobBackend store) {
            this.store = store;
        }

        @Override
        public BlobOutcome execute(final BlobRequest request, final long bodyCapacityBytes) {
            scanned.incrementAndGet();
            final String head = request.method() + " " + request.target() + " " + request.headers();
            if (canaryAt(head.getBytes(StandardCharsets.ISO_8859_1)) >= 0 || canaryAt(request.bodyBytes()) >= 0) {
                defects.add("canary in what the provider read: " + request.method() + " " + request.target());
            }
            return store.execute(request, bodyCapacityBytes);
        }

        @Override
        public void close() {
            store.close();
        }
    }

    /** One process's reused buffer area and handle. */
    private record Caller(SimProcess process, FileHandle fd, long area) {
    }

    /** One request of a batch: what was asked and what the model expects back. */
    private record Issued(Caller caller, long struct, long response, long data, String op, String blob,
            byte[] content, int expectedHttp, CompletableFuture<Long> future) {
    }

    @Test
    void noStaleByteReachesTheHostOverThousandsOfRequests() throws Exception {
        final int requests = Integer.getInteger("vmbussim.canary.requests", 2_000);
        final long seed = FuzzSettings.seed();
        final Random random = new Random(seed);
        final ScanningBackend backend = new ScanningBackend(
                StorageEngine.inMemory(StorageOptions.defaults().withoutAuthentication()));
        final List<String> packetDefects = new CopyOnWriteArrayList<>();
        final AtomicLong packets = new AtomicLong();
        final AtomicReference<byte[]> firstPacket = new AtomicReference<>();
        final AtomicReference<InterceptingHostModel> host = new AtomicReference<>();
        try (AzureBlobTestBed bed = AzureBlobTestBed.builder().seed(seed).vpciShadow(false).memoryPages(4096)
                .backend(backend).hostModel(m -> {
                    final InterceptingHostModel model = new InterceptingHostModel(m);
                    model.fillRingDataOnOpen(CANARY);
                    model.observePackets(p -> {
                        packets.incrementAndGet();
                        firstPacket.compareAndSet(null, p);
                        final String defect = packetDefects(p);
                        if (defect != null && packetDefects.size() < 20) {
                            packetDefects.add(defect);
                        }
                    });
                    host.set(model);
                    return model;
                }).build()) {
            final DeterministicScheduler scheduler = (DeterministicScheduler) bed.scheduler();
            final ChannelEnd guestChannel = bed.devices().get(0).channel();
            final List<Caller> callers = new ArrayList<>();
            for (int i = 0; i < PROCESSES; i++) {
                final SimProcess p = bed.spawnProcess();
                callers.add(new Caller(p, bed.open(p, 0), p.addressSpace().mmap((long) AREA_PAGES * HvPage.PAGE_SIZE,
                        Protection.READ_WRITE)));
            }
            final Map<String, byte[]> model = new HashMap<>();
            final Issued setup = issue(callers.get(0), random, "PUT", "?restype=container", null, 201);
            scheduler.runUntilIdle();
            check(setup);
            int done = 0;
            int arraysPlanted = 0;
            int batches = 0;
            while (done < requests) {
                if (batches++ % 8 == 0) {
                    arraysPlanted = plantInReusableArrays(guestChannel);
                }
                final List<Caller> order = new ArrayList<>(callers);
                Collections.shuffle(order, random);
                final List<Issued> batch = new ArrayList<>();
                // Distinct blobs within a batch, so the model knows each answer whatever the host's order.
                final Set<String> busy = new HashSet<>();
                for (final Caller c : order.subList(0, 1 + random.nextInt(PROCESSES))) {
                    final String blob = "b" + random.nextInt(BLOBS);
                    if (!busy.add(blob)) {
                        continue;
                    }
                    final byte[] stored = model.get(blob);
                    final int pick = random.nextInt(10);
                    if (pick < 5) {
                        final byte[] content = new byte[random.nextInt(MAX_BODY + 1)];
                        random.nextBytes(content);
                        scrub(content);
                        batch.add(issue(c, random, "PUT", blob, content, 201));
                        model.put(blob, content);
                    } else if (pick < 9) {
                        batch.add(issue(c, random, "GET", blob, stored, stored == null ? 404 : 200));
                    } else {
                        batch.add(issue(c, random, "DELETE", blob, null, stored == null ? 404 : 202));
                        model.remove(blob);
                    }
                }
                scheduler.runUntilIdle();
                for (final Issued r : batch) {
                    check(r);
                }
                done += batch.size();
            }
            assertEquals(List.of(), packetDefects, "packets the host read (seed " + seed + ")");
            assertScanHasTeeth(firstPacket.get());
            assertEquals(List.of(), backend.defects, "what the provider read (seed " + seed + ")");
            assertTrue(packets.get() >= requests, "every request packet was scanned: " + packets.get());
            assertEquals(0, bed.vm().memory().pinnedPageCount());
            // The channel's reusable arrays are found by reflection: if a rewrite removes them, say so here
            // rather than let that part of the scan silently check nothing.
            assertTrue(arraysPlanted > 0, "no reusable byte[] found in the guest's ChannelEnd to plant canaries in");
            LOG.info("canary scan: {} requests, {} packets and {} provider reads scanned, 0 canary bytes;"
                    + " canaries in 8 processes' buffers, the ring's data pages and {} reusable channel arrays"
                    + " (seed {})", done, packets.get(), backend.scanned.get(), arraysPlanted, seed);
        }
    }

    /** The packet scan finds a canary run in a defined field and a stray byte where nothing is defined. */
    private static void assertScanHasTeeth(final byte[] clean) {
        assertEquals(null, packetDefects(clean));
        final byte[] inPayload = clean.clone();
        System.arraycopy(CANARY, 2, inPayload, inPayload.length - 9, 4); // inside the user GUID
        assertTrue(packetDefects(inPayload).startsWith("canary"), packetDefects(inPayload));
        final byte[] reserved = clean.clone();
        reserved[17] = 1;
        assertTrue(packetDefects(reserved).startsWith("reserved"), packetDefects(reserved));
        final byte[] longer = Arrays.copyOf(clean, clean.length + 8); // one more 8-byte unit of "padding"
        LittleEndian.putShort(longer, 4, longer.length / 8);
        longer[longer.length - 3] = CANARY[0];
        assertTrue(packetDefects(longer).contains("after the payload"), packetDefects(longer));
    }

    /** Makes sure random bytes a test writes on purpose hold no canary run (they would be a false alarm). */
    private static void scrub(final byte[] bytes) {
        for (int at = canaryAt(bytes); at >= 0; at = canaryAt(bytes)) {
            bytes[at] ^= 0x5A;
        }
    }

    /**
     * Fills every byte array the guest channel keeps for reuse (its packet assembly and receive arrays) with
     * the canary, between batches, when nothing is in flight. Found by type, not by name.
     */
    private static int plantInReusableArrays(final ChannelEnd channel) throws IllegalAccessException {
        int planted = 0;
        for (Class<?> type = channel.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            for (final Field field : type.getDeclaredFields()) {
                if (field.getType() == byte[].class && !Modifier.isStatic(field.getModifiers())) {
                    field.setAccessible(true);
                    final byte[] array = (byte[]) field.get(channel);
                    if (array != null) {
                        fill(array);
                        planted++;
                    }
                }
            }
        }
        return planted;
    }

    /**
     * Lays out one request in the caller's area at random in-page offsets, every other byte of the area a
     * canary, and submits it.
     */
    private static Issued issue(final Caller c, final Random random, final String op, final String blob,
            final byte[] content, final int expectedHttp) {
        final AddressSpace as = c.process().addressSpace();
        final byte[] area = new byte[AREA_PAGES * HvPage.PAGE_SIZE];
        fill(area);
        as.putBytes(c.area(), area);
        final String target = "?restype=container".equals(blob) ? "/devstoreaccount1/" + UserRequests.CONTAINER + blob
                : "/devstoreaccount1/" + UserRequests.CONTAINER + "/" + blob;
        final boolean sendsBody = "PUT".equals(op) && content != null;
        final int bodyLength = sendsBody ? content.length : 0;
        final byte[] head = UserRequests.head(op + " " + target, bodyLength, sendsBody && !blob.startsWith("?")
                ? new String[] {"x-ms-blob-type: BlockBlob"} : new String[0]).getBytes(StandardCharsets.US_ASCII);
        final long struct = c.area() + random.nextInt((HvPage.PAGE_SIZE - 80) / 8) * 8L;
        final long request = c.area() + HvPage.PAGE_SIZE + random.nextInt(HvPage.PAGE_SIZE - head.length);
        // A response head (status line and headers) takes up to about a kilobyte.
        final int responseOffset = random.nextInt(HvPage.PAGE_SIZE - MIN_RESPONSE);
        final long response = c.area() + 2L * HvPage.PAGE_SIZE + responseOffset;
        final int responseLength = MIN_RESPONSE + random.nextInt(HvPage.PAGE_SIZE - MIN_RESPONSE - responseOffset + 1);
        final int dataOffset = random.nextInt(HvPage.PAGE_SIZE);
        final long data = c.area() + 3L * HvPage.PAGE_SIZE + dataOffset;
        // Every answer may carry a body (an error's XML too), so every request gets a data buffer.
        final int dataLength = MAX_BODY + random.nextInt(HvPage.PAGE_SIZE - dataOffset);
        as.putBytes(request, head);
        if (sendsBody) {
            as.putBytes(data, content);
        }
        final byte[] guidBytes = new byte[Guid.LENGTH];
        random.nextBytes(guidBytes);
        scrub(guidBytes);
        // The struct is written field by field by its encoder: its implicit padding keeps the canary.
        new AzBlobRequestSync(Guid.fromWire(guidBytes), 5_000, head.length, responseLength, dataLength, bodyLength,
                request, response, data, 0, 0).write(as, struct);
        final CompletableFuture<Long> future = c.fd().submit(c.process(), Ioctl.IOCTL_AZ_BLOB_DRIVER_USER_REQUEST,
                struct);
        return new Issued(c, struct, response, data, op, blob, content, expectedHttp, future);
    }

    /** The answer matches the model: ioctl 0, status 0, the HTTP status, and a GET's body. */
    private static void check(final Issued r) {
        assertTrue(r.future().isDone(), r.op() + " " + r.blob() + " ended");
        assertEquals(0L, r.future().join());
        final AddressSpace as = r.caller().process().addressSpace();
        final AzBlobRequestSync answer = AzBlobRequestSync.read(as, r.struct());
        assertEquals(0, answer.responseStatus(), r.op() + " " + r.blob());
        final String head = new String(as.getBytes(r.response(), answer.responseResponseLen()),
                StandardCharsets.US_ASCII);
        assertEquals(r.expectedHttp(), Integer.parseInt(head.substring(9, 12)), r.op() + " " + r.blob() + ": " + head);
        if ("GET".equals(r.op()) && r.expectedHttp() == 200) {
            assertArrayEquals(r.content(), as.getBytes(r.data(), r.content().length), "GET " + r.blob());
        }
    }
}
