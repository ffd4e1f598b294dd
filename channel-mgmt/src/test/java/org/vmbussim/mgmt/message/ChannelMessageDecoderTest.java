package org.vmbussim.mgmt.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.vmbussim.mgmt.support.RateLimitedLog;
import org.vmbussim.wire.LittleEndian;

/** Malformed messages are dropped and counted, never thrown (Linux vmbus_on_msg_dpc checks). */
class ChannelMessageDecoderTest {
    private final long[] clock = {0};
    private final RateLimitedLog log = new RateLimitedLog(LoggerFactory.getLogger(getClass()), () -> clock[0]);
    private final ChannelMessageDecoder guest = new ChannelMessageDecoder(MessageDirection.HOST_TO_GUEST,
            new MessageDrops("guest", log));

    private static byte[] ofType(final int type, final int length) {
        final byte[] b = new byte[length];
        LittleEndian.putInt(b, 0, type);
        return b;
    }

    private DropReason dropOf(final byte[] m) {
        final Map<DropReason, Long> before = guest.drops().snapshot();
        assertTrue(guest.decode(m).isEmpty(), "accepted");
        for (final DropReason r : DropReason.values()) {
            if (guest.drops().count(r) != before.getOrDefault(r, 0L)) {
                return r;
            }
        }
        throw new AssertionError("dropped but not counted");
    }

    @Test
    void eachCheckInLinuxOrder() {
        assertEquals(DropReason.TOO_SHORT, dropOf(new byte[7]));
        assertEquals(DropReason.UNKNOWN_TYPE, dropOf(ofType(25, 8)));
        assertEquals(DropReason.UNKNOWN_TYPE, dropOf(ofType(-1, 300)));
        assertEquals(DropReason.OVERSIZE, dropOf(ofType(1, 241)));
        assertEquals(DropReason.NO_HANDLER, dropOf(ofType(0, 8)));
        assertEquals(DropReason.NO_HANDLER, dropOf(ofType(5, 148)));
        assertEquals(DropReason.NO_HANDLER, dropOf(ofType(19, 8)));
        assertEquals(DropReason.NO_HANDLER, dropOf(ofType(23, 40)));
        assertEquals(DropReason.TOO_SHORT, dropOf(ofType(1, 195)));
        assertEquals(DropReason.TOO_SHORT, dropOf(ofType(6, 19)));
        assertEquals(10, guest.drops().total());
    }

    @Test
    void aGpadlBodyWithAPartialPfnIsMalformed() {
        final ChannelMessageDecoder host = new ChannelMessageDecoder(MessageDirection.GUEST_TO_HOST,
                new MessageDrops("host", log));
        assertTrue(host.decode(ofType(9, 16 + 12)).isEmpty());
        assertEquals(1, host.drops().count(DropReason.MALFORMED));
        assertTrue(host.decode(ofType(9, 16 + 16)).isPresent());
    }

    @Test
    void longerMessagesThanTheMinimumAreAccepted() {
        // QEMU rounds payload_size up to a multiple of 8: a 196-byte offer arrives as 200.
        assertTrue(guest.decode(ofType(1, 200)).isPresent());
        assertTrue(guest.decode(ofType(4, 240)).isPresent());
    }

    @Test
    void randomBytesNeverEscapeAsAnException() {
        final long seed = new Random().nextLong();
        final Random r = new Random(seed);
        final ChannelMessageDecoder host = new ChannelMessageDecoder(MessageDirection.GUEST_TO_HOST,
                new MessageDrops("host", log));
        try {
            for (int i = 0; i < 20_000; i++) {
                final byte[] b = new byte[r.nextInt(260)];
                r.nextBytes(b);
                if (b.length >= 4 && r.nextBoolean()) {
                    LittleEndian.putInt(b, 0, r.nextInt(ChannelMessageType.COUNT));
                }
                guest.decode(b);
                host.decode(b);
            }
        } catch (final RuntimeException e) {
            throw new AssertionError("seed " + seed, e);
        }
    }

    @Test
    void warningsAreRateLimited() {
        for (int i = 0; i < 100; i++) {
            guest.decode(new byte[3]);
        }
        assertEquals(100, guest.drops().count(DropReason.TOO_SHORT));
        assertEquals(90, log.suppressed());
        clock[0] += RateLimitedLog.DEFAULT_INTERVAL_NANOS;
        guest.decode(new byte[3]);
        assertEquals(0, log.suppressed());
    }
}
