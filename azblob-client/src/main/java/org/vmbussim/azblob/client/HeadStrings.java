package org.vmbussim.azblob.client;

import java.nio.charset.StandardCharsets;
import org.vmbussim.azblob.protocol.HttpFields;

/**
 * The strings of the response heads parsed in one buffer set: the reason phrase and, for each of the usual field
 * names ({@link HttpHead#KNOWN_NAMES}), the last value seen. A value whose bytes are exactly those of the last one
 * is that same (immutable) string again instead of a new one: from one response to the next most values repeat
 * ({@code x-ms-version}, {@code Server}, a blob's {@code ETag}, {@code Content-Length} and {@code Content-Range}
 * when it is read again, {@code Date} within a second), and making them anew was the largest share of the client's
 * allocation per request. Only byte-for-byte equal text is reused, so what a response says never changes.
 *
 * <p>Not thread-safe: owned by one {@link BufferSet}, which one exchange uses at a time; the pool's hand-over of
 * the set (a monitor) orders one exchange's use, on whichever thread completed it, before the next one's.
 */
final class HeadStrings {
    /** The last value per known name, by index into {@link HttpHead#KNOWN_NAMES}; null until seen. */
    private final String[] lastValues = new String[HttpHead.KNOWN_NAMES.size()];
    private String lastReason = "";

    /**
     * The reason phrase in {@code bytes[from, to)}.
     *
     * @param bytes the head
     * @param from  first byte
     * @param to    end (exclusive)
     * @return the text, the last reason's string when it is the same
     */
    String reason(final byte[] bytes, final int from, final int to) {
        if (!HttpFields.latin1Equals(lastReason, bytes, from, to)) {
            lastReason = latin1(bytes, from, to);
        }
        return lastReason;
    }

    /**
     * Offers a value the next head is likely to carry for a known name, such as the request's own
     * {@code x-ms-client-request-id}, which the host echoes: when the bytes match, the response holds this string.
     *
     * @param knownName the name's index in {@link HttpHead#KNOWN_NAMES}
     * @param value     the value, or null for none
     */
    void expect(final int knownName, final String value) {
        if (value != null) {
            lastValues[knownName] = value;
        }
    }

    /**
     * The value in {@code bytes[from, to)} of a field with a known name.
     *
     * @param knownName the name's index in {@link HttpHead#KNOWN_NAMES}
     * @param bytes     the head
     * @param from      first byte of the value
     * @param to        end (exclusive)
     * @return the text, the last value's string for that name when it is the same
     */
    String value(final int knownName, final byte[] bytes, final int from, final int to) {
        final String last = lastValues[knownName];
        if (last != null && HttpFields.latin1Equals(last, bytes, from, to)) {
            return last;
        }
        final String fresh = latin1(bytes, from, to);
        lastValues[knownName] = fresh;
        return fresh;
    }

    /**
     * Latin-1 text of {@code bytes[from, to)}, as a new string.
     *
     * @param bytes the bytes
     * @param from  first byte
     * @param to    end (exclusive)
     * @return the text
     */
    static String latin1(final byte[] bytes, final int from, final int to) {
        return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
    }
}
