package org.vmbussim.core.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vmbussim.wire.HexDump;

class PacketWriterTest {
    private static final byte STALE = (byte) 0xA5;
    private final List<ByteBuf> buffers = new ArrayList<>();

    @AfterEach
    void releaseBuffers() {
        for (final ByteBuf b : buffers) {
            b.release();
            assertEquals(0, b.refCnt());
        }
    }

    private ByteBuf dirty(final int capacity, final boolean direct) {
        final ByteBuf b = direct ? Unpooled.directBuffer(capacity, capacity) : Unpooled.buffer(capacity, capacity);
        buffers.add(b);
        b.setBytes(0, filled(capacity, STALE));
        return b;
    }

    private ByteBuf wrap(final byte[] bytes) {
        final ByteBuf b = Unpooled.wrappedBuffer(bytes);
        if (b != Unpooled.EMPTY_BUFFER) {
            // The shared empty buffer is never released; everything else must reach refCnt 0.
            buffers.add(b);
        }
        return b;
    }

    private static byte[] filled(final int n, final byte value) {
        final byte[] a = new byte[n];
        Arrays.fill(a, value);
        return a;
    }

    private static byte[] slice(final byte[] a, final int from, final int to) {
        return Arrays.copyOfRange(a, from, to);
    }

    private static void assertBytes(final byte[] expected, final ByteBuf buf, final int index, final int length) {
        assertEquals(expected.length, length, "packet length");
        final byte[] actual = ByteBufUtil.getBytes(buf, index, length);
        final String diff = HexDump.compare(expected, actual);
        assertEquals("", diff, "builder output differs from the golden bytes");
    }

    @ParameterizedTest(name = "direct = {0}")
    @ValueSource(booleans = {false, true})
    void gpaDirectAzureBlobRequestMatchesTheGoldenPacket(final boolean direct) {
        final byte[] golden = GoldenFiles.bytes("vmbus_packet_mpb_array/azblob-request-3-pages.vec");
        final ByteBuf payload = wrap(slice(golden, 56, 112));
        final ByteBuf dst = dirty(256, direct);
        final GpaRange range = GpaRange.of(0, 3 * GpaRange.PAGE_SIZE, 0x10a00, 0x10a01, 0x10b7f);
        final int length = PacketWriter.writeGpaDirect(dst, 0, range, payload, 0, 56);
        assertEquals(PacketWriter.PLACEHOLDER_TRANSACTION_ID, dst.getLongLE(8), "placeholder until the ring write");
        PacketWriter.setTransactionId(dst, 0, 1);
        assertBytes(golden, dst, 0, length);
        assertEquals(STALE, dst.getByte(length), "nothing written past the packet");
    }

    @Test
    void oneRangeListGivesTheSameBytesAsTheOneRangeMethod() {
        final byte[] golden = GoldenFiles.bytes("vmbus_packet_mpb_array/azblob-request-3-pages.vec");
        final ByteBuf payload = wrap(slice(golden, 56, 112));
        final ByteBuf dst = dirty(256, false);
        final int length = PacketWriter.writeGpaDirect(dst, 0,
                List.of(GpaRange.of(0, 3 * GpaRange.PAGE_SIZE, 0x10a00, 0x10a01, 0x10b7f)), payload, 0, 56);
        PacketWriter.setTransactionId(dst, 0, 1);
        assertBytes(golden, dst, 0, length);
    }

    @Test
    void onePageDescriptorAreaMatchesTheGoldenVectorBeforeTheRingWrite() {
        final byte[] golden = GoldenFiles.bytes("vmbus_packet_mpb_array/one-page-placeholder-id.vec");
        final ByteBuf dst = dirty(128, false);
        final int length = PacketWriter.writeGpaDirect(dst, 0, GpaRange.of(0, 4096, 0x10a00),
                wrap(new byte[56]), 0, 56);
        assertEquals(96, length);
        assertBytes(golden, dst, 0, golden.length);
    }

