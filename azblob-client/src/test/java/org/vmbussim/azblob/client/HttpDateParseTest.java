package org.vmbussim.azblob.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link BlobXml#httpDate} read by hand for the service's own form gives exactly the JDK formatter's answer. */
class HttpDateParseTest {
    private static final DateTimeFormatter SERVICE_FORM = DateTimeFormatter.ofPattern(
            "EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private static OffsetDateTime reference(final String text) {
        try {
            return OffsetDateTime.parse(text.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
        } catch (final DateTimeParseException e) {
            return null;
        }
    }

    @Test
    void theServiceFormIsReadByHandAsTheFormatterReadsIt() {
        final long seed = System.nanoTime();
        final Random random = new Random(seed);
        for (int i = 0; i < 20_000; i++) {
            final Instant t = Instant.ofEpochSecond(random.nextLong(-2_000_000_000L, 250_000_000_000L));
            final String text = SERVICE_FORM.format(t);
            final OffsetDateTime fast = BlobXml.canonicalHttpDate(text);
            assertNotNull(fast, () -> text + " (seed " + seed + ")");
            assertEquals(reference(text), fast, () -> text + " (seed " + seed + ")");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Tue, 24 Nov 2026 20:00:00 GMT", " Tue, 24 Nov 2026 20:00:00 GMT ", "Wed, 24 Nov 2026 20:00:00 GMT",
        "Tue, 4 Nov 2026 20:00:00 GMT", "Tue, 24 nov 2026 20:00:00 GMT", "tue, 24 Nov 2026 20:00:00 GMT",
        "Tue, 24 Nov 2026 20:00:00 +0000", "Mon, 30 Feb 2026 20:00:00 GMT", "Sat, 28 Feb 2026 24:00:00 GMT",
        "Tue, 24 Nov 2026 20:00:60 GMT", "Tue, 24 Xyz 2026 20:00:00 GMT", "Tue, 00 Nov 2026 20:00:00 GMT",
        "Tue, 2a Nov 2026 20:00:00 GMT", "Tue; 24 Nov 2026 20:00:00 GMT", "Tue, 24 Nov 2026 20:00:00 UTC",
        "not a date", "",
    })
    void anyOtherTextGetsTheFormattersAnswer(final String text) {
        assertEquals(text.isBlank() ? null : reference(text), BlobXml.httpDate(text), text);
    }

    @Test
    void absentIsNull() {
        assertNull(BlobXml.httpDate(null));
    }
}
