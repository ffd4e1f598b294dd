package org.vmbussim.azblob.vsp.store;

import java.time.Instant;

/**
 * {@link HttpDates#format} remembered for a few recent seconds: a response carries the same few dates over and
 * over (its {@code Date} changes once a second; a blob's {@code Last-Modified} and {@code x-ms-creation-time}
 * not at all), so most requests find their text here instead of making a string.
 *
 * <p>Thread-safe without locks: each slot holds an immutable {@link Entry} (final fields, so a reader that sees
 * the reference sees its contents); racing writers only replace each other's entries, and a reader that misses
 * formats the date itself.
 */
final class HttpDateCache {
    /** Slots, a power of two; a second maps to slot {@code second mod SLOTS}. */
    private static final int SLOTS = 8;

    private record Entry(long epochSecond, String text) {
    }

    private final Entry[] slots = new Entry[SLOTS];

    /**
     * The RFC 1123 form of an instant (its second; the fraction is not shown).
     *
     * @param instant the instant
     * @return the same text as {@link HttpDates#format}
     */
    String format(final Instant instant) {
        final long second = instant.getEpochSecond();
        final int slot = (int) (second & (SLOTS - 1));
        final Entry cached = slots[slot];
        if (cached != null && cached.epochSecond() == second) {
            return cached.text();
        }
        final String text = HttpDates.format(instant);
        slots[slot] = new Entry(second, text);
        return text;
    }
}