    @Test
    void severalRangesMatchTheGoldenPacket() {
        final byte[] golden = GoldenFiles.bytes("vmdata_gpa_direct/two-ranges.vec");
        final ByteBuf dst = dirty(256, false);
        final List<GpaRange> ranges = List.of(GpaRange.of(0x800, 0x1000, 0x20001, 0x20002),
                GpaRange.of(0x10, 0x100, 0x30000));
        final int length = PacketWriter.writeGpaDirect(dst, 0, ranges, wrap(slice(golden, 64, 120)), 0, 56);
        PacketWriter.setTransactionId(dst, 0, 7);
        assertBytes(golden, dst, 0, length);
    }

    @ParameterizedTest(name = "direct = {0}")
    @ValueSource(booleans = {false, true})
    void inBandMatchesTheGoldenPacket(final boolean direct) {
        final byte[] golden = GoldenFiles.bytes("vmpacket_descriptor/inband-azblob-request.vec");
        final ByteBuf dst = dirty(128, direct);
        final int length = PacketWriter.writeInBand(dst, 0, PacketFlags.COMPLETION_REQUESTED,
                wrap(slice(golden, 16, 72)), 0, 56);
        PacketWriter.setTransactionId(dst, 0, 3);
        assertBytes(golden, dst, 0, length);
    }

    @Test
    void inBandDescriptorMatchesTheGoldenDescriptor() {
        final byte[] golden = GoldenFiles.bytes("vmpacket_descriptor/inband-completion-requested.vec");
        final ByteBuf dst = dirty(128, false);
        PacketWriter.writeInBand(dst, 0, PacketFlags.COMPLETION_REQUESTED, wrap(new byte[56]), 0, 56);
        PacketWriter.setTransactionId(dst, 0, 0x2a);
        assertBytes(golden, dst, 0, golden.length);
    }

    @ParameterizedTest(name = "direct = {0}")
    @ValueSource(booleans = {false, true})
    void completionMatchesTheGoldenPacketWithZeroPadding(final boolean direct) {
        final byte[] golden = GoldenFiles.bytes("vmpacket_descriptor/completion-azblob-response.vec");
        final ByteBuf dst = dirty(64, direct);
        final int length = PacketWriter.writeCompletion(dst, 0, 1, wrap(slice(golden, 16, 28)), 0, 12);
        assertEquals(32, length);
        assertBytes(golden, dst, 0, length);
    }

    @Test
    void writesAtAnIndexWithoutMovingTheBufferIndices() {
        final byte[] golden = GoldenFiles.bytes("vmpacket_descriptor/completion-azblob-response.vec");
        final ByteBuf dst = dirty(100, false);
        dst.setIndex(3, 5);
        final int length = PacketWriter.writeCompletion(dst, 40, 1, wrap(slice(golden, 16, 28)), 0, 12);
        assertBytes(golden, dst, 40, length);
        assertEquals(3, dst.readerIndex());
        assertEquals(5, dst.writerIndex());
        assertArrayEquals(filled(40, STALE), ByteBufUtil.getBytes(dst, 0, 40));
        assertArrayEquals(filled(28, STALE), ByteBufUtil.getBytes(dst, 72, 28));
    }

