package org.vmbussim.core.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.vmbussim.wire.LittleEndian;

class OutgoingRingTest {
    private static final int RING_LENGTH = 2 * 4096;

    private static TestRing initialised(final TestRing.Kind kind) {
        final TestRing ring = kind.create(RING_LENGTH);
        RingHeader.initialise(ring.memory());
        return ring;
    }

    @ParameterizedTest
    @EnumSource(TestRing.Kind.class)
    void writesPacketZeroPaddingTransIdAndTrailerThenPublishes(final TestRing.Kind kind) {
        final TestRing ring = initialised(kind);
        ring.fillData((byte) 0xEE); // stale bytes that must not leak into the padding
        ring.setIndices(4056, 4056);
        final OutgoingRing out = new OutgoingRing(ring.memory());
        final byte[] payload = Packets.payload(1, 21);
        final byte[] packet = Packets.inBand(payload, 0, 0xDEADL);

        final WriteResult.Written w = (WriteResult.Written) out.write(packet, 0, packet.length, 0x1234L, null);

        assertEquals(0x1234L, w.transactionId());
        for (int i = 0; i < packet.length; i++) {
            final byte expected = i >= 8 && i < 16 ? (byte) (0x1234L >>> (8 * (i - 8))) : packet[i];
            assertEquals(expected, ring.data(4056 + i), "packet byte " + i);
        }
        for (int i = packet.length; i < 40; i++) {
            assertEquals(0, ring.data(4056 + i), "padding byte " + i);
        }
        assertEquals(4056L << 32, ring.dataLong((4056 + 40) % 4096), "trailer = start << 32");
        assertEquals((4056 + 48) % 4096, ring.header(RingControlLayout.WRITE_INDEX_OFFSET));
        assertEquals(out.writeIndex(), ring.header(RingControlLayout.WRITE_INDEX_OFFSET));
        assertTrue(ring.guardsIntact());
    }

    @Test
    void gathersArraysAndByteBufsInOrder() {
        final TestRing ring = initialised(TestRing.Kind.DIRECT);
        final OutgoingRing out = new OutgoingRing(ring.memory());
        final byte[] payload = Packets.payload(2, 100);
        final byte[] packet = Packets.inBand(payload, 0, 0);
        final ByteBuf middle = Unpooled.directBuffer(64).writeBytes(packet, 16, 50);
        final ByteBuf tail = Unpooled.wrappedBuffer(packet, 66, packet.length - 66);
        try {
            final GatherList list = new GatherList().add(packet, 0, 16).add(middle).add(tail, 0, tail.capacity());
            assertEquals(packet.length, list.length());
            assertEquals(3, list.segmentCount());

            assertInstanceOf(WriteResult.Written.class, out.write(list, 0, null));

            for (int i = 16; i < packet.length; i++) {
                assertEquals(packet[i], ring.data(i), "byte " + i);
            }
            assertEquals(0, middle.readerIndex());
        } finally {
            assertTrue(middle.release());
            assertTrue(tail.release());
        }
    }

    @Test
    void isFullWhenFreeBytesAreAtMostPacketPlusTrailer() {
        final TestRing ring = initialised(TestRing.Kind.HEAP);
        final OutgoingRing out = new OutgoingRing(ring.memory());
        // a 4064-byte packet takes 4072 ring bytes, leaving 24 free
        final byte[] fits = Packets.inBand(new byte[4064 - 16], 0, 0);
        assertInstanceOf(WriteResult.Written.class, out.write(fits, 0, fits.length, 0, null));
        assertEquals(4096 - 4072, out.bytesFree());
        final byte[] exact = Packets.inBand(new byte[0], 0, 0); // total 24: free 24 <= 24: full
        final WriteResult.Full full = assertInstanceOf(WriteResult.Full.class, out.write(exact, 0, 16, 0, null));
        assertEquals(24, full.bytesNeeded());
        assertEquals(WriteResult.Cause.RING, full.cause());
        assertEquals(1, out.statistics().ringFullEvents());
        assertEquals(1, out.statistics().ringFullFirstEvents());
        out.write(exact, 0, 16, 0, null);
        assertEquals(2, out.statistics().ringFullEvents());
        assertEquals(1, out.statistics().ringFullFirstEvents(), "first since the last successful write");
        assertEquals(4072, ring.header(RingControlLayout.WRITE_INDEX_OFFSET), "nothing published");
    }

