package org.vmbussim.core.ring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link OutgoingRing.Batch}: packets written at a private index and published by one commit. A
 * seeded model predicts every result, every shared index and every signal; the seed is in every
 * display name and message.
 */
class OutgoingBatchTest {
    private static final int DATA_LENGTH = 4096;

    static Stream<Arguments> seeds() {
        return Stream.of(1L, 42L, 0xBA7C4L).flatMap(seed -> Stream.of(
                Arguments.of(seed, TestRing.Kind.DIRECT), Arguments.of(seed, TestRing.Kind.HEAP)));
    }

    private static TestRing emptyRingAt(final TestRing.Kind kind, final int start) {
        final TestRing ring = kind.create(RingControlLayout.HEADER_LENGTH + DATA_LENGTH);
        RingHeader.initialise(ring.memory());
        ring.setIndices(start, start);
        return ring;
    }

    /**
     * At every 8-byte start offset: batches of 1–6 random packets (some filling the ring in the
     * middle), commits with the reader's mask set or not, and reads that drain the ring only
     * sometimes. Bytes out equal bytes in; {@code write_index} moves only at commit; a commit
     * signals exactly when the batch took the ring from empty to non-empty with the mask clear.
     */
    @ParameterizedTest(name = "seed={0} {1}")
    @MethodSource("seeds")
    void batchesRoundTripAtEveryWrapOffsetAndSignalOncePerEmptyToNonEmptyBatch(final long seed,
            final TestRing.Kind kind) {
        final Random random = new Random(seed);
        final byte[] buffer = new byte[DATA_LENGTH];
        long expectedSignals = 0;
        long signals = 0;
        long fullMidBatch = 0;
        for (int start = 0; start < DATA_LENGTH; start += 8) {
            final TestRing ring = emptyRingAt(kind, start);
            final OutgoingRing out = new OutgoingRing(ring.memory());
            final IncomingRing in = new IncomingRing(ring.memory());
            final ArrayDeque<byte[]> unread = new ArrayDeque<>();
            long written = 0;
            long read = 0;
            for (int round = 0; round < 4; round++) {
                final String where = "seed " + seed + " " + kind + " start " + start + " round " + round;
                final boolean masked = random.nextInt(4) == 0;
                ring.setHeader(RingControlLayout.INTERRUPT_MASK_OFFSET, masked ? 1 : 0);
                final OutgoingRing.Batch batch = out.beginBatch();
                final int want = 1 + random.nextInt(6);
                long staged = 0;
                for (int i = 0; i < want; i++) {
                    final byte[] packet = Packets.inBand(Packets.payload(random.nextLong(), random.nextInt(1200)),
                            0, 0);
                    final long total = Packets.ringBytes(packet.length);
                    final boolean fits = DATA_LENGTH - (written + staged - read) > total;
                    final WriteResult result = batch.write(packet, 0, packet.length, 1000 + i, null);
                    if (!fits) {
                        final WriteResult.Full full = assertInstanceOf(WriteResult.Full.class, result, where);
                        assertEquals(WriteResult.Cause.RING, full.cause(), where);
                        assertEquals(total, full.bytesNeeded(), where);
                        fullMidBatch += i > 0 ? 1 : 0;
                        break;
                    }
                    final WriteResult.Written w = assertInstanceOf(WriteResult.Written.class, result, where);
                    assertFalse(w.signalPeer(), where + ": a batch write never signals");
                    assertEquals(1000 + i, w.transactionId(), where);
                    staged += total;
                    unread.add(Packets.readBack(packet, 1000 + i));
                    assertEquals((start + written) % DATA_LENGTH, ring.header(RingControlLayout.WRITE_INDEX_OFFSET),
                            where + ": nothing published before commit");
                }
                assertEquals((start + written + staged) % DATA_LENGTH, batch.stagedIndex(), where);
                final boolean expectedSignal = staged > 0 && !masked && written == read;
                final boolean signal = batch.commit();
                assertEquals(expectedSignal, signal, where + " signal");
                expectedSignals += expectedSignal ? 1 : 0;
                signals += signal ? 1 : 0;
                written += staged;
                assertEquals((start + written) % DATA_LENGTH, ring.header(RingControlLayout.WRITE_INDEX_OFFSET), where);
                if (random.nextBoolean()) {
                    read = drain(in, unread, buffer, where);
                }
            }
            drain(in, unread, buffer, "seed " + seed + " start " + start + " final drain");
            assertEquals(out.statistics().bytesWritten(), in.statistics().bytesRead(), "start " + start);
            assertTrue(ring.guardsIntact(), "start " + start);
        }
        assertEquals(expectedSignals, signals, "seed " + seed);
        assertTrue(fullMidBatch > 0, "seed " + seed + ": the run filled the ring in the middle of a batch");
        assertTrue(expectedSignals > 0, "seed " + seed + ": the run exercised signals");
    }

