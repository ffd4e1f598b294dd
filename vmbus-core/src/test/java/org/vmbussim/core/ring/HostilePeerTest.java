package org.vmbussim.core.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A peer that writes garbage: random header words and random data bytes, some of them plausible.
 * Whatever it writes, the rings answer only with their typed outcomes (a packet, empty, full, or
 * {@link RingCorruptedException}), every packet they return is self-consistent, and nothing outside
 * the ring is touched (the direct ring sits between guard pages).
 */
class HostilePeerTest {

    private static int plausibleOrRandomIndex(final Random random, final int dataLength) {
        switch (random.nextInt(4)) {
            case 0:
                return random.nextInt(dataLength / 8) * 8;
            case 1:
                return random.nextInt(dataLength);
            case 2:
                return dataLength + random.nextInt(3) * 8;
            default:
                return random.nextInt();
        }
    }

    /**
     * Random indices, or a plausible read index with 0..24 bytes after it, or a chain of plausible
     * descriptors (near-miss lengths and offsets) between the indices.
     */
    private static void placeIndicesAndDescriptors(final TestRing ring, final Random random) {
        final int dataLength = ring.dataLength();
        final int mode = random.nextInt(3);
        if (mode == 0) {
            ring.setIndices(plausibleOrRandomIndex(random, dataLength), plausibleOrRandomIndex(random, dataLength));
            return;
        }
        final int read = random.nextInt(dataLength / 8) * 8;
        final int available = mode == 1 ? random.nextInt(4) * 8 : 8 * (1 + random.nextInt(dataLength / 8 - 1));
        ring.setIndices((read + available) % dataLength, read);
        int at = 0;
        while (at + 16 <= available) {
            final int length8 = random.nextInt(10) == 0 ? random.nextInt(0x10000)
                    : Math.max(0, (available - at) / 8 - 1 - random.nextInt(Math.max(1, (available - at) / 8)));
            ring.setDataShort(read + at + 2, random.nextInt(10) == 0 ? random.nextInt(0x10000) : random.nextInt(8));
            ring.setDataShort(read + at + 4, length8);
            at += Math.max(length8, 2) * 8 + 8;
        }
    }

    @ParameterizedTest(name = "seed={0}")
    @ValueSource(longs = {11, 12, 13})
    void garbageGetsOnlyTypedOutcomesAndStaysInsideTheRing(final long seed) {
        final Random random = new Random(seed);
        final Set<RingCorruptedException.Reason> seen = EnumSet.noneOf(RingCorruptedException.Reason.class);
        int packets = 0;
        for (int round = 0; round < 400; round++) {
            final String at = "seed " + seed + " round " + round;
            final TestRing ring = TestRing.direct(RingControlLayout.HEADER_LENGTH + 4096 * (1 + random.nextInt(2)));
            final int dataLength = ring.dataLength();
            for (int i = 0; i < dataLength; i++) {
                ring.setData(i, (byte) random.nextInt());
            }
            placeIndicesAndDescriptors(ring, random);
            ring.setHeader(RingControlLayout.INTERRUPT_MASK_OFFSET, random.nextInt(3));
            ring.setHeader(RingControlLayout.PENDING_SEND_SZ_OFFSET, random.nextBoolean() ? 0 : random.nextInt());
            ring.setHeader(RingControlLayout.FEATURE_BITS_OFFSET, random.nextInt());
            try {
                final IncomingRing in = new IncomingRing(ring.memory());
                final byte[] buffer = new byte[8 * (2 + random.nextInt(600))];
                in.begin();
                try {
                    for (int i = 0; i < 50; i++) {
                        final ReadResult r = in.next(buffer);
                        if (!(r instanceof ReadResult.Packet)) {
                            break;
                        }
                        final ReadResult.Packet p = (ReadResult.Packet) r;
                        packets++;
                        assertTrue(p.length() >= 16 && p.length() <= buffer.length && p.length() % 8 == 0, at);
                        assertTrue(p.dataOffset() >= 16 && p.dataOffset() <= p.length(), at);
                        assertEquals(p.length() / 8, buffer[4] & 0xFF | (buffer[5] & 0xFF) << 8, at);
                        assertEquals(p.dataOffset() / 8, buffer[2] & 0xFF | (buffer[3] & 0xFF) << 8, at);
                        assertTrue(in.readIndex() % 8 == 0 && in.readIndex() < dataLength, at);
                    }
                } finally {
                    in.close();
                }
                in.unmaskAndCheck();
            } catch (final RingCorruptedException e) {
                seen.add(e.reason());
            }
            try {
                final OutgoingRing out = new OutgoingRing(ring.memory());
                final byte[] packet = Packets.inBand(new byte[random.nextInt(dataLength - 40)], 0, 0);
                out.write(packet, 0, packet.length, 1, null);
                out.requestSpace(1 + random.nextInt(dataLength - 1));
            } catch (final RingCorruptedException e) {
                seen.add(e.reason());
            } catch (final RuntimeException e) {
                fail(at + ": " + e, e);
            }
            assertTrue(ring.guardsIntact(), at);
        }
        assertEquals(EnumSet.allOf(RingCorruptedException.Reason.class), seen, "every reason was exercised");
        assertTrue(packets > 0, "some garbage parsed as packets");
    }
}