    @Test
    void signalsOnlyOnEmptyToNonEmptyWithInterruptsUnmasked() {
        final TestRing ring = initialised(TestRing.Kind.HEAP);
        final OutgoingRing out = new OutgoingRing(ring.memory());
        final byte[] p = Packets.inBand(new byte[8], 0, 0);

        assertTrue(((WriteResult.Written) out.write(p, 0, p.length, 0, null)).signalPeer(), "empty -> non-empty");
        assertFalse(((WriteResult.Written) out.write(p, 0, p.length, 0, null)).signalPeer(), "already non-empty");
        ring.setHeader(RingControlLayout.READ_INDEX_OFFSET, out.writeIndex()); // the reader caught up
        ring.setHeader(RingControlLayout.INTERRUPT_MASK_OFFSET, 1);
        assertFalse(((WriteResult.Written) out.write(p, 0, p.length, 0, null)).signalPeer(), "masked");
        ring.setHeader(RingControlLayout.READ_INDEX_OFFSET, out.writeIndex());
        ring.setHeader(RingControlLayout.INTERRUPT_MASK_OFFSET, 0);
        assertTrue(((WriteResult.Written) out.write(p, 0, p.length, 0, null)).signalPeer());
        assertEquals(2, out.statistics().signalsRequested());
        assertEquals(4, out.statistics().packetsWritten());
        assertEquals(4 * 32, out.statistics().bytesWritten());
    }

    @Test
    void anAssignerRunsAfterTheCopyAndItsIdLandsInTheRing() {
        final TestRing ring = initialised(TestRing.Kind.HEAP);
        final OutgoingRing out = new OutgoingRing(ring.memory());
        final byte[] payload = Packets.payload(3, 40);
        final byte[] p = Packets.inBand(payload, Packets.COMPLETION_REQUESTED, TransactionIdAssigner.REFUSED);
        final TransactionIdAssigner assigner = cookie -> {
            assertEquals(payload[39], ring.data(16 + 39), "the packet is in the ring before the id exists");
            return cookie + 1;
        };

        final WriteResult.Written w = (WriteResult.Written) out.write(p, 0, p.length, 41L, assigner);

        assertEquals(42L, w.transactionId());
        assertEquals(42L, ring.dataLong(8));
    }

    @Test
    void aRefusingAssignerLeavesTheRingAsItWasAndTheNextWriteReusesTheSpace() {
        final TestRing ring = initialised(TestRing.Kind.HEAP);
        final OutgoingRing out = new OutgoingRing(ring.memory());
        final byte[] p = Packets.inBand(new byte[8], Packets.COMPLETION_REQUESTED, 0);

        final WriteResult.Full full = (WriteResult.Full) out.write(p, 0, p.length, 1L,
                cookie -> TransactionIdAssigner.REFUSED);

        assertEquals(WriteResult.Cause.REQUESTOR, full.cause());
        assertEquals(0, ring.header(RingControlLayout.WRITE_INDEX_OFFSET));
        assertEquals(0, out.writeIndex());
        assertEquals(1, out.statistics().requestorFullEvents());
        assertEquals(0, out.statistics().packetsWritten());
        assertInstanceOf(WriteResult.Written.class, out.write(p, 0, p.length, 1L, cookie -> 7L));
        assertEquals(7L, ring.dataLong(8));
    }

    @Test
    void resultsAreReusedFlyweights() {
        final OutgoingRing out = new OutgoingRing(initialised(TestRing.Kind.HEAP).memory());
        final byte[] p = Packets.inBand(new byte[8], 0, 0);
        assertSame(out.write(p, 0, p.length, 0, null), out.write(p, 0, p.length, 0, null));
    }

