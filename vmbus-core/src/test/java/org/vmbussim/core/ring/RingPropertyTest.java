package org.vmbussim.core.ring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded property tests of a writer and a reader sharing one ring, on both memory kinds. The seed is
 * in every test's display name and assertion messages; to reproduce a failure, run the method with
 * that seed.
 */
class RingPropertyTest {

    static Stream<Arguments> seeds() {
        return Stream.of(1L, 2L, 3L, 0x5EEDL, 20_240_601L, 987_654_321L).flatMap(seed -> Stream.of(
                Arguments.of(seed, TestRing.Kind.DIRECT), Arguments.of(seed, TestRing.Kind.HEAP)));
    }

    private static void assertIndicesAligned(final TestRing ring, final String where) {
        for (final int offset : new int[] {RingControlLayout.WRITE_INDEX_OFFSET, RingControlLayout.READ_INDEX_OFFSET}) {
            final int index = ring.header(offset);
            assertTrue(index >= 0 && index < ring.dataLength() && index % 8 == 0, where + ": index " + index);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestRing.Kind.class)
    void packetsRoundTripWhateverTheWrapOffset(final TestRing.Kind kind) {
        final Random random = new Random(8);
        final byte[] buffer = new byte[4096];
        for (int start = 0; start < 4096; start += 8) {
            final TestRing ring = kind.create(2 * 4096);
            RingHeader.initialise(ring.memory());
            ring.setIndices(start, start);
            final OutgoingRing out = new OutgoingRing(ring.memory());
            final IncomingRing in = new IncomingRing(ring.memory());
            final byte[][] packets = new byte[3][];
            for (int i = 0; i < packets.length; i++) {
                packets[i] = Packets.inBand(Packets.payload(start * 3L + i, random.nextInt(300)), 0, 0);
                assertInstanceOf(WriteResult.Written.class, out.write(packets[i], 0, packets[i].length, i, null));
            }
            in.begin();
            int at = start;
            for (int i = 0; i < packets.length; i++) {
                final ReadResult.Packet p = assertInstanceOf(ReadResult.Packet.class, in.next(buffer),
                        "start " + start);
                assertEquals(at, p.ringIndex(), "start " + start);
                assertArrayEquals(Packets.readBack(packets[i], i), Arrays.copyOf(buffer, p.length()), "start " + start);
                final int padded = OutgoingRing.length8(packets[i].length) * 8;
                assertEquals((long) at << 32, ring.dataLong((at + padded) % 4096), "trailer, start " + start);
                at = (at + padded + 8) % 4096;
            }
            assertSame(ReadResult.EMPTY, in.next(buffer));
            in.close();
            assertEquals(at, ring.header(RingControlLayout.READ_INDEX_OFFSET));
            assertEquals(at, ring.header(RingControlLayout.WRITE_INDEX_OFFSET));
            assertTrue(ring.guardsIntact());
        }
    }

    @ParameterizedTest(name = "packet of {0} bytes")
    @MethodSource("packetSizes")
    void anEmptyRingTakesExactlyTheWritesThatLeaveItNotFull(final int packetLength) {
        final TestRing ring = TestRing.heap(3 * 4096);
        RingHeader.initialise(ring.memory());
        final int dataLength = ring.dataLength();
        final OutgoingRing out = new OutgoingRing(ring.memory());
        final int total = Packets.ringBytes(packetLength);
        final byte[] packet = Packets.inBand(new byte[packetLength - 16], 0, 0);
        int written = 0;
        while (out.write(packet, 0, packet.length, 0, null) instanceof WriteResult.Written) {
            written++;
        }
        // After n writes dataLength - n * total bytes are free; write n + 1 needs more than total free.
        assertEquals((dataLength - 1) / total, written);
        assertEquals(dataLength - written * total, out.bytesFree());
        assertTrue(out.bytesFree() <= total && out.bytesFree() > 0, "never completely full");
        final IncomingRing in = new IncomingRing(ring.memory());
        in.begin();
        in.next(new byte[8192]);
        in.close();
        assertInstanceOf(WriteResult.Written.class, out.write(packet, 0, packet.length, 0, null),
                "one packet read makes room for one more");
    }

    static Stream<Integer> packetSizes() {
        return Stream.of(16, 17, 24, 100, 1000, 2040, 4072, 4080, 6000, 8168);
    }

    /**
     * One thread plays both sides in a seeded random order: writes (some with an assigner that may
     * refuse), batch steps, interrupt masking, pending-send requests. A model over monotonic byte
     * positions (not wrapped indices) predicts every result and every signal.
     */
    @ParameterizedTest(name = "seed={0} {1}")
    @MethodSource("seeds")
    void interleavedWriterAndReaderMatchTheModel(final long seed, final TestRing.Kind kind) {
        final Random random = new Random(seed);
        final int ringLength = RingControlLayout.HEADER_LENGTH + 4096 * (1 + random.nextInt(4));
        final TestRing ring = kind.create(ringLength);
        RingHeader.initialise(ring.memory());
        final boolean feature = random.nextInt(10) != 0;
        ring.setHeader(RingControlLayout.FEATURE_BITS_OFFSET, feature ? 1 : 0);
        final int start = random.nextInt(ring.dataLength() / 8) * 8;
        ring.setIndices(start, start);
        final long dataLength = ring.dataLength();
        final OutgoingRing out = new OutgoingRing(ring.memory());
        final IncomingRing in = new IncomingRing(ring.memory());
        final String at = "seed " + seed + " " + kind;

        final ArrayDeque<byte[]> unread = new ArrayDeque<>(); // expected copies, in order
        long writtenPosition = 0;
        long publishedReadPosition = 0;
        long privateReadPosition = 0;
        long batchStartPosition = 0;
        boolean inBatch = false;
        boolean masked = false;
        long pending = 0;
        long expectedWriterSignals = 0;
        long expectedReaderSignals = 0;
        long nextId = 1;
        WriteResult.Full lastFull = null;
        final byte[] buffer = new byte[ring.dataLength()];

        for (int step = 0; step < 3000; step++) {
            // Alternate writer-heavy and reader-heavy phases so the ring both fills up and drains empty.
            final int action = random.nextInt(100);
            final boolean writerPhase = step / 200 % 2 == 0;
            final String where = at + " step " + step;
            if (action < (writerPhase ? 45 : 15)) {
                final int roll = random.nextInt(100);
                final int payloadLength = roll < 70 ? random.nextInt(200) : roll < 95 ? random.nextInt(1500)
                        : random.nextInt((int) dataLength - 40);
                final byte[] packet = Packets.inBand(Packets.payload(random.nextLong(), payloadLength), 0, 0);
                final long total = Packets.ringBytes(packet.length);
                final int assignerKind = random.nextInt(10);
                final long id = nextId++;
                final TransactionIdAssigner assigner = assignerKind < 6 ? null
                        : assignerKind < 9 ? cookie -> cookie ^ 0xABCD0000L : cookie -> TransactionIdAssigner.REFUSED;
                final boolean fits = dataLength - (writtenPosition - publishedReadPosition) > total;

                final WriteResult result = out.write(packet, 0, packet.length, id, assigner);

                if (!fits) {
                    lastFull = assertInstanceOf(WriteResult.Full.class, result, where);
                    assertEquals(WriteResult.Cause.RING, lastFull.cause(), where);
                    assertEquals(total, lastFull.bytesNeeded(), where);
                } else if (assignerKind == 9) {
                    assertEquals(WriteResult.Cause.REQUESTOR,
                            assertInstanceOf(WriteResult.Full.class, result, where).cause(), where);
                } else {
                    final WriteResult.Written w = assertInstanceOf(WriteResult.Written.class, result, where);
                    final long transId = assigner == null ? id : id ^ 0xABCD0000L;
                    assertEquals(transId, w.transactionId(), where);
                    final boolean signal = !masked && writtenPosition == publishedReadPosition;
                    assertEquals(signal, w.signalPeer(), where + " writer signal");
                    expectedWriterSignals += signal ? 1 : 0;
                    writtenPosition += total;
                    unread.add(Packets.readBack(packet, transId));
                    pending = 0;
                    lastFull = null;
                }
            } else if (action < 50 && lastFull != null && lastFull.cause() == WriteResult.Cause.RING) {
                final int needed = lastFull.bytesNeeded();
                final SpaceRequest request = out.requestSpace(needed);
                if (!feature) {
                    assertEquals(SpaceRequest.UNSUPPORTED, request, where);
                } else {
                    final boolean now = dataLength - (writtenPosition - publishedReadPosition) > needed;
                    assertEquals(now ? SpaceRequest.AVAILABLE_NOW : SpaceRequest.REGISTERED, request, where);
                    pending = needed;
                }
            } else if (action < 55) {
                if (random.nextBoolean()) {
                    in.maskInterrupts();
                    masked = true;
                } else {
                    assertEquals(privateReadPosition < writtenPosition, in.unmaskAndCheck(), where);
                    masked = false;
                }
            } else if (!inBatch) {
                in.begin();
                inBatch = true;
                batchStartPosition = privateReadPosition;
            } else if (action < 90) {
                final ReadResult r = in.next(buffer);
                final byte[] expected = unread.poll();
                if (expected == null) {
                    assertSame(ReadResult.EMPTY, r, where);
                } else {
                    final ReadResult.Packet p = assertInstanceOf(ReadResult.Packet.class, r, where);
                    assertEquals((start + privateReadPosition) % dataLength, p.ringIndex(), where);
                    assertArrayEquals(expected, Arrays.copyOf(buffer, p.length()), where);
                    privateReadPosition += expected.length + RingControlLayout.TRAILER_LENGTH;
                }
            } else {
                boolean signal = false;
                if (privateReadPosition != batchStartPosition) {
                    publishedReadPosition = privateReadPosition;
                    final long freeNow = dataLength - (writtenPosition - publishedReadPosition);
                    final long bytesRead = privateReadPosition - batchStartPosition;
                    signal = feature && pending != 0 && freeNow - bytesRead <= pending && freeNow > pending;
                }
                assertEquals(signal, in.close(), where + " reader signal");
                expectedReaderSignals += signal ? 1 : 0;
                inBatch = false;
            }
            assertIndicesAligned(ring, where);
            assertEquals((start + writtenPosition) % dataLength, ring.header(RingControlLayout.WRITE_INDEX_OFFSET),
                    where);
            assertEquals((start + publishedReadPosition) % dataLength,
                    ring.header(RingControlLayout.READ_INDEX_OFFSET), where);
            assertEquals(pending, Integer.toUnsignedLong(ring.header(RingControlLayout.PENDING_SEND_SZ_OFFSET)),
                    where);
        }
        assertEquals(expectedWriterSignals, out.statistics().signalsRequested(), at);
        assertEquals(expectedReaderSignals, in.statistics().signalsRequested(), at);
        assertEquals(writtenPosition, out.statistics().bytesWritten(), at);
        assertEquals(privateReadPosition, in.statistics().bytesRead(), at);
        assertTrue(expectedWriterSignals > 0, at + ": the run exercised writer signals");
        assertTrue(!feature || expectedReaderSignals > 0, at + ": the run exercised pending-send signals");
        assertTrue(ring.guardsIntact(), at);
    }

    /**
     * A writer thread and a reader thread that sleep when they must and wake only on the signals the
     * rings tell them to send: a lost wake-up (a broken barrier pair or signalling rule) shows as a
     * timeout, never as a hang. Checks every byte, the order, and bounds on the signal counts that
     * follow from the rules.
     */
    @ParameterizedTest(name = "seed={0} {1}")
    @MethodSource("seeds")
    void writerAndReaderThreadsAgreeOnEveryByte(final long seed, final TestRing.Kind kind) throws Exception {
        final TestRing ring = kind.create(RingControlLayout.HEADER_LENGTH + 2 * 4096);
        RingHeader.initialise(ring.memory());
        final TwoThreadRun run = new TwoThreadRun(ring, seed, 10_000, false);

        run.runWithin(60_000);

        final String at = "seed " + seed + " " + kind;
        assertNull(run.failure(), () -> at + ": " + run.failure());
        assertEquals(run.packets(), run.received(), at);
        assertEquals(ring.header(RingControlLayout.WRITE_INDEX_OFFSET),
                ring.header(RingControlLayout.READ_INDEX_OFFSET), at);
        assertEquals(run.writer().statistics().bytesWritten(), run.reader().statistics().bytesRead(), at);
        // A writer signal needs read_index == the packet's start, so the reader published in between.
        assertTrue(run.writer().statistics().signalsRequested() <= run.publishingCloses() + 1, at);
        // A reader signal needs pending_send_sz set; each request can be answered at most twice (once
        // before the writer's next write, once in the window before it clears the request).
        assertTrue(run.reader().statistics().signalsRequested() <= 2 * run.spaceRequests(), at);
        assertFalse(run.anyThreadAlive(), at + ": threads left behind");
        assertTrue(ring.guardsIntact(), at);
    }

    /**
     * {@link #writerAndReaderThreadsAgreeOnEveryByte} with a writer that sends in batches of 1–8
     * packets, committing early when the ring fills in the middle of a batch.
     */
    @ParameterizedTest(name = "seed={0} {1}")
    @MethodSource("seeds")
    void batchingWriterAndReaderThreadsAgreeOnEveryByte(final long seed, final TestRing.Kind kind)
            throws Exception {
        final TestRing ring = kind.create(RingControlLayout.HEADER_LENGTH + 2 * 4096);
        RingHeader.initialise(ring.memory());
        final TwoThreadRun run = new TwoThreadRun(ring, seed, 10_000, true);

        run.runWithin(60_000);

        final String at = "seed " + seed + " " + kind;
        assertNull(run.failure(), () -> at + ": " + run.failure());
        assertEquals(run.packets(), run.received(), at);
        assertEquals(run.packets(), run.writer().statistics().packetsWritten(), at);
        assertEquals(ring.header(RingControlLayout.WRITE_INDEX_OFFSET),
                ring.header(RingControlLayout.READ_INDEX_OFFSET), at);
        assertEquals(run.writer().statistics().bytesWritten(), run.reader().statistics().bytesRead(), at);
        assertTrue(run.writer().statistics().signalsRequested() <= run.publishingCloses() + 1, at);
        assertTrue(run.writer().statistics().signalsRequested() <= run.commits(), at + ": at most one per batch");
        assertFalse(run.anyThreadAlive(), at + ": threads left behind");
        assertTrue(ring.guardsIntact(), at);
    }
}
