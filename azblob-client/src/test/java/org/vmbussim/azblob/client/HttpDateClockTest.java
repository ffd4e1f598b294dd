package org.vmbussim.azblob.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HttpDateClockTest {
    /** A clock the test moves. */
    private static final class SettableClock extends Clock {
        final AtomicReference<Instant> now = new AtomicReference<>();

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(final ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    @Test
    void formatsOncePerSecondAndFollowsTheClock() {
        final SettableClock clock = new SettableClock();
        final HttpDateClock dates = new HttpDateClock(clock);
        clock.now.set(Instant.parse("2026-11-24T20:00:00.100Z"));
        final String first = dates.now();
        assertEquals("Tue, 24 Nov 2026 20:00:00 GMT", first);
        clock.now.set(Instant.parse("2026-11-24T20:00:00.900Z"));
        assertSame(first, dates.now(), "the same second reuses its text");
        clock.now.set(Instant.parse("2026-11-24T20:00:01Z"));
        assertEquals("Tue, 24 Nov 2026 20:00:01 GMT", dates.now());
        clock.now.set(Instant.parse("2026-11-23T23:59:59Z"));
        assertEquals("Mon, 23 Nov 2026 23:59:59 GMT", dates.now(), "a clock going back is followed too");
    }
}
