package org.vmbussim.core.ring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.vmbussim.wire.LittleEndian;

class IncomingRingTest {
    private static final int RING_LENGTH = 2 * 4096;

    private final byte[] buffer = new byte[4096];

    private static TestRing initialised(final TestRing.Kind kind) {
        final TestRing ring = kind.create(RING_LENGTH);
        RingHeader.initialise(ring.memory());
        return ring;
    }

    private static void write(final OutgoingRing out, final byte[] packet) {
        assertInstanceOf(WriteResult.Written.class, out.write(packet, 0, packet.length, 0x77L, null));
    }

    @ParameterizedTest
    @EnumSource(TestRing.Kind.class)
    void readsWhatWasWrittenIntoThePrivateBufferAcrossTheWrap(final TestRing.Kind kind) {
        final TestRing ring = initialised(kind);
        ring.setIndices(4064, 4064);
        final OutgoingRing out = new OutgoingRing(ring.memory());
        final IncomingRing in = new IncomingRing(ring.memory());
        final byte[] payload = Packets.payload(5, 53);
        write(out, Packets.inBand(payload, Packets.COMPLETION_REQUESTED, 0));

        in.begin();
        final ReadResult.Packet p = assertInstanceOf(ReadResult.Packet.class, in.next(buffer));

        assertEquals(Packets.TYPE_INBAND, p.type());
        assertEquals(Packets.COMPLETION_REQUESTED, p.flags());
        assertEquals(0x77L, p.transactionId());
        assertEquals(72, p.length());
        assertEquals(16, p.dataOffset());
        assertEquals(56, p.payloadLength());
        assertEquals(4064, p.ringIndex());
        assertFalse(p.isTruncated());
        assertFalse(p.isOffsetSanitized());
        assertSame(buffer, p.buffer());
        assertArrayEquals(payload, Arrays.copyOfRange(buffer, 16, 16 + 53));
        assertArrayEquals(new byte[3], Arrays.copyOfRange(buffer, 69, 72), "zero padding");
        assertSame(ReadResult.EMPTY, in.next(buffer));
        assertEquals(4064, ring.header(RingControlLayout.READ_INDEX_OFFSET), "not published before close");
        assertFalse(in.close());
        assertEquals((4064 + 80) % 4096, ring.header(RingControlLayout.READ_INDEX_OFFSET));
        assertEquals(1, in.statistics().packetsRead());
        assertEquals(80, in.statistics().bytesRead());
    }

    @ParameterizedTest(name = "write_index = {0}")
    @ValueSource(ints = {4, 12, 4096, 4104, 65536, -8, Integer.MIN_VALUE, -1})
    void aCorruptWriteIndexFaultsTheRingAndConsumesNothing(final int writeIndex) {
        final TestRing ring = initialised(TestRing.Kind.DIRECT);
        final OutgoingRing out = new OutgoingRing(ring.memory());
        final IncomingRing in = new IncomingRing(ring.memory());
        write(out, Packets.inBand(new byte[8], 0, 0));
        ring.setHeader(RingControlLayout.WRITE_INDEX_OFFSET, writeIndex);

        in.begin();
        final RingCorruptedException e = assertThrows(RingCorruptedException.class, () -> in.next(buffer));

        assertEquals(RingCorruptedException.Reason.INVALID_RING_POINTER, e.reason());
        assertEquals(Integer.toUnsignedLong(writeIndex), e.value());
        assertFalse(in.close(), "a faulted batch publishes nothing");
        assertEquals(0, ring.header(RingControlLayout.READ_INDEX_OFFSET));
        ring.setHeader(RingControlLayout.WRITE_INDEX_OFFSET, 32);
        assertSame(e, assertThrows(RingCorruptedException.class, in::begin), "faulted for good");
        assertSame(e, assertThrows(RingCorruptedException.class, in::unmaskAndCheck));
        assertTrue(in.isFaulted());
        assertTrue(ring.guardsIntact());
    }

