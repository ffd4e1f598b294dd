package org.vmbussim.azblob.vsp.http;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.vmbussim.azblob.protocol.HttpFields;

/**
 * The last text seen in each of a few places of the request heads of ONE channel (its request target, its
 * {@code Host}, the {@code x-ms-date} of the current second, ...), so that a value the guest repeats from one
 * request to the next is handed out as the same string instead of a new copy per request. A slot's string is
 * reused only when the new bytes are exactly its characters, so a request always gets the text it sent; nothing
 * of one request reaches another.
 *
 * <p>One instance per channel, never shared between channels: a value is only compared with values the same
 * guest sent, so the comparison's timing tells a guest nothing about another guest's requests. Thread-safe: a
 * channel's requests may be parsed by several workers at once; each slot is read and replaced atomically
 * ({@link AtomicReferenceArray}), and two heads racing on a slot at worst both make a string.
 */
public final class RepeatedValues {
    private final AtomicReferenceArray<String> last;

    /**
     * An empty memo with a number of slots.
     *
     * @param slots places remembered, each by its index
     */
    public RepeatedValues(final int slots) {
        this.last = new AtomicReferenceArray<>(slots);
    }

    /**
     * A memo with a slot for each place the request head parser remembers.
     *
     * @return the memo
     */
    public static RepeatedValues forRequestHeads() {
        return new RepeatedValues(RequestHeadParser.REMEMBERED_SLOTS);
    }

    /**
     * The Latin-1 text of {@code bytes[from, to)}: the slot's string when it holds exactly that text, else a new
     * string, which the slot then remembers.
     *
     * @param slot  the place, {@code 0} to slots - 1
     * @param bytes the head
     * @param from  first byte of the text
     * @param to    index after its last byte
     * @return the text
     */
    String latin1(final int slot, final byte[] bytes, final int from, final int to) {
        final String previous = last.get(slot);
        if (previous != null && HttpFields.latin1Equals(previous, bytes, from, to)) {
            return previous;
        }
        final String text = new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
        last.set(slot, text);
        return text;
    }

}