    /** Reads everything, checking each packet against the expected copies; returns the bytes consumed so far. */
    private static long drain(final IncomingRing in, final ArrayDeque<byte[]> unread, final byte[] buffer,
            final String where) {
        in.begin();
        for (ReadResult r = in.next(buffer); r instanceof ReadResult.Packet p; r = in.next(buffer)) {
            final byte[] expected = unread.poll();
            assertArrayEquals(expected, Arrays.copyOf(buffer, p.length()), where);
        }
        in.close();
        assertTrue(unread.isEmpty(), where + ": packets left unread");
        return in.statistics().bytesRead();
    }

    @Test
    void aFullPacketInTheMiddleLeavesTheEarlierPacketsForCommit() {
        final TestRing ring = emptyRingAt(TestRing.Kind.HEAP, 4000);
        final OutgoingRing out = new OutgoingRing(ring.memory());
        final byte[] small = Packets.inBand(new byte[1000], 0, 0);
        final byte[] huge = Packets.inBand(new byte[3100], 0, 0);
        final OutgoingRing.Batch batch = out.beginBatch();

        assertInstanceOf(WriteResult.Written.class, batch.write(small, 0, small.length, 1, null));
        final WriteResult.Full full = assertInstanceOf(WriteResult.Full.class,
                batch.write(huge, 0, huge.length, 2, null));
        assertInstanceOf(WriteResult.Written.class, batch.write(small, 0, small.length, 3, null),
                "a smaller packet still fits after a full one");

        assertEquals(Packets.ringBytes(huge.length), full.bytesNeeded());
        assertEquals(2, batch.packets());
        assertTrue(batch.commit());
        assertEquals((4000 + 2 * Packets.ringBytes(small.length)) % DATA_LENGTH,
                ring.header(RingControlLayout.WRITE_INDEX_OFFSET));
        assertEquals(2, out.statistics().packetsWritten());
        assertEquals(1, out.statistics().ringFullEvents());
        final IncomingRing in = new IncomingRing(ring.memory());
        in.begin();
        final byte[] buffer = new byte[4096];
        assertEquals(1, assertInstanceOf(ReadResult.Packet.class, in.next(buffer)).transactionId());
        assertEquals(3, assertInstanceOf(ReadResult.Packet.class, in.next(buffer)).transactionId());
        assertSame(ReadResult.EMPTY, in.next(buffer));
    }

    @Test
    void anAbandonedBatchPublishesNothingAndRevokesItsIdsNewestFirst() {
        final TestRing ring = emptyRingAt(TestRing.Kind.HEAP, 0);
        final OutgoingRing out = new OutgoingRing(ring.memory());
        final RecordingAssigner assigner = new RecordingAssigner(3);
        final byte[] packet = Packets.inBand(new byte[40], Packets.COMPLETION_REQUESTED, 0);
        final OutgoingRing.Batch batch = out.beginBatch();

        for (int i = 0; i < 3; i++) {
            assertEquals(101 + i, ((WriteResult.Written) batch.write(packet, 0, packet.length, 7 + i, assigner))
                    .transactionId());
        }
        batch.abandon();

        assertEquals(List.of(7L, 8L, 9L), assigner.requests);
        assertEquals(List.of(103L, 102L, 101L), assigner.revoked);
        assertEquals(0, ring.header(RingControlLayout.WRITE_INDEX_OFFSET));
        assertEquals(0, out.writeIndex());
        assertEquals(0, out.statistics().packetsWritten());
        assertFalse(batch.isOpen());
        // The ring is usable again, from the same index.
        final OutgoingRing.Batch again = out.beginBatch();
        assertInstanceOf(WriteResult.Written.class, again.write(packet, 0, packet.length, 1, null));
        assertTrue(again.commit());
        assertEquals(Packets.ringBytes(packet.length), ring.header(RingControlLayout.WRITE_INDEX_OFFSET));
    }

    @Test
    void aRefusedIdInTheMiddleKeepsTheEarlierPacketsAndCommittedIdsAreNotRevoked() {
        final TestRing ring = emptyRingAt(TestRing.Kind.HEAP, 0);
        final OutgoingRing out = new OutgoingRing(ring.memory());
        final RecordingAssigner assigner = new RecordingAssigner(1);
        final byte[] packet = Packets.inBand(new byte[40], Packets.COMPLETION_REQUESTED, 0);
        final OutgoingRing.Batch batch = out.beginBatch();

        assertInstanceOf(WriteResult.Written.class, batch.write(packet, 0, packet.length, 1, assigner));
        final WriteResult.Full full = assertInstanceOf(WriteResult.Full.class,
                batch.write(packet, 0, packet.length, 2, assigner));
        assertTrue(batch.commit());

        assertEquals(WriteResult.Cause.REQUESTOR, full.cause());
        assertEquals(List.of(), assigner.revoked);
        assertEquals(Packets.ringBytes(packet.length), ring.header(RingControlLayout.WRITE_INDEX_OFFSET));
        assertEquals(1, out.statistics().requestorFullEvents());
    }

