package org.vmbussim.azblob.vsp.backend;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An immutable, ordered list of HTTP header fields. Names are matched case-insensitively (ASCII), a
 * name may occur several times, and the original spelling and order are kept so that a forwarder
 * passes the headers on exactly as it received them.
 */
public final class BlobHeaders {
    private static final BlobHeaders EMPTY = new BlobHeaders(List.of());

    private final List<Map.Entry<String, String>> entries;

    private BlobHeaders(final List<Map.Entry<String, String>> entries) {
        this.entries = entries;
    }

    /**
     * The empty header list.
     *
     * @return an instance with no fields
     */
    public static BlobHeaders empty() {
        return EMPTY;
    }

    /**
     * Builds a header list from alternating names and values.
     *
     * @param namesAndValues name, value, name, value, ...
     * @return the header list
     * @throws IllegalArgumentException when the count is odd or a name or value is invalid
     */
    public static BlobHeaders of(final String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("odd number of names and values: " + namesAndValues.length);
        }
        final Builder builder = builder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            builder.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return builder.build();
    }

    /**
     * A new, empty builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder that starts with these fields.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        final Builder builder = new Builder();
        builder.entries.addAll(entries);
        return builder;
    }

    /**
     * The first value of a field.
     *
     * @param name the field name, any case
     * @return the value, or null when the field is absent
     */
    public String first(final String name) {
        for (final Map.Entry<String, String> e : entries) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /**
     * Every value of a field, in order.
     *
     * @param name the field name, any case
     * @return the values (empty when absent)
     */
    public List<String> all(final String name) {
        final List<String> values = new ArrayList<>(1);
        for (final Map.Entry<String, String> e : entries) {
            if (e.getKey().equalsIgnoreCase(name)) {
                values.add(e.getValue());
            }
        }
        return values;
    }

    /**
     * Whether a field is present.
     *
     * @param name the field name, any case
     * @return true when at least one value exists
     */
    public boolean contains(final String name) {
        return first(name) != null;
    }

    /**
     * All fields in order, names as received.
     *
     * @return an unmodifiable list of (name, value)
     */
    public List<Map.Entry<String, String>> entries() {
        return entries;
    }

    /**
     * Number of fields (a repeated name counts once per occurrence).
     *
     * @return the field count
     */
    public int size() {
        return entries.size();
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof BlobHeaders && ((BlobHeaders) o).entries.equals(entries);
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
     * Checks a field name is an HTTP token (RFC 9110 §5.6.2).
     *
     * @param name the candidate
     * @return true when it is a non-empty token
     */
    public static boolean isToken(final String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            final char c = name.charAt(i);
            final boolean ok = c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * Checks a field value can be carried on one header line (no CR, LF or NUL).
     *
     * @param value the candidate
     * @return true when it is safe
     */
    public static boolean isSafeValue(final String value) {
        if (value == null) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                return false;
            }
        }
        return true;
    }

    /** Collects fields for a {@link BlobHeaders}; not thread-safe. */
    public static final class Builder {
        private final List<Map.Entry<String, String>> entries = new ArrayList<>();

        private Builder() {
        }

        /**
         * Appends a field.
         *
         * @param name an HTTP token
         * @param value a value without CR, LF or NUL
         * @return this builder
         * @throws IllegalArgumentException when the name or value is invalid
         */
        public Builder add(final String name, final String value) {
            if (!isToken(name)) {
                throw new IllegalArgumentException("invalid header name: " + name);
            }
            if (!isSafeValue(value)) {
                throw new IllegalArgumentException("invalid value for header " + name);
            }
            entries.add(Map.entry(name, value));
            return this;
        }

        /**
         * Replaces every value of a field by one value (appended at the end).
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
         * @param name the field name, any case
         * @return this builder
         */
        public Builder remove(final String name) {
            entries.removeIf(e -> e.getKey().equalsIgnoreCase(name));
            return this;
        }

        /**
         * Whether a field is present so far.
         *
         * @param name the field name, any case
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
         * The immutable header list.
         *
         * @return the headers
         */
        public BlobHeaders build() {
            return entries.isEmpty() ? EMPTY : new BlobHeaders(Collections.unmodifiableList(new ArrayList<>(entries)));
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
