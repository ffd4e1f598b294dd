package org.vmbussim.azblob.protocol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable, ordered list of HTTP header fields: the headers of the request and response heads the fast path
 * carries (docs/fastpath-protocol.md), shared by the guest's client and the host's provider. Names match case-
 * insensitively (ASCII); a name may occur several times; spelling and order are kept, because the fast path
 * carries every field to the host exactly as given (SharedKey signs them). Names are HTTP tokens; values are
 * Latin-1 text without control characters other than horizontal tab, so a field always encodes to exactly one
 * header line.
 */
public final class HttpFields {
    private static final String[] NONE = new String[0];
    /** tchar (RFC 9110 §5.6.2) by ASCII code: a look-up per character of every header name sent or received. */
    private static final boolean[] TOKEN_CHARS = tokenChars();
    private static final HttpFields EMPTY = new HttpFields(NONE, 0);

    /**
     * Name, value, name, value, ... in the first {@link #slots} elements: one array per list (a list of
     * {@code Map.Entry} would cost an object per field on every head). Never written after construction: the
     * array may be the one a {@link Builder} filled, which copies it before its next change (copy on write).
     */
    private final String[] namesAndValues;
    /** Elements of {@link #namesAndValues} in use: twice the field count. */
    private final int slots;

    private HttpFields(final String[] namesAndValues, final int slots) {
        this.namesAndValues = namesAndValues;
        this.slots = slots;
    }

    /**
     * The empty list.
     *
     * @return no fields
     */
    public static HttpFields empty() {
        return EMPTY;
    }