    @Test
    void aFaultedRingRefusesABatch() {
        final TestRing ring = emptyRingAt(TestRing.Kind.HEAP, 0);
        final OutgoingRing out = new OutgoingRing(ring.memory());
        ring.setHeader(RingControlLayout.READ_INDEX_OFFSET, 13);
        final byte[] packet = Packets.inBand(new byte[40], 0, 0);
        final RingCorruptedException fault = assertThrows(RingCorruptedException.class,
                () -> out.write(packet, 0, packet.length, 1, null));

        assertSame(fault, assertThrows(RingCorruptedException.class, out::beginBatch));
    }

    @Test
    void aFaultInTheMiddleOfABatchPublishesNothingAndRevokesItsIds() {
        final TestRing ring = emptyRingAt(TestRing.Kind.HEAP, 0);
        final OutgoingRing out = new OutgoingRing(ring.memory());
        final RecordingAssigner assigner = new RecordingAssigner(10);
        final byte[] packet = Packets.inBand(new byte[2100], Packets.COMPLETION_REQUESTED, 0);
        final OutgoingRing.Batch batch = out.beginBatch();
        assertInstanceOf(WriteResult.Written.class, batch.write(packet, 0, packet.length, 1, assigner));
        ring.setHeader(RingControlLayout.READ_INDEX_OFFSET, DATA_LENGTH); // the second packet must reload it

        final RingCorruptedException fault = assertThrows(RingCorruptedException.class,
                () -> batch.write(packet, 0, packet.length, 2, assigner));
        assertSame(fault, assertThrows(RingCorruptedException.class, batch::commit));

        assertEquals(RingCorruptedException.Reason.INVALID_RING_POINTER, fault.reason());
        assertEquals(List.of(101L), assigner.revoked);
        assertEquals(0, ring.header(RingControlLayout.WRITE_INDEX_OFFSET));
        assertFalse(batch.isOpen());
        assertTrue(out.isFaulted());
    }

    @Test
    void misuseIsRefused() {
        final TestRing ring = emptyRingAt(TestRing.Kind.HEAP, 0);
        final OutgoingRing out = new OutgoingRing(ring.memory());
        final byte[] packet = Packets.inBand(new byte[8], Packets.COMPLETION_REQUESTED, 0);
        final OutgoingRing.Batch batch = out.beginBatch();
        batch.write(packet, 0, packet.length, 1, new RecordingAssigner(5));

        assertThrows(IllegalStateException.class, out::beginBatch, "one batch at a time");
        assertThrows(IllegalStateException.class, () -> out.write(packet, 0, packet.length, 1, null));
        assertThrows(IllegalStateException.class, () -> out.requestSpace(64));
        assertThrows(IllegalStateException.class,
                () -> batch.write(packet, 0, packet.length, 2, new RecordingAssigner(5)), "a second assigner");
        assertThrows(IllegalArgumentException.class, () -> batch.write(packet, 0, 15, 2, null));
        assertTrue(batch.commit());
        assertThrows(IllegalStateException.class, batch::commit);
        assertThrows(IllegalStateException.class, batch::abandon);
        assertThrows(IllegalStateException.class, () -> batch.write(packet, 0, packet.length, 3, null));
    }

    @Test
    void aGatheredPacketInABatchIsTheSameBytesAsAnArrayOne() {
        final TestRing ring = emptyRingAt(TestRing.Kind.DIRECT, 4072);
        final OutgoingRing out = new OutgoingRing(ring.memory());
        final byte[] packet = Packets.inBand(Packets.payload(5, 53), 0, 0);
        final OutgoingRing.Batch batch = out.beginBatch();
        batch.write(new GatherList().add(packet, 0, 16).add(packet, 16, packet.length - 16), 9, null);
        batch.write(packet, 0, packet.length, 10, null);
        assertTrue(batch.commit());

        final IncomingRing in = new IncomingRing(ring.memory());
        final byte[] buffer = new byte[4096];
        in.begin();
        for (final long id : new long[] {9, 10}) {
            final ReadResult.Packet p = assertInstanceOf(ReadResult.Packet.class, in.next(buffer));
            assertArrayEquals(Packets.readBack(packet, id), Arrays.copyOf(buffer, p.length()));
        }
        assertTrue(ring.guardsIntact());
    }

    @Test
    void anEmptyBatchCommitsWithoutTouchingSharedMemory() {
        final TestRing ring = emptyRingAt(TestRing.Kind.HEAP, 0);
        final OutgoingRing out = new OutgoingRing(ring.memory());
        ring.setHeader(RingControlLayout.READ_INDEX_OFFSET, 13); // would fault if loaded

        assertFalse(out.beginBatch().commit());
        assertFalse(out.isFaulted());
        assertEquals(0, out.statistics().packetsWritten());
    }

    /** Hands out ids 101, 102, … up to a limit, then refuses; records requests and revocations. */
    private static final class RecordingAssigner implements RevocableTransactionIdAssigner {
        private final int limit;
        private final List<Long> requests = new ArrayList<>();
        private final List<Long> revoked = new ArrayList<>();

        RecordingAssigner(final int limit) {
            this.limit = limit;
        }

        @Override
        public long assign(final long requestId) {
            requests.add(requestId);
            return requests.size() > limit ? REFUSED : 100 + requests.size();
        }

        @Override
        public void revoke(final long transactionId) {
            revoked.add(transactionId);
        }
    }
}
