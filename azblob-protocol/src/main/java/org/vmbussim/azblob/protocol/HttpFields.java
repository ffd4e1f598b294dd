package org.vmbussim.azblob.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An immutable, ordered list of HTTP header fields: the headers of the request and response heads the fast path
 * carries (docs/fastpath-protocol.md), shared by the guest's client and the host's provider. Names match case-
 * insensitively (ASCII); a name may occur several times; spelling and order are kept, because the fast path
 * carries every field to the host exactly as given (SharedKey signs them). Names are HTTP tokens; values are
 * Latin-1 text without control characters other than horizontal tab, so a field always encodes to exactly one
 * header line.
 */
public final class HttpFields {
    private static final HttpFields EMPTY = new HttpFields(List.of());

    private final List<Map.Entry<String, String>> entries;

    private HttpFields(final List<Map.Entry<String, String>> entries) {
        this.entries = entries;
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
     * An empty builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder starting with these fields.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        final Builder b = new Builder();
        b.entries.addAll(entries);
        return b;
    }

    /**
     * The first value of a field.
     *
     * @param name the name, any case
     * @return the value, or null when absent
     */
    public String first(final String name) {
        // Indexed, not for-each: the list is a RandomAccess wrapper whose iterator is an allocation per call.
        for (int i = 0; i < entries.size(); i++) {
            final Map.Entry<String, String> e = entries.get(i);
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
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
        for (int i = 0; i < entries.size(); i++) {
            final Map.Entry<String, String> e = entries.get(i);
            if (e.getKey().equalsIgnoreCase(name)) {
                values.add(e.getValue());
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
     * All fields in order.
     *
     * @return an unmodifiable list of (name, value)
     */
    public List<Map.Entry<String, String>> entries() {
        return entries;
    }

    /**
     * The number of fields (a repeated name counts each time).
     *
     * @return the count
     */
    public int size() {
        return entries.size();
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof HttpFields && ((HttpFields) o).entries.equals(entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return entries.toString();
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
            if (c <= 0x20 || c >= 0x7f || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
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
        private final List<Map.Entry<String, String>> entries = new ArrayList<>();

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
            if (!isToken(name)) {
                throw new IllegalArgumentException("header name \"" + name + "\" (expected: an HTTP token)");
            }
            if (!isFieldValue(value)) {
                throw new IllegalArgumentException("value of header " + name
                        + " (expected: Latin-1 without control characters other than HTAB)");
            }
            entries.add(Map.entry(name, value));
            return this;
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
            entries.removeIf(e -> e.getKey().equalsIgnoreCase(name));
            return this;
        }

        /**
         * Whether a field is present so far.
         *
         * @param name the name, any case
         * @return true when present
         */
        public boolean contains(final String name) {
            for (final Map.Entry<String, String> e : entries) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return true;
                }
            }
            return false;
        }

        /**
         * The immutable list.
         *
         * @return the fields
         */
        public HttpFields build() {
            return entries.isEmpty() ? EMPTY : new HttpFields(Collections.unmodifiableList(new ArrayList<>(entries)));
        }
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