    @ParameterizedTest(name = "read_index = {0}")
    @ValueSource(ints = {4, 4096, -8})
    void aCorruptReadIndexIsRefusedOnAttach(final int readIndex) {
        final TestRing ring = initialised(TestRing.Kind.HEAP);
        ring.setHeader(RingControlLayout.READ_INDEX_OFFSET, readIndex);
        assertEquals(RingCorruptedException.Reason.INVALID_RING_POINTER,
                assertThrows(RingCorruptedException.class, () -> new IncomingRing(ring.memory())).reason());
    }

    @ParameterizedTest(name = "available = {0}")
    @ValueSource(ints = {8, 16})
    void lessThanADescriptorAndTrailerIsCorrupt(final int available) {
        final TestRing ring = initialised(TestRing.Kind.HEAP);
        ring.setIndices(4088 + available - 4096 < 0 ? 4088 + available : 4088 + available - 4096, 4088);
        final IncomingRing in = new IncomingRing(ring.memory());
        in.begin();
        final RingCorruptedException e = assertThrows(RingCorruptedException.class, () -> in.next(buffer));
        assertEquals(RingCorruptedException.Reason.INVALID_DATA_AVAILABLE, e.reason());
        assertEquals(available, e.value());
    }

    /** A 48-byte packet (len8 = 6) plus one 32-byte packet are written; then the peer rewrites len8. */
    @ParameterizedTest(name = "len8 = {0}")
    @ValueSource(ints = {0, 1, 12, 100, 0xFFFF})
    void aDescriptorLengthOutsideTheWrittenBytesIsCorrupt(final int length8) {
        final TestRing ring = initialised(TestRing.Kind.DIRECT);
        ring.setIndices(4080, 4080); // the descriptor's len8 field sits right before the wrap
        final OutgoingRing out = new OutgoingRing(ring.memory());
        final IncomingRing in = new IncomingRing(ring.memory());
        write(out, Packets.inBand(new byte[32], 0, 0));
        write(out, Packets.inBand(new byte[16], 0, 0));
        ring.setDataShort(4080 + 4, length8); // 56 + 40 = 96 bytes are written; len8 = 12 needs 96 + 8

        in.begin();
        final RingCorruptedException e = assertThrows(RingCorruptedException.class, () -> in.next(buffer));

        assertEquals(RingCorruptedException.Reason.INVALID_DESCRIPTOR_LENGTHS, e.reason());
        assertEquals(length8 * 8L, e.value());
        assertFalse(in.close());
        assertEquals(4080, ring.header(RingControlLayout.READ_INDEX_OFFSET));
        assertEquals(4080, in.readIndex());
        assertTrue(ring.guardsIntact());
    }

    @Test
    void aDescriptorLengthThatSwallowsTheNextPacketIsAcceptedAsWrittenBytes() {
        // len8 may legally cover the next packet's bytes: the reader cannot tell, and stays in bounds.
        final TestRing ring = initialised(TestRing.Kind.HEAP);
        final OutgoingRing out = new OutgoingRing(ring.memory());
        final IncomingRing in = new IncomingRing(ring.memory());
        write(out, Packets.inBand(new byte[32], 0, 0));
        write(out, Packets.inBand(new byte[16], 0, 0));
        ring.setDataShort(4, 11); // 88 of the 96 written bytes, leaving 8 for a trailer

        in.begin();
        final ReadResult.Packet p = assertInstanceOf(ReadResult.Packet.class, in.next(buffer));
        assertEquals(88, p.length());
        assertSame(ReadResult.EMPTY, in.next(buffer));
        in.close();
        assertEquals(96, ring.header(RingControlLayout.READ_INDEX_OFFSET));
    }