    /**
     * A list from alternating names and values.
     *
     * @param namesAndValues name, value, name, value, ...
     * @return the fields
     * @throws IllegalArgumentException for an odd count or an invalid name or value
     */
    public static HttpFields of(final String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("namesAndValues.length=" + namesAndValues.length + " (expected: even)");
        }
        final Builder b = builder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            b.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return b.build();
    }

    /**
     * A list that takes over an array of alternating names and values instead of copying it: for a caller that
     * assembled the fields in an array of its own (the client's request fields) and has no more use for it. Every
     * field is checked as {@link Builder#add} checks it, with the same exception.
     *
     * <p>Ownership: the array belongs to the list from this call on. The caller must not write to it afterwards
     * (nor hand it to anyone who might), because the list reads it for as long as it lives; a caller that goes on
     * changing its fields copies them into a new array first.
     *
     * @param namesAndValues name, value, name, value, ... in the first {@code slots} elements; later elements are
     *                       never read
     * @param slots          elements in use: twice the field count
     * @return the fields, holding {@code namesAndValues}
     * @throws IllegalArgumentException for an odd or out-of-range {@code slots}, or an invalid name or value
     */
    public static HttpFields adopt(final String[] namesAndValues, final int slots) {
        if (slots < 0 || slots % 2 != 0 || slots > namesAndValues.length) {
            throw new IllegalArgumentException("slots=" + slots + " (expected: even, 0 to "
                    + namesAndValues.length + ")");
        }
        for (int i = 0; i < slots; i += 2) {
            Builder.check(namesAndValues[i], namesAndValues[i + 1]);
        }
        return slots == 0 ? EMPTY : new HttpFields(namesAndValues, slots);
    }

    /**
     * An empty builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * An empty builder with room for a number of fields, so that a caller who knows (or bounds) the count makes
     * one array of the right size instead of growing one: the request parser counts the head's lines, the
     * store knows its response heads.
     *
     * @param expectedFields fields to make room for; more may still be added (the array then grows)
     * @return the builder
     * @throws IllegalArgumentException for a negative count
     */
    public static Builder builder(final int expectedFields) {
        if (expectedFields < 0 || expectedFields > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("expectedFields=" + expectedFields + " (expected: >= 0)");
        }
        final Builder b = new Builder();
        if (expectedFields > 0) {
            b.namesAndValues = new String[2 * expectedFields];
        }
        return b;
    }

    /**
     * A builder starting with these fields.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        final Builder b = new Builder();
        if (slots > 0) {
            b.namesAndValues = namesAndValues; // shared until the builder's first change copies it
            b.slots = slots;
            b.shared = true;
        }
        return b;
    }

    /**
     * The first value of a field.
     *
     * @param name the name, any case
     * @return the value, or null when absent
     */
    public String first(final String name) {
        for (int i = 0; i < slots; i += 2) {
            if (namesAndValues[i].equalsIgnoreCase(name)) {
                return namesAndValues[i + 1];
            }
        }
        return null;
    }

    /**
     * Every value of a field, in order.
     *
     * @param name the name, any case
     * @return the values, empty when absent
     */
    public List<String> all(final String name) {
        final List<String> values = new ArrayList<>(1);
        for (int i = 0; i < slots; i += 2) {
            if (namesAndValues[i].equalsIgnoreCase(name)) {
                values.add(namesAndValues[i + 1]);
            }
        }
        return values;
    }

    /**
     * Whether a field is present.
     *
     * @param name the name, any case
     * @return true when it has a value
     */
    public boolean contains(final String name) {
        return first(name) != null;
    }

    /**
     * All fields in order, as a new list each call; {@link #name(int)} and {@link #value(int)} read the same
     * fields without one (the request path does).
     *
     * @return an unmodifiable list of (name, value)
     */
    public List<Map.Entry<String, String>> entries() {
        final List<Map.Entry<String, String>> list = new ArrayList<>(size());
        for (int i = 0; i < slots; i += 2) {
            list.add(Map.entry(namesAndValues[i], namesAndValues[i + 1]));
        }
        return Collections.unmodifiableList(list);
    }

    /**
     * The name of the field at an index, as given.
     *
     * @param index from 0 to {@link #size()} - 1
     * @return the name
     * @throws IndexOutOfBoundsException outside the list
     */
    public String name(final int index) {
        return namesAndValues[slot(index)];
    }

    /**
     * The value of the field at an index.
     *
     * @param index from 0 to {@link #size()} - 1
     * @return the value
     * @throws IndexOutOfBoundsException outside the list
     */
    public String value(final int index) {
        return namesAndValues[slot(index) + 1];
    }

    private int slot(final int index) {
        return 2 * Objects.checkIndex(index, size());
    }

    /**
     * The number of fields (a repeated name counts each time).
     *
     * @return the count
     */
    public int size() {
        return slots / 2;
    }

    @Override
    public boolean equals(final Object o) {
        if (!(o instanceof HttpFields)) {
            return false;
        }
        final HttpFields other = (HttpFields) o;
        return Arrays.equals(namesAndValues, 0, slots, other.namesAndValues, 0, other.slots);
    }

    @Override
    public int hashCode() {
        int hash = 1;
        for (int i = 0; i < slots; i++) {
            hash = 31 * hash + namesAndValues[i].hashCode();
        }
        return hash;
    }

    @Override
    public String toString() {
        return entries().toString();
    }

    /**
     * Whether a string is an HTTP token (RFC 9110 §5.6.2).
     *
     * @param text the candidate
     * @return true for a non-empty token
     */
    public static boolean isToken(final String text) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (c >= TOKEN_CHARS.length || !TOKEN_CHARS[c]) {
                return false;
            }
        }
        return true;
    }

    private static boolean[] tokenChars() {
        final boolean[] table = new boolean[0x7f];
        for (char c = 0x21; c < 0x7f; c++) {
            table[c] = "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
        }
        return table;
    }

    /**
     * Whether a value can be carried on one header line: Latin-1, no control characters except HTAB.
     *
     * @param value the candidate
     * @return true when it is safe
     */
    public static boolean isFieldValue(final String value) {
        if (value == null) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
                return false;
            }
        }
        return true;
    }

    /** Collects fields; not thread-safe. */
    public static final class Builder {
        /** Room for 16 fields: a blob request or response head without a regrowth. */
        static final int INITIAL_SLOTS = 32;

        private String[] namesAndValues = NONE;
        private int slots;
        /** Whether a built {@link HttpFields} holds {@link #namesAndValues}: copied before the next change. */
        private boolean shared;

        private Builder() {
        }

        /**
         * Appends a field.
         *
         * @param name an HTTP token
         * @param value a field value
         * @return this builder
         * @throws IllegalArgumentException for an invalid name or value
         */
        public Builder add(final String name, final String value) {
            check(name, value);
            ensureWritable(slots + 2);
            namesAndValues[slots++] = name;
            namesAndValues[slots++] = value;
            return this;
        }

        /** Throws unless the name is an HTTP token and the value a field value. */
        static void check(final String name, final String value) {
            if (!isToken(name)) {
                throw new IllegalArgumentException("header name \"" + name + "\" (expected: an HTTP token)");
            }
            if (!isFieldValue(value)) {
                throw new IllegalArgumentException("value of header " + name
                        + " (expected: Latin-1 without control characters other than HTAB)");
            }
        }

        /**
         * Appends every field of a list, in order (already validated when that list was built).
         *
         * @param fields the fields
         * @return this builder
         */
        public Builder addAll(final HttpFields fields) {
            ensureWritable(slots + fields.slots);
            System.arraycopy(fields.namesAndValues, 0, namesAndValues, slots, fields.slots);
            slots += fields.slots;
            return this;
        }

        /** Makes {@link #namesAndValues} this builder's own (not a built list's) with room for {@code needed}. */
        private void ensureWritable(final int needed) {
            if (shared || needed > namesAndValues.length) {
                // A presized array (builder(int)) that fills up grows from its own size, not from 16 fields.
                int capacity = namesAndValues.length == 0 ? INITIAL_SLOTS : namesAndValues.length;
                while (capacity < needed) {
                    capacity *= 2;
                }
                // Not Arrays.copyOf: for a String[] it makes the new array reflectively (Array.newInstance).
                final String[] copy = new String[capacity];
                System.arraycopy(namesAndValues, 0, copy, 0, slots);
                namesAndValues = copy;
                shared = false;
            }
        }

        /**
         * Replaces every value of a field by one value, appended at the end.
         *
         * @param name an HTTP token
         * @param value the value
         * @return this builder
         */
        public Builder set(final String name, final String value) {
            remove(name);
            return add(name, value);
        }

        /**
         * Removes every value of a field.
         *
         * @param name the name, any case
         * @return this builder
         */
        public Builder remove(final String name) {
            if (!contains(name)) {
                return this;
            }
            ensureWritable(slots);
            int kept = 0;
            for (int i = 0; i < slots; i += 2) {
                if (!namesAndValues[i].equalsIgnoreCase(name)) {
                    namesAndValues[kept++] = namesAndValues[i];
                    namesAndValues[kept++] = namesAndValues[i + 1];
                }
            }
            Arrays.fill(namesAndValues, kept, slots, null);
            slots = kept;
            return this;
        }

        /**
         * Whether a field is present so far.
         *
         * @param name the name, any case
         * @return true when present
         */
        public boolean contains(final String name) {
            for (int i = 0; i < slots; i += 2) {
                if (namesAndValues[i].equalsIgnoreCase(name)) {
                    return true;
                }
            }
            return false;
        }

        /**
         * The immutable list, sharing the builder's array (no copy); the builder may go on changing afterwards
         * without changing the list: its next change copies the array first.
         *
         * @return the fields
         */
        public HttpFields build() {
            if (slots == 0) {
                return EMPTY;
            }
            shared = true; // the list holds the array now: the next change copies it
            return new HttpFields(namesAndValues, slots);
        }
    }

    /**
     * Compares two header names the way their lower-case forms compare ({@code lower(a).compareTo(lower(b))}
     * for HTTP tokens, which are ASCII), without making the lower-case copies.
     *
     * @param a a name
     * @param b another name
     * @return negative, zero or positive as {@code a} sorts before, with or after {@code b}
     */
    public static int compareNamesIgnoreCase(final String a, final String b) {
        final int common = Math.min(a.length(), b.length());
        for (int i = 0; i < common; i++) {
            final int d = lowerAscii(a.charAt(i)) - lowerAscii(b.charAt(i));
            if (d != 0) {
                return d;
            }
        }
        return a.length() - b.length();
    }

    /**
     * Appends a header name lower-cased (ASCII, as {@link #lower(String)} does for a token) without making the
     * lower-case string first.
     *
     * @param name the name
     * @param to   where to append
     * @return {@code to}
     */
    public static StringBuilder appendLower(final String name, final StringBuilder to) {
        for (int i = 0; i < name.length(); i++) {
            to.append(lowerAscii(name.charAt(i)));
        }
        return to;
    }

    /**
     * Whether the Latin-1 bytes {@code bytes[from, to)} spell exactly {@code text}: the test both ends use to
     * hand out a head value they already hold as a string instead of decoding the same bytes again.
     *
     * @param text  the string
     * @param bytes the head
     * @param from  first byte
     * @param to    index after the last byte
     * @return true when every character equals its byte
     */
    public static boolean latin1Equals(final String text, final byte[] bytes, final int from, final int to) {
        if (text.length() != to - from) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) != (bytes[from + i] & 0xff)) {
                return false;
            }
        }
        return true;
    }

    private static char lowerAscii(final char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    /**
     * Lower-cases a header name the way HTTP compares them (ASCII only).
     *
     * @param name the name
     * @return the lower-case name
     */
    public static String lower(final String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