    @ParameterizedTest(name = "read_index = {0}")
    @ValueSource(ints = {4, 4095, 4096, 8192, -8, Integer.MIN_VALUE})
    void aCorruptReadIndexFaultsTheRing(final int readIndex) {
        final TestRing ring = initialised(TestRing.Kind.DIRECT);
        final OutgoingRing out = new OutgoingRing(ring.memory());
        ring.setHeader(RingControlLayout.READ_INDEX_OFFSET, readIndex);
        final byte[] p = Packets.inBand(new byte[8], 0, 0);

        final RingCorruptedException e = assertThrows(RingCorruptedException.class,
                () -> out.write(p, 0, p.length, 0, null));

        assertEquals(RingCorruptedException.Reason.INVALID_RING_POINTER, e.reason());
        assertEquals(Integer.toUnsignedLong(readIndex), e.value());
        assertTrue(out.isFaulted());
        ring.setHeader(RingControlLayout.READ_INDEX_OFFSET, 0);
        assertSame(e, assertThrows(RingCorruptedException.class, () -> out.write(p, 0, p.length, 0, null)),
                "faulted for good");
        assertSame(e, assertThrows(RingCorruptedException.class, () -> out.requestSpace(100)));
        assertEquals(0, ring.header(RingControlLayout.WRITE_INDEX_OFFSET));
        for (int i = 0; i < 4096; i++) {
            assertEquals(0, ring.data(i));
        }
    }

    @ParameterizedTest(name = "write_index = {0}")
    @ValueSource(ints = {1, 4100, -16})
    void aCorruptWriteIndexIsRefusedOnAttach(final int writeIndex) {
        final TestRing ring = initialised(TestRing.Kind.HEAP);
        ring.setHeader(RingControlLayout.WRITE_INDEX_OFFSET, writeIndex);
        assertEquals(RingCorruptedException.Reason.INVALID_RING_POINTER,
                assertThrows(RingCorruptedException.class, () -> new OutgoingRing(ring.memory())).reason());
    }

    @Test
    void callerBugsAreIllegalArguments() {
        final OutgoingRing out = new OutgoingRing(initialised(TestRing.Kind.HEAP).memory());
        final byte[] p = Packets.inBand(new byte[8], 0, 0);
        assertThrows(IllegalArgumentException.class, () -> out.write(p, 0, 15, 0, null), "shorter than a descriptor");
        LittleEndian.putShort(p, 4, 4);
        assertThrows(IllegalArgumentException.class, () -> out.write(p, 0, p.length, 0, null), "len8 disagrees");
        final byte[] huge = Packets.inBand(new byte[4096 - 16 - 8], 0, 0);
        assertThrows(IllegalArgumentException.class, () -> out.write(huge, 0, huge.length, 0, null), "never fits");
        assertThrows(IllegalArgumentException.class, () -> out.requestSpace(0));
        assertThrows(IllegalArgumentException.class, () -> out.requestSpace(4096));
        assertThrows(IllegalStateException.class, () -> new GatherList(1).add(p).add(p));
        assertFalse(out.isFaulted());
    }

    @Test
    void pendingSendNeedsTheFeatureBit() {
        final TestRing ring = initialised(TestRing.Kind.HEAP);
        ring.setHeader(RingControlLayout.FEATURE_BITS_OFFSET, 0);
        final OutgoingRing out = new OutgoingRing(ring.memory());
        assertEquals(SpaceRequest.UNSUPPORTED, out.requestSpace(100));
        assertEquals(0, ring.header(RingControlLayout.PENDING_SEND_SZ_OFFSET));
    }

    @Test
    void pendingSendIsRegisteredWhenShortAndClearedByTheNextWrite() {
        final TestRing ring = initialised(TestRing.Kind.HEAP);
        final OutgoingRing out = new OutgoingRing(ring.memory());
        final byte[] big = Packets.inBand(new byte[4000], 0, 0); // 4024 ring bytes; free 72 afterwards
        out.write(big, 0, big.length, 0, null);

        assertEquals(SpaceRequest.REGISTERED, out.requestSpace(200));
        assertEquals(200, ring.header(RingControlLayout.PENDING_SEND_SZ_OFFSET));
        assertEquals(SpaceRequest.AVAILABLE_NOW, out.requestSpace(71), "72 free > 71");

        ring.setHeader(RingControlLayout.READ_INDEX_OFFSET, out.writeIndex()); // the reader drained
        final byte[] small = Packets.inBand(new byte[8], 0, 0);
        out.write(small, 0, small.length, 0, null);
        assertEquals(0, ring.header(RingControlLayout.PENDING_SEND_SZ_OFFSET), "cleared after a successful write");

        out.requestSpace(300);
        out.clearPendingSend();
        assertEquals(0, ring.header(RingControlLayout.PENDING_SEND_SZ_OFFSET));
    }
}