    @ParameterizedTest(name = "offset8 = {0}")
    @ValueSource(ints = {0, 1, 7, 0xFFFF})
    void anOffsetOutsideTheDescriptorAndPacketIsReplacedBySixteenInTheCopy(final int offset8) {
        final TestRing ring = initialised(TestRing.Kind.HEAP);
        final OutgoingRing out = new OutgoingRing(ring.memory());
        final IncomingRing in = new IncomingRing(ring.memory());
        write(out, Packets.inBand(new byte[32], 0, 0)); // len8 = 6
        ring.setDataShort(2, offset8);

        in.begin();
        final ReadResult.Packet p = assertInstanceOf(ReadResult.Packet.class, in.next(buffer));

        assertTrue(p.isOffsetSanitized());
        assertEquals(16, p.dataOffset());
        assertEquals(2, LittleEndian.getShort(buffer, 2), "sanitized offset8 written into the copy");
        assertEquals(offset8, ring.data(2) & 0xFF | (ring.data(3) & 0xFF) << 8, "the ring is left alone");
        assertEquals(1, in.statistics().sanitizedOffsets());
        in.close();
    }

    @ParameterizedTest(name = "offset8 = {0}")
    @ValueSource(ints = {2, 3, 6})
    void anOffsetInsideThePacketIsKept(final int offset8) {
        final TestRing ring = initialised(TestRing.Kind.HEAP);
        final OutgoingRing out = new OutgoingRing(ring.memory());
        final IncomingRing in = new IncomingRing(ring.memory());
        write(out, Packets.inBand(new byte[32], 0, 0));
        ring.setDataShort(2, offset8);
        in.begin();
        final ReadResult.Packet p = (ReadResult.Packet) in.next(buffer);
        assertFalse(p.isOffsetSanitized());
        assertEquals(offset8 * 8, p.dataOffset());
        assertEquals(48 - offset8 * 8, p.payloadLength());
    }

    @Test
    void aPacketLongerThanThePrivateBufferIsTruncatedButSkippedWhole() {
        final TestRing ring = initialised(TestRing.Kind.DIRECT);
        final OutgoingRing out = new OutgoingRing(ring.memory());
        final IncomingRing in = new IncomingRing(ring.memory());
        final byte[] big = Packets.inBand(Packets.payload(8, 100), 0, 0); // 116 -> len8 15
        final byte[] next = Packets.inBand(Packets.payload(9, 8), 0, 0);
        write(out, big);
        write(out, next);
        ring.setDataShort(2, 10); // offset 80: inside the real packet, outside the 64-byte copy
        final byte[] small = new byte[64];

        in.begin();
        final ReadResult.Packet p = assertInstanceOf(ReadResult.Packet.class, in.next(small));
        assertTrue(p.isTruncated());
        assertEquals(64, p.length());
        assertEquals(120, p.wireLength());
        assertTrue(p.isOffsetSanitized());
        assertEquals(8, LittleEndian.getShort(small, 4), "len8 of the copy");
        assertArrayEquals(Arrays.copyOfRange(big, 16, 64), Arrays.copyOfRange(small, 16, 64));

        final ReadResult.Packet second = assertInstanceOf(ReadResult.Packet.class, in.next(small));
        assertEquals(128, second.ringIndex(), "skipped 120 + 8, not 64 + 8");
        assertArrayEquals(Arrays.copyOfRange(next, 16, 24), Arrays.copyOfRange(small, 16, 24));
        in.close();
        assertEquals(1, in.statistics().truncatedPackets());
    }

    @Test
    void theDescriptorIsReadOnceFromTheRing() {
        // A peer that rewrites len8 after the reader copied the descriptor changes nothing.
        final TestRing ring = initialised(TestRing.Kind.HEAP);
        final RingMemory real = ring.memory();
        final int[] descriptorCopies = {0};
        final RingMemory spying = new ForwardingRingMemory(real) {
            @Override
            public long getLong(final int dataIndex) {
                final long word = super.getLong(dataIndex);
                if (dataIndex == 0) {
                    descriptorCopies[0]++;
                    ring.setDataShort(dataIndex + 4, 0xFFFF); // len8: too late to matter
                    ring.setDataShort(dataIndex + 2, 0xFFFF); // offset8: likewise
                }
                return word;
            }
        };
        final OutgoingRing out = new OutgoingRing(real);
        final IncomingRing in = new IncomingRing(spying);
        write(out, Packets.inBand(new byte[32], 0, 0));
        in.begin();
        final ReadResult.Packet p = assertInstanceOf(ReadResult.Packet.class, in.next(buffer));
        assertEquals(48, p.length());
        assertEquals(6, LittleEndian.getShort(buffer, 4));
        assertEquals(16, p.dataOffset());
        assertEquals(1, descriptorCopies[0]);
        in.close();
        assertEquals(56, ring.header(RingControlLayout.READ_INDEX_OFFSET));
    }

