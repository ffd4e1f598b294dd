package org.vmbussim.azblob.vsp.store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** RFC 1123 dates as HTTP and the Blob service write them, and the ISO form of error bodies. */
final class HttpDates {
    private static final DateTimeFormatter RFC1123 =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.US).withZone(ZoneOffset.UTC);

    private HttpDates() {
    }

    static String format(final Instant instant) {
        return RFC1123.format(instant);
    }

    static String formatIso(final Instant instant) {
        return ISO_MILLIS.format(instant);
    }

    /** Parses an RFC 1123 date; null when absent or malformed (a malformed condition is ignored). */
    static Instant parseOrNull(final String text) {
        if (text == null) {
            return null;
        }
        try {
            return DateTimeFormatter.RFC_1123_DATE_TIME.parse(text.trim(), Instant::from);
        } catch (final DateTimeParseException e) {
            return null;
        }
    }
}
