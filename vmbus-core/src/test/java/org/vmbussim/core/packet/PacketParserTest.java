package org.vmbussim.core.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.vmbussim.core.packet.PacketFormatException.Reason;

class PacketParserTest {
    private static final String GPA_3_PAGES = "vmbus_packet_mpb_array/azblob-request-3-pages.vec";
    private static final String GPA_TWO_RANGES = "vmdata_gpa_direct/two-ranges.vec";
    private static final String IN_BAND = "vmpacket_descriptor/inband-azblob-request.vec";
    private static final String COMPLETION = "vmpacket_descriptor/completion-azblob-response.vec";

    private static Packet parse(final byte[] bytes) {
        return parse(bytes, bytes.length);
    }

    private static Packet parse(final byte[] bytes, final int length) {
        final ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            return PacketParser.parse(buf, 0, length);
        } finally {
            buf.release();
        }
    }

    private static byte[] mutate(final String golden, final Consumer<ByteBuf> change) {
        final byte[] bytes = GoldenFiles.bytes(golden);
        final ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            change.accept(buf);
        } finally {
            buf.release();
        }
        return bytes;
    }

    @Test
    void gpaDirectAzureBlobRequestParses() {
        final Packet p = parse(GoldenFiles.bytes(GPA_3_PAGES));
        assertEquals(PacketType.DATA_USING_GPA_DIRECT, p.type());
        assertTrue(p.isCompletionRequested());
        assertTrue(p.hasTransactionId());
        assertEquals(1, p.transactionId());
        assertEquals(112, p.packetLength());
        assertEquals(56, p.payloadOffset());
        assertEquals(56, p.payloadLength());
        assertEquals(List.of(GpaRange.of(0, 3 * 4096, 0x10a00, 0x10a01, 0x10b7f)), p.ranges());
    }

    @Test
    void severalRangesParse() {
        final Packet p = parse(GoldenFiles.bytes(GPA_TWO_RANGES));
        assertEquals(7, p.transactionId());
        assertEquals(64, p.payloadOffset());
        assertEquals(56, p.payloadLength());
        assertEquals(List.of(GpaRange.of(0x800, 0x1000, 0x20001, 0x20002), GpaRange.of(0x10, 0x100, 0x30000)),
                p.ranges());
    }

    @Test
    void inBandAndCompletionParse() {
        final Packet inBand = parse(GoldenFiles.bytes(IN_BAND));
        assertEquals(PacketType.DATA_INBAND, inBand.type());
        assertEquals(3, inBand.transactionId());
        assertEquals(16, inBand.payloadOffset());
        assertEquals(56, inBand.payloadLength());
        assertTrue(inBand.ranges().isEmpty());

        final Packet completion = parse(GoldenFiles.bytes(COMPLETION));
        assertEquals(PacketType.COMPLETION, completion.type());
        assertFalse(completion.isCompletionRequested());
        assertTrue(completion.hasTransactionId(), "a completion's id is meaningful without the flag");
        assertEquals(1, completion.transactionId());
        assertEquals(16, completion.payloadOffset());
        assertEquals(16, completion.payloadLength(), "12 bytes of response, padded to 16");
    }

    @Test
    void inBandWithoutCompletionRequestedHasNoMeaningfulId() {
        final Packet p = parse(mutate(IN_BAND, b -> b.setShortLE(PacketDescriptorLayout.FLAGS_OFFSET, 0)));
        assertFalse(p.hasTransactionId());
    }

    @Test
    void parsesAtAnIndexInsideALargerBuffer() {
        final byte[] golden = GoldenFiles.bytes(GPA_TWO_RANGES);
        final ByteBuf buf = Unpooled.buffer(golden.length + 64);
        try {
            buf.setBytes(24, golden);
            final Packet p = PacketParser.parse(buf, 24, golden.length + 16);
            assertEquals(2, p.ranges().size());
            assertEquals(golden.length, p.packetLength(), "the packet is len8 * 8, not the length given");
        } finally {
            buf.release();
        }
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                // Descriptor lengths (OpenVMM InvalidDescriptorLengths), checked first.
                Arguments.of("fewer bytes than a descriptor", IN_BAND, 15, (Consumer<ByteBuf>) b -> { },
                        Reason.INVALID_DESCRIPTOR_LENGTHS),
                Arguments.of("offset8 = 0", IN_BAND, -1, set16(2, 0), Reason.INVALID_DESCRIPTOR_LENGTHS),
                Arguments.of("offset8 = 1", IN_BAND, -1, set16(2, 1), Reason.INVALID_DESCRIPTOR_LENGTHS),
                Arguments.of("len8 < offset8", IN_BAND, -1, set16(4, 1), Reason.INVALID_DESCRIPTOR_LENGTHS),
                Arguments.of("len8 = 0", IN_BAND, -1, set16(4, 0), Reason.INVALID_DESCRIPTOR_LENGTHS),
                Arguments.of("len8 * 8 beyond the bytes given", IN_BAND, -1, set16(4, 10),
                        Reason.INVALID_DESCRIPTOR_LENGTHS),
                Arguments.of("len8 = 0xffff", IN_BAND, -1, set16(4, 0xffff), Reason.INVALID_DESCRIPTOR_LENGTHS),
                Arguments.of("offset8 beyond len8 on GPA-direct", GPA_3_PAGES, -1, set16(2, 15),
                        Reason.INVALID_DESCRIPTOR_LENGTHS),
                Arguments.of("lengths before flags and type", IN_BAND, -1,
                        set16(2, 1).andThen(set16(6, 2)).andThen(set16(0, 0x99)), Reason.INVALID_DESCRIPTOR_LENGTHS),
                // Flags, before type.
                Arguments.of("flag bit 1", IN_BAND, -1, set16(6, 2), Reason.INVALID_DESCRIPTOR_FLAGS),
                Arguments.of("flag bit 15", COMPLETION, -1, set16(6, 0x8001), Reason.INVALID_DESCRIPTOR_FLAGS),
                Arguments.of("flags before type", IN_BAND, -1, set16(6, 4).andThen(set16(0, 0x99)),
                        Reason.INVALID_DESCRIPTOR_FLAGS),
                // Type.
                Arguments.of("type 0 (VM_PKT_INVALID)", IN_BAND, -1, set16(0, 0), Reason.INVALID_DESCRIPTOR_TYPE),
                Arguments.of("type 7 (transfer pages, not carried)", IN_BAND, -1, set16(0, 7),
                        Reason.INVALID_DESCRIPTOR_TYPE),
                Arguments.of("type 8 (GPADL, not carried)", IN_BAND, -1, set16(0, 8),
                        Reason.INVALID_DESCRIPTOR_TYPE),
                Arguments.of("type 0xe (undefined)", IN_BAND, -1, set16(0, 0xe), Reason.INVALID_DESCRIPTOR_TYPE),
                Arguments.of("type 0xffff", COMPLETION, -1, set16(0, 0xffff), Reason.INVALID_DESCRIPTOR_TYPE),
                // GPA-direct header.
                Arguments.of("dataoffset8 = 2: no room for rangecount", GPA_3_PAGES, -1, set16(2, 2),
                        Reason.INVALID_DATA_OFFSET),
                Arguments.of("in-band turned GPA-direct with offset8 = 2", IN_BAND, -1, set16(0, 9),
                        Reason.INVALID_DATA_OFFSET),
                Arguments.of("rangecount = 0", GPA_3_PAGES, -1, set32(20, 0), Reason.INVALID_RANGE_COUNT),
                // Ranges, in gparange::parse order.
                Arguments.of("dataoffset8 = 3: range header outside", GPA_3_PAGES, -1, set16(2, 3),
                        Reason.RANGE_OUTSIDE_DESCRIPTOR),
                Arguments.of("byte_count = 0", GPA_3_PAGES, -1, set32(24, 0), Reason.INVALID_RANGE_LENGTH),
                Arguments.of("byte_count = 0 before a bad offset", GPA_3_PAGES, -1, set32(24, 0).andThen(
                        set32(28, 0x1000)), Reason.INVALID_RANGE_LENGTH),
                Arguments.of("byte_offset = 0x1000", GPA_3_PAGES, -1, set32(28, 0x1000),
                        Reason.INVALID_RANGE_OFFSET),
                Arguments.of("byte_offset = 0xffffffff", GPA_3_PAGES, -1, set32(28, -1),
                        Reason.INVALID_RANGE_OFFSET),
                Arguments.of("byte_count = 0xffffffff", GPA_3_PAGES, -1, set32(24, -1),
                        Reason.RANGE_LENGTH_OVERFLOW),
                Arguments.of("byte_count + byte_offset + 4095 wraps u32", GPA_3_PAGES, -1,
                        set32(24, 0xFFFF_F000).andThen(set32(28, 1)), Reason.RANGE_LENGTH_OVERFLOW),
                Arguments.of("one byte more needs a 4th PFN", GPA_3_PAGES, -1, set32(24, 3 * 4096 + 1),
                        Reason.RANGE_OUTSIDE_DESCRIPTOR),
                Arguments.of("offset pushes the range onto a 4th page", GPA_3_PAGES, -1, set32(28, 1),
                        Reason.RANGE_OUTSIDE_DESCRIPTOR),
                Arguments.of("huge byte_count", GPA_3_PAGES, -1, set32(24, 0x7FFF_0000),
                        Reason.RANGE_OUTSIDE_DESCRIPTOR),
                Arguments.of("rangecount = 2 with one range", GPA_3_PAGES, -1, set32(20, 2),
                        Reason.RANGE_OUTSIDE_DESCRIPTOR),
                Arguments.of("rangecount = 0xffffffff", GPA_3_PAGES, -1, set32(20, -1),
                        Reason.RANGE_OUTSIDE_DESCRIPTOR),
                Arguments.of("second range's PFNs outside", GPA_TWO_RANGES, -1, set32(48, 0x1001),
                        Reason.RANGE_OUTSIDE_DESCRIPTOR),
                Arguments.of("second range byte_count = 0", GPA_TWO_RANGES, -1, set32(48, 0),
                        Reason.INVALID_RANGE_LENGTH),
                // Range 0 now takes 3 PFNs, so range 1's header is read from its own PFN: 0x30000 bytes.
                Arguments.of("first range grows over the second", GPA_TWO_RANGES, -1, set32(24, 0x2000),
                        Reason.RANGE_OUTSIDE_DESCRIPTOR),
                Arguments.of("descriptor area shrunk below the second range", GPA_TWO_RANGES, -1, set16(2, 7),
                        Reason.RANGE_OUTSIDE_DESCRIPTOR));
    }

    private static Consumer<ByteBuf> set16(final int offset, final int value) {
        return b -> b.setShortLE(offset, value);
    }

    private static Consumer<ByteBuf> set32(final int offset, final int value) {
        return b -> b.setIntLE(offset, value);
    }

    @ParameterizedTest(name = "{0} -> {4}")
    @MethodSource("malformed")
    void malformedPacketsAreRefusedWithTheirReason(final String what, final String golden, final int length,
            final Consumer<ByteBuf> change, final Reason expected) {
        final byte[] bytes = mutate(golden, change);
        final PacketFormatException e = assertThrows(PacketFormatException.class,
                () -> parse(bytes, length < 0 ? bytes.length : length));
        assertEquals(expected, e.reason(), e.getMessage());
        assertTrue(e.getMessage().startsWith(expected.name()), e.getMessage());
        assertEquals(0, e.getStackTrace().length, "no stack trace for peer errors");
    }

    @Test
    void reservedGarbageIsIgnored() {
        final Packet p = parse(mutate(GPA_3_PAGES, set32(16, 0xDEADBEEF)));
        assertEquals(1, p.ranges().size());
    }

    @Test
    void bytesBetweenTheLastRangeAndThePayloadAreIgnored() {
        // Shrink the one range to 2 pages: its third PFN becomes unused descriptor bytes.
        final Packet p = parse(mutate(GPA_3_PAGES, set32(24, 2 * 4096)));
        assertEquals(List.of(GpaRange.of(0, 2 * 4096, 0x10a00, 0x10a01)), p.ranges());
        assertEquals(56, p.payloadOffset());
    }

    @Test
    void payloadStartsAtOffset8EvenBeyondTheDescriptor() {
        final Packet p = parse(mutate(IN_BAND, set16(2, 3)));
        assertEquals(24, p.payloadOffset());
        assertEquals(48, p.payloadLength());
    }

    @Test
    void emptyPacketsParse() {
        final byte[] bytes = mutate(COMPLETION, set16(4, 2));
        final Packet p = parse(bytes, 16);
        assertEquals(16, p.packetLength());
        assertEquals(0, p.payloadLength());
    }

    @Test
    void largestPacketParses() {
        final byte[] bytes = new byte[PacketSize.MAX_PACKET_LENGTH];
        final ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        final ByteBuf payload = Unpooled.buffer(PacketSize.MAX_PACKET_LENGTH - 16);
        try {
            assertEquals(PacketSize.MAX_PACKET_LENGTH,
                    PacketWriter.writeInBand(buf, 0, 0, payload, 0, PacketSize.MAX_PACKET_LENGTH - 16));
            assertEquals(PacketSize.MAX_PACKET_LENGTH, PacketParser.parse(buf, 0, bytes.length).packetLength());
        } finally {
            buf.release();
            payload.release();
        }
    }

    @Test
    void aBufferRangeOutsideTheBufferIsACallerBug() {
        final ByteBuf buf = Unpooled.buffer(32, 32);
        try {
            assertThrows(IllegalArgumentException.class, () -> PacketParser.parse(buf, 0, 33));
            assertThrows(IllegalArgumentException.class, () -> PacketParser.parse(buf, -1, 16));
            assertThrows(IllegalArgumentException.class, () -> PacketParser.parse(buf, 8, -1));
            assertThrows(IllegalArgumentException.class, () -> PacketParser.parse(buf, 24, 16));
        } finally {
            buf.release();
        }
    }

    /** Random valid packets round-trip through the writer and the parser. */
    @ParameterizedTest(name = "seed = {0}")
    @ValueSource(longs = {1L, 0xC0FFEEL, 20_260_101L})
    void randomValidPacketsRoundTrip(final long seed) {
        final Random random = new Random(seed);
        final ByteBuf dst = Unpooled.buffer(PacketSize.MAX_PACKET_LENGTH);
        final ByteBuf payload = Unpooled.buffer(1024);
        try {
            for (int iteration = 0; iteration < 500; iteration++) {
                final String context = "seed=" + seed + " iteration=" + iteration;
                final byte[] payloadBytes = new byte[random.nextInt(1024)];
                random.nextBytes(payloadBytes);
                payload.setBytes(0, payloadBytes);
                final int kind = random.nextInt(3);
                final List<GpaRange> ranges = kind == 2 ? randomRanges(random) : List.of();
                final long transId = random.nextLong();
                final int length = kind == 0
                        ? PacketWriter.writeInBand(dst, 0, random.nextInt(2), payload, 0, payloadBytes.length)
                        : kind == 1 ? PacketWriter.writeCompletion(dst, 0, transId, payload, 0, payloadBytes.length)
                        : PacketWriter.writeGpaDirect(dst, 0, ranges, payload, 0, payloadBytes.length);
                final Packet p = PacketParser.parse(dst, 0, length);
                assertEquals(length, p.packetLength(), context);
                assertEquals(ranges, p.ranges(), context);
                assertEquals(PacketSize.align8(payloadBytes.length), p.payloadLength(), context);
                assertArrayEquals(payloadBytes, ByteBufUtil.getBytes(dst, p.payloadOffset(), payloadBytes.length),
                        context);
                if (kind == 1) {
                    assertEquals(transId, p.transactionId(), context);
                }
            }
        } finally {
            dst.release();
            payload.release();
        }
    }

    private static List<GpaRange> randomRanges(final Random random) {
        final List<GpaRange> ranges = new ArrayList<>();
        final int count = 1 + random.nextInt(4);
        for (int r = 0; r < count; r++) {
            final int offset = random.nextInt(4096);
            final long byteCount = 1 + random.nextInt(random.nextBoolean() ? 64 : 10 * 4096);
            final long[] pfns = new long[(int) GpaRange.pfnCount(offset, byteCount)];
            for (int i = 0; i < pfns.length; i++) {
                pfns[i] = random.nextLong() >>> random.nextInt(64);
            }
            ranges.add(GpaRange.of(offset, byteCount, pfns));
        }
        return ranges;
    }

    /**
     * Seeded mutation of valid packets (openvmm fuzz_storvsp style): whatever the bytes, the parser
     * returns a self-consistent packet or throws PacketFormatException, and nothing else.
     */
    @ParameterizedTest(name = "seed = {0}")
    @ValueSource(longs = {7L, 0xBADC0DEL, 424_242L})
    void mutatedPacketsNeverThrowAnythingButPacketFormatException(final long seed) {
        final Random random = new Random(seed);
        final List<byte[]> bases = List.of(GoldenFiles.bytes(GPA_3_PAGES), GoldenFiles.bytes(GPA_TWO_RANGES),
                GoldenFiles.bytes(IN_BAND), GoldenFiles.bytes(COMPLETION));
        final int[] interesting = {0, 1, 2, 3, 7, 8, 9, 0xb, 0xfff, 0x1000, 0x7fff, 0x8000, 0xffff, -1,
            0x7fffffff, 0x80000000, 0xfffff000};
        int refused = 0;
        for (int iteration = 0; iteration < 20_000; iteration++) {
            final byte[] base = bases.get(random.nextInt(bases.size()));
            final byte[] bytes = base.clone();
            final int mutations = 1 + random.nextInt(4);
            final ByteBuf buf = Unpooled.wrappedBuffer(bytes);
            try {
                for (int m = 0; m < mutations; m++) {
                    final int at = random.nextInt(bytes.length);
                    switch (random.nextInt(4)) {
                        case 0:
                            bytes[at] = (byte) random.nextInt(256);
                            break;
                        case 1:
                            buf.setShortLE(at & ~1 & 31, interesting[random.nextInt(interesting.length)]);
                            break;
                        case 2:
                            buf.setIntLE(Math.min(at & ~3, bytes.length - 4),
                                    interesting[random.nextInt(interesting.length)]);
                            break;
                        default:
                            bytes[at] ^= (byte) (1 << random.nextInt(8));
                            break;
                    }
                }
                final int length = random.nextInt(8) == 0 ? random.nextInt(bytes.length + 1) : bytes.length;
                final Packet p;
                try {
                    p = PacketParser.parse(buf, 0, length);
                } catch (final PacketFormatException expected) {
                    refused++;
                    continue;
                } catch (final RuntimeException e) {
                    throw new AssertionError("seed=" + seed + " iteration=" + iteration + ": " + e + "\n"
                            + org.vmbussim.wire.HexDump.dump(bytes), e);
                }
                assertConsistent(p, length, "seed=" + seed + " iteration=" + iteration);
            } finally {
                buf.release();
            }
        }
        assertTrue(refused > 1_000 && refused < 20_000, "mutations should both pass and fail: refused=" + refused);
    }

    private static void assertConsistent(final Packet p, final int length, final String context) {
        assertTrue(p.type().isSupported(), context);
        assertTrue(PacketFlags.isValid(p.flags()), context);
        assertTrue(p.payloadOffset() >= 16 && p.payloadOffset() <= p.packetLength() && p.packetLength() <= length,
                context + " " + p);
        assertEquals(0, p.packetLength() % 8, context);
        if (p.type() == PacketType.DATA_USING_GPA_DIRECT) {
            assertFalse(p.ranges().isEmpty(), context);
            long end = GpaDirectLayout.HEADER_LENGTH;
            for (final GpaRange r : p.ranges()) {
                assertTrue(r.byteCount() > 0 && r.byteOffset() <= 0xfff, context + " " + r);
                assertEquals(GpaRange.pfnCount(r.byteOffset(), r.byteCount()), r.pfnCount(), context);
                end += r.wireLength();
            }
            assertTrue(end <= p.payloadOffset(), context + " ranges end at " + end + " " + p);
        } else {
            assertTrue(p.ranges().isEmpty(), context);
        }
    }
}