    @ParameterizedTest(name = "pending={0} feature={1} free before={2}: signal={3}")
    @CsvSource({
        // pending_send_sz, feature bit, ring bytes filled before the read (free before = 4096 - filled), signal
        "0,    1, 4056, false",  // nobody waiting
        "100,  0, 4056, false",  // writer did not advertise pending_send_sz
        "20,   1, 4056, false",  // free before 40 > 20: the writer was not blocked
        "39,   1, 4056, false",  // 40 > 39: not blocked either
        "40,   1, 4056, true",   // free 40 -> 96 crosses 40 (exactly 40 was "not enough")
        "95,   1, 4056, true",   // 40 -> 96 > 95
        "96,   1, 4056, false",  // 40 -> 96: exactly filling is still not enough
        "1000, 1, 4056, false",  // still not enough
        "-1,   1, 4056, false",  // 0xFFFFFFFF, unsigned: never enough
    })
    void closeSignalsTheWriterOnlyWhenFreeSpaceCrossesPendingSendSize(final int pending, final int feature,
            final int filled, final boolean signal) {
        final TestRing ring = initialised(TestRing.Kind.HEAP);
        ring.setHeader(RingControlLayout.FEATURE_BITS_OFFSET, feature);
        final OutgoingRing out = new OutgoingRing(ring.memory());
        final IncomingRing in = new IncomingRing(ring.memory());
        write(out, Packets.inBand(new byte[32], 0, 0)); // 56 ring bytes
        final int rest = filled - 56;
        write(out, Packets.inBand(new byte[rest - 24], 0, 0));
        assertEquals(4096 - filled, out.bytesFree());
        ring.setHeader(RingControlLayout.PENDING_SEND_SZ_OFFSET, pending);

        in.begin();
        in.next(buffer); // frees 56 bytes
        assertEquals(signal, in.close());
        assertEquals(signal ? 1 : 0, in.statistics().signalsRequested());
    }

    @Test
    void theMaskIsSetWhileDrainingAndUnmaskReportsDataThatArrivedMeanwhile() {
        final TestRing ring = initialised(TestRing.Kind.HEAP);
        final OutgoingRing out = new OutgoingRing(ring.memory());
        final IncomingRing in = new IncomingRing(ring.memory());
        final byte[] p = Packets.inBand(new byte[8], 0, 0);

        in.maskInterrupts();
        assertEquals(1, ring.header(RingControlLayout.INTERRUPT_MASK_OFFSET));
        assertFalse(((WriteResult.Written) out.write(p, 0, p.length, 0, null)).signalPeer(), "masked: no signal");
        in.begin();
        assertInstanceOf(ReadResult.Packet.class, in.next(buffer));
        write(out, p); // arrives after the drain loop looked
        in.close();
        assertTrue(in.unmaskAndCheck());
        assertEquals(0, ring.header(RingControlLayout.INTERRUPT_MASK_OFFSET));
        in.begin();
        assertInstanceOf(ReadResult.Packet.class, in.next(buffer));
        in.close();
        assertFalse(in.unmaskAndCheck());
        assertEquals(0, in.bytesAvailable());
    }

    @Test
    void misuseIsAnIllegalStateOrArgument() {
        final IncomingRing in = new IncomingRing(initialised(TestRing.Kind.HEAP).memory());
        assertThrows(IllegalStateException.class, () -> in.next(buffer));
        assertThrows(IllegalStateException.class, in::close);
        in.begin();
        assertThrows(IllegalStateException.class, in::begin);
        assertThrows(IllegalArgumentException.class, () -> in.next(new byte[8]));
        assertThrows(IllegalArgumentException.class, () -> in.next(new byte[20]));
        assertSame(ReadResult.EMPTY, in.next(new byte[16]));
        assertFalse(in.close());
    }
}
