package org.vmbussim.azblob.protocol;

/**
 * The decimal text of a number that usually repeats from one request to the next (a {@code Content-Length} of
 * requests or responses of one size): the last value's string again when the value is the same, else a new one,
 * which is then remembered. A flyweight of one entry.
 *
 * <p>Ownership: the remembered pair (value, text) is immutable and replaced whole through a volatile field, so a
 * reader sees a matching pair or none; only an equal value gets the remembered text, which is a function of the
 * value alone, so no caller ever gets another's number. Each owner (a storage engine, a service client) holds its
 * own instance: nothing is shared between devices or hosts in one JVM. Thread-safe; two threads racing on a miss at
 * worst both make a string.
 */
public final class RepeatedDecimal {
    /** The one-digit values as constants (immutable): a GET's {@code Content-Length: 0} never touches the memo, so
     * bodiless requests in between do not push out the size of the requests with a body. */
    private static final String[] DIGITS = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};

    private volatile Entry last;

    /** An instance remembering nothing yet. */
    public RepeatedDecimal() {
    }

    /**
     * The decimal text of a value.
     *
     * @param value the number
     * @return what {@link Long#toString(long)} gives, the remembered string when the value is the last one's
     */
    public String text(final long value) {
        if (value >= 0 && value < DIGITS.length) {
            return DIGITS[(int) value];
        }
        final Entry e = last;
        if (e != null && e.value() == value) {
            return e.text();
        }
        final String text = Long.toString(value);
        last = new Entry(value, text);
        return text;
    }

    /** A value and its text. */
    private record Entry(long value, String text) {
    }
}
