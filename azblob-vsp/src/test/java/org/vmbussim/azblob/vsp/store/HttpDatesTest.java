package org.vmbussim.azblob.vsp.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HttpDatesTest {
    private static final DateTimeFormatter REFERENCE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    @Test
    void theHandWrittenFormatAgreesWithDateTimeFormatterOnEdgesAndRandomInstants() {
        final String[] edges = {"1970-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "2000-02-29T12:00:00Z",
            "2026-11-24T22:50:05.999Z", "1900-03-01T00:00:00Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
            "+10000-01-01T00:00:00Z", "-0001-12-31T23:59:59Z", "2100-02-28T23:59:59Z", "2400-02-29T00:00:00Z"};
        for (final String edge : edges) {
            final Instant instant = Instant.parse(edge);
            assertEquals(REFERENCE.format(instant), HttpDates.format(instant), edge);
        }
        final long seed = System.nanoTime();
        final Random random = new Random(seed);
        for (int i = 0; i < 20_000; i++) {
            final Instant instant = Instant.ofEpochSecond(random.nextLong() % 400_000_000_000L,
                    random.nextInt(1_000_000_000));
            assertEquals(REFERENCE.format(instant), HttpDates.format(instant), "seed " + seed + ": " + instant);
        }
    }

    @Test
    void formattedDatesParseBack() {
        final Instant instant = Instant.parse("2026-11-24T22:50:05Z");
        assertEquals(instant, HttpDates.parseOrNull(HttpDates.format(instant)));
    }
}
