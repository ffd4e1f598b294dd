package org.vmbussim.azblob.client;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;

/**
 * The {@code x-ms-date} of a request: a clock's time as an IMF-fixdate ({@code Sun, 06 Nov 1994 08:49:37 GMT}),
 * formatted once per second of the clock rather than once per request (formatting was a visible share of a
 * small request's CPU and allocation). Thread-safe: the last text is one immutable value behind a volatile
 * reference, so a racing reader sees either the old second's or the new second's text, each correct.
 */
final class HttpDateClock {
    /** The format of HTTP dates. */
    static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final Clock clock;
    private volatile Formatted last = new Formatted(Long.MIN_VALUE, "");

    /**
     * Dates from a clock.
     *
     * @param clock the clock (the system's UTC clock in real use, a fixed one in tests)
     */
    HttpDateClock(final Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Now, as an HTTP date. */
    String now() {
        // millis(), not instant(): the system clock answers it without an Instant per request.
        final long second = Math.floorDiv(clock.millis(), 1000L);
        final Formatted seen = last;
        if (seen.epochSecond == second) {
            return seen.text;
        }
        final Formatted fresh = new Formatted(second, HTTP_DATE.format(Instant.ofEpochSecond(second)));
        last = fresh;
        return fresh.text;
    }

    /** One second's text. */
    private record Formatted(long epochSecond, String text) {
    }
}