    /** P7: a reused, dirty buffer never lets a stale byte into the packet, whatever the payload length. */
    @Test
    void reusedDirtyBufferNeverLeaksStaleBytes() {
        final Random random = new Random(0x5EED_57A1EL);
        final ByteBuf dst = dirty(4096, false);
        for (int payloadLength = 0; payloadLength <= 40; payloadLength++) {
            final byte[] payload = new byte[payloadLength];
            Arrays.fill(payload, (byte) 0x11);
            final int index = 8 * random.nextInt(8);
            dst.setBytes(0, filled(dst.capacity(), STALE));
            final int length;
            final int payloadOffset;
            switch (payloadLength % 3) {
                case 0:
                    length = PacketWriter.writeInBand(dst, index, 0, wrap(payload), 0, payloadLength);
                    payloadOffset = 16;
                    break;
                case 1:
                    length = PacketWriter.writeCompletion(dst, index, 9, wrap(payload), 0, payloadLength);
                    payloadOffset = 16;
                    break;
                default:
                    length = PacketWriter.writeGpaDirect(dst, index,
                            List.of(GpaRange.of(0x10, 0x2000, 1, 2, 3), GpaRange.of(0, 1, 4)),
                            wrap(payload), 0, payloadLength);
                    payloadOffset = 24 + 32 + 16;
                    assertEquals(0, dst.getIntLE(index + GpaDirectLayout.RESERVED_OFFSET), "reserved");
                    break;
            }
            assertEquals(0, length % 8);
            final byte[] packet = ByteBufUtil.getBytes(dst, index, length);
            for (int i = 0; i < length; i++) {
                if (packet[i] == STALE) {
                    throw new AssertionError("stale byte at packet offset " + i + " (payload " + payloadLength
                            + ")\n" + HexDump.dump(packet));
                }
            }
            for (int i = payloadOffset + payloadLength; i < length; i++) {
                assertEquals(0, packet[i], "padding at " + i);
            }
            assertEquals(STALE, dst.getByte(index + length), "byte after the packet untouched");
        }
    }

    @Test
    void copiesThePayloadFromAnIndexInItsBuffer() {
        final ByteBuf dst = dirty(64, false);
        final ByteBuf payload = wrap(new byte[] {0, 0, 1, 2, 3, 0});
        final int length = PacketWriter.writeInBand(dst, 0, 0, payload, 2, 3);
        assertEquals(24, length);
        assertArrayEquals(new byte[] {1, 2, 3, 0, 0, 0, 0, 0}, ByteBufUtil.getBytes(dst, 16, 8));
    }

    @Test
    void emptyPayloadMayBeNull() {
        final ByteBuf dst = dirty(16, false);
        assertEquals(16, PacketWriter.writeInBand(dst, 0, 0, null, 0, 0));
        assertEquals(2, dst.getShortLE(PacketDescriptorLayout.LENGTH8_OFFSET));
        assertEquals(16, PacketWriter.writeCompletion(dst, 0, 5, null, 0, 0));
    }

    @Test
    void callerBugsAreRefusedBeforeAnythingIsWritten() {
        final ByteBuf dst = dirty(64, false);
        final ByteBuf payload = wrap(new byte[8]);
        assertThrows(IllegalArgumentException.class, () -> PacketWriter.writeInBand(dst, 0, 2, payload, 0, 8));
        assertThrows(IllegalArgumentException.class, () -> PacketWriter.writeInBand(dst, 48, 0, payload, 0, 8));
        assertThrows(IllegalArgumentException.class, () -> PacketWriter.writeInBand(dst, -8, 0, payload, 0, 8));
        assertThrows(IllegalArgumentException.class, () -> PacketWriter.writeInBand(dst, 0, 0, payload, 1, 8));
        assertThrows(IllegalArgumentException.class, () -> PacketWriter.writeInBand(dst, 0, 0, payload, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> PacketWriter.writeInBand(dst, 0, 0, null, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> PacketWriter.writeInBand(dst, 0, 0, payload, 0, -1));
        assertThrows(IllegalArgumentException.class, () -> PacketWriter.writeCompletion(dst, 48, 1, payload, 0, 8));
        assertThrows(IllegalArgumentException.class,
                () -> PacketWriter.writeGpaDirect(dst, 0, List.of(), payload, 0, 8));
        assertThrows(IllegalArgumentException.class,
                () -> PacketWriter.writeGpaDirect(dst, 0, GpaRange.of(0, 4 * 4096, 1, 2, 3, 4), payload, 0, 8));
        assertArrayEquals(filled(64, STALE), ByteBufUtil.getBytes(dst, 0, 64));
    }
}
