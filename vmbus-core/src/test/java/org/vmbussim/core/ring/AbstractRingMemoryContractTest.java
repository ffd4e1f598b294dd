package org.vmbussim.core.ring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@link RingMemory} contract, run against every implementation (Netty's AbstractByteBufTest
 * technique): subclasses say how to make a ring and how to see its raw bytes.
 */
abstract class AbstractRingMemoryContractTest {
    private static final int RING_LENGTH = RingControlLayout.HEADER_LENGTH + 4096;
    private final List<ByteBuf> buffers = new ArrayList<>();

    /** A zeroed ring of {@code ringLength} bytes with raw access. */
    protected abstract TestRing newRing(int ringLength);

    @AfterEach
    void releaseBuffers() {
        for (final ByteBuf b : buffers) {
            assertTrue(b.release(), "buffer still referenced: " + b);
            assertEquals(0, b.refCnt());
        }
    }

    private ByteBuf track(final ByteBuf b) {
        buffers.add(b);
        return b;
    }

    @Test
    void shouldReportDataLengthWithoutTheHeaderPage() {
        assertEquals(4096, newRing(RING_LENGTH).memory().dataLength());
        assertEquals(3 * 4096, newRing(4 * 4096).memory().dataLength());
    }

    @Test
    void controlWordsAreLittleEndianAtTheirHeaderOffsets() {
        final TestRing ring = newRing(RING_LENGTH);
        final RingMemory m = ring.memory();
        for (int offset = 0; offset < RingControlLayout.HEADER_LENGTH; offset += 4) {
            m.putIntVolatile(offset, 0x01020304 + offset);
        }
        for (int offset = 0; offset < RingControlLayout.HEADER_LENGTH; offset += 4) {
            assertEquals(0x04 + offset & 0xFF, ring.get(offset) & 0xFF, "offset " + offset);
            assertEquals(0x01020304 + offset, ring.header(offset));
            assertEquals(0x01020304 + offset, m.getIntVolatile(offset));
            assertEquals(0x01020304 + offset, m.getIntAcquire(offset));
        }
        m.putIntRelease(RingControlLayout.WRITE_INDEX_OFFSET, 0xCAFEF00D);
        assertEquals(0xCAFEF00D, m.getIntAcquire(RingControlLayout.WRITE_INDEX_OFFSET));
        m.fullFence();
        assertEquals(0, ring.get(RingControlLayout.DATA_OFFSET), "control stores stay in the header page");
    }

    @Test
    void shouldSeeTheRawBytesAPeerWrote() {
        final TestRing ring = newRing(RING_LENGTH);
        ring.setHeader(RingControlLayout.PENDING_SEND_SZ_OFFSET, 0x11223344);
        assertEquals(0x11223344, ring.memory().getIntVolatile(RingControlLayout.PENDING_SEND_SZ_OFFSET));
        ring.setData(4095, (byte) 0x5A);
        final byte[] out = new byte[1];
        ring.memory().copyOut(4095, out, 0, 1);
        assertEquals(0x5A, out[0]);
    }

    @ParameterizedTest(name = "headerOffset = {0}")
    @ValueSource(ints = {-4, -1, 1, 2, 3, 4093, 4094, 4095, 4096, 8192, Integer.MIN_VALUE, Integer.MAX_VALUE})
    void shouldRefuseControlWordsOutsideTheHeaderOrMisaligned(final int headerOffset) {
        final RingMemory m = newRing(RING_LENGTH).memory();
        assertThrows(IllegalArgumentException.class, () -> m.getIntAcquire(headerOffset));
        assertThrows(IllegalArgumentException.class, () -> m.getIntVolatile(headerOffset));
        assertThrows(IllegalArgumentException.class, () -> m.putIntRelease(headerOffset, 1));
        assertThrows(IllegalArgumentException.class, () -> m.putIntVolatile(headerOffset, 1));
    }

    @Test
    void wrappingCopiesRoundTripAtEveryEightByteOffset() {
        final TestRing ring = newRing(RING_LENGTH);
        final RingMemory m = ring.memory();
        final Random random = new Random(42);
        for (int start = 0; start < m.dataLength(); start += 8) {
            final int length = 1 + random.nextInt(200);
            final byte[] src = new byte[length + 3];
            random.nextBytes(src);
            m.copyIn(start, src, 3, length);
            for (int i = 0; i < length; i++) {
                assertEquals(src[3 + i], ring.data(start + i), "start " + start + " byte " + i);
            }
            final byte[] dst = new byte[length + 5];
            m.copyOut(start, dst, 5, length);
            for (int i = 0; i < length; i++) {
                assertEquals(src[3 + i], dst[5 + i], "start " + start + " byte " + i);
            }
        }
    }

