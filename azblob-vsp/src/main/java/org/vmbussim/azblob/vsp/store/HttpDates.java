package org.vmbussim.azblob.vsp.store;

import java.nio.charset.StandardCharsets;
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

    private static final String[] DAYS = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
        "Nov", "Dec"};
    /** 0001-01-01 and 9999-12-31 in epoch days: {@code yyyy} is the year of era, four digits in this range. */
    private static final long MIN_FAST_DAY = -719_162;
    private static final long MAX_FAST_DAY = 2_932_896;

    /**
     * RFC 1123 form, {@code Tue, 24 Nov 2026 22:50:05 GMT}. Written by hand into one 29-byte array: every
     * response carries two or three of these, and a {@link DateTimeFormatter} allocates about a kilobyte per
     * call. Same output as {@link #RFC1123} (which still formats years outside 1..9999).
     */
    static String format(final Instant instant) {
        final long seconds = instant.getEpochSecond();
        final long epochDay = Math.floorDiv(seconds, 86_400L);
        if (epochDay < MIN_FAST_DAY || epochDay > MAX_FAST_DAY) {
            return RFC1123.format(instant);
        }
        final int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        // Civil date from days since 1970-01-01 (H. Hinnant, "chrono-compatible low-level date algorithms").
        final long z = epochDay + 719_468;
        final long era = Math.floorDiv(z, 146_097);
        final long dayOfEra = z - era * 146_097;
        final long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        final long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        final long mp = (5 * dayOfYear + 2) / 153;
        final int day = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
        final int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        final int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
        final byte[] out = new byte[29];
        ascii(DAYS[(int) Math.floorMod(epochDay, 7L)], out, 0);
        out[3] = ',';
        out[4] = ' ';
        twoDigits(day, out, 5);
        out[7] = ' ';
        ascii(MONTHS[month - 1], out, 8);
        out[11] = ' ';
        twoDigits(year / 100, out, 12);
        twoDigits(year % 100, out, 14);
        out[16] = ' ';
        twoDigits(secondOfDay / 3600, out, 17);
        out[19] = ':';
        twoDigits(secondOfDay / 60 % 60, out, 20);
        out[22] = ':';
        twoDigits(secondOfDay % 60, out, 23);
        ascii(" GMT", out, 25);
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    private static void ascii(final String text, final byte[] out, final int at) {
        for (int i = 0; i < text.length(); i++) {
            out[at + i] = (byte) text.charAt(i);
        }
    }

    private static void twoDigits(final int value, final byte[] out, final int at) {
        out[at] = (byte) ('0' + value / 10);
        out[at + 1] = (byte) ('0' + value % 10);
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
