package org.vmbussim.azblob.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.vmbussim.azblob.vsp.store.ManualClock;

class HttpDateClockTest {
    @Test
    void formatsOncePerSecondAndFollowsTheClock() {
        final ManualClock clock = new ManualClock(Instant.parse("2026-11-24T20:00:00.100Z"));
        final HttpDateClock dates = new HttpDateClock(clock);
        final String first = dates.now();
        assertEquals("Tue, 24 Nov 2026 20:00:00 GMT", first);
        clock.set(Instant.parse("2026-11-24T20:00:00.900Z"));
        assertSame(first, dates.now(), "the same second reuses its text");
        clock.set(Instant.parse("2026-11-24T20:00:01Z"));
        assertEquals("Tue, 24 Nov 2026 20:00:01 GMT", dates.now());
        clock.set(Instant.parse("2026-11-23T23:59:59Z"));
        assertEquals("Mon, 23 Nov 2026 23:59:59 GMT", dates.now(), "a clock going back is followed too");
    }
}