    @Test
    void aCopyOfTheWholeDataAreaWrapsOnce() {
        final TestRing ring = newRing(RING_LENGTH);
        final RingMemory m = ring.memory();
        final byte[] src = Packets.payload(7, m.dataLength());
        m.copyIn(4000, src, 0, src.length);
        for (int i = 0; i < src.length; i++) {
            assertEquals(src[i], ring.data(4000 + i));
        }
        final byte[] dst = new byte[src.length];
        m.copyOut(4000, dst, 0, dst.length);
        assertArrayEquals(src, dst);
        assertTrue(ring.guardsIntact());
    }

    @ParameterizedTest(name = "direct = {0}")
    @ValueSource(booleans = {false, true})
    void byteBufCopiesWrapAndLeaveTheBufferAlone(final boolean direct) {
        final TestRing ring = newRing(RING_LENGTH);
        final RingMemory m = ring.memory();
        final byte[] bytes = Packets.payload(9, 300);
        final ByteBuf src = track(direct ? Unpooled.directBuffer(400) : Unpooled.buffer(400));
        src.writeZero(50).writeBytes(bytes);
        src.readerIndex(20);
        for (int start = 3900; start < m.dataLength(); start += 8) {
            m.copyIn(start, src, 50, bytes.length);
            for (int i = 0; i < bytes.length; i++) {
                assertEquals(bytes[i], ring.data(start + i), "start " + start + " byte " + i);
            }
        }
        assertEquals(20, src.readerIndex());
        assertEquals(350, src.writerIndex());
        assertEquals(1, src.refCnt());
        assertTrue(ring.guardsIntact());
    }

    @Test
    void byteBufSlicesCopyFromTheirOwnIndices() {
        final TestRing ring = newRing(RING_LENGTH);
        final ByteBuf whole = track(Unpooled.wrappedBuffer(Packets.payload(3, 64)));
        final ByteBuf slice = whole.slice(16, 32);
        ring.memory().copyIn(4080, slice, 8, 24);
        for (int i = 0; i < 24; i++) {
            assertEquals(whole.getByte(24 + i), ring.data(4080 + i));
        }
    }

    @Test
    void putLongIsLittleEndianAtAnAlignedDataIndex() {
        final TestRing ring = newRing(RING_LENGTH);
        ring.memory().putLong(4088, 0x0102030405060708L);
        assertEquals(0x08, ring.data(4088));
        assertEquals(0x01, ring.data(4095));
        assertEquals(0x0102030405060708L, ring.dataLong(4088));
        assertEquals(0x0102030405060708L, ring.memory().getLong(4088));
        assertEquals(0, ring.data(0), "an aligned u64 never wraps");
        ring.setData(16, (byte) 0x80);
        ring.setData(23, (byte) 0xF1);
        assertEquals(0xF100000000000080L, ring.memory().getLong(16), "what a peer wrote, little-endian");
    }

    @Test
    void shouldRefuseDataAccessOutsideTheDataAreaWithoutTouchingMemory() {
        final TestRing ring = newRing(RING_LENGTH);
        final RingMemory m = ring.memory();
        final byte[] big = new byte[m.dataLength() + 1];
        java.util.Arrays.fill(big, (byte) 1);
        assertThrows(IllegalArgumentException.class, () -> m.copyIn(-8, big, 0, 8));
        assertThrows(IllegalArgumentException.class, () -> m.copyIn(m.dataLength(), big, 0, 8));
        assertThrows(IllegalArgumentException.class, () -> m.copyIn(0, big, 0, big.length));
        assertThrows(IllegalArgumentException.class, () -> m.copyIn(0, big, 0, -1));
        assertThrows(IllegalArgumentException.class, () -> m.copyOut(m.dataLength(), big, 0, 8));
        assertThrows(IllegalArgumentException.class, () -> m.copyOut(0, big, 0, big.length));
        assertThrows(IllegalArgumentException.class, () -> m.putLong(4, 1L));
        assertThrows(IllegalArgumentException.class, () -> m.putLong(m.dataLength(), 1L));
        assertThrows(IllegalArgumentException.class, () -> m.putLong(-8, 1L));
        assertThrows(IllegalArgumentException.class, () -> m.getLong(12));
        assertThrows(IllegalArgumentException.class, () -> m.getLong(m.dataLength()));
        for (int i = 0; i < m.dataLength(); i++) {
            assertEquals(0, ring.data(i));
        }
        assertTrue(ring.guardsIntact());
    }
}
