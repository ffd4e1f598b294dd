package org.vmbussim.azblob.client;

import java.util.Arrays;
import java.util.Objects;
import org.vmbussim.azblob.protocol.HttpFields;

/**
 * The header fields of one request being assembled and signed, as alternating names and values in one growable
 * array: the list the signer reads and the one {@link HttpFields} of the request is built from, so a request makes
 * one field array of its own instead of a builder, a list and a copy per step. Fields are checked as
 * {@link HttpFields.Builder#add} checks them, with the same exception. A leading run of slots may be
 * {@linkplain #reserve reserved} and {@linkplain #setReserved filled} later (the fields every request carries
 * first, whose values are only known when the request is built). Not thread-safe: one request.
 */
final class FieldList {
    private String[] namesAndValues;
    private int slots;
    /**
     * Whether an {@link HttpFields} built by {@link #toHttpFields} holds {@link #namesAndValues}: the list owns
     * that array now, so the next change here copies it first (copy on write) and the built list never changes.
     */
    private boolean handedOver;

    /**
     * An empty list.
     *
     * @param expectedFields fields to make room for
     */
    FieldList(final int expectedFields) {
        this.namesAndValues = new String[2 * Math.max(1, expectedFields)];
    }

    /**
     * A copy of built fields.
     *
     * @param fields the fields
     * @return the list
     */
    static FieldList of(final HttpFields fields) {
        final FieldList list = new FieldList(fields.size());
        for (int i = 0; i < fields.size(); i++) {
            list.add(fields.name(i), fields.value(i));
        }
        return list;
    }

    /**
     * Appends {@code count} empty fields to be {@linkplain #setReserved filled} before the list is read.
     *
     * @param count fields
     * @return this list
     */
    FieldList reserve(final int count) {
        ensure(2 * count);
        slots += 2 * count;
        return this;
    }

    /**
     * Fills a reserved field.
     *
     * @param index the field's index
     * @param name  an HTTP token
     * @param value a field value
     * @throws IllegalArgumentException for an invalid name or value
     */
    void setReserved(final int index, final String name, final String value) {
        check(name, value);
        takeBack();
        namesAndValues[2 * index] = name;
        namesAndValues[2 * index + 1] = value;
    }

    /**
     * Appends a field.
     *
     * @param name  an HTTP token
     * @param value a field value
     * @return this list
     * @throws IllegalArgumentException for an invalid name or value
     */
    FieldList add(final String name, final String value) {
        check(name, value);
        ensure(2);
        namesAndValues[slots++] = name;
        namesAndValues[slots++] = value;
        return this;
    }

    /**
     * Removes the field at an index; the later ones move up.
     *
     * @param index the field's index
     */
    void removeAt(final int index) {
        final int slot = 2 * Objects.checkIndex(index, size());
        takeBack();
        System.arraycopy(namesAndValues, slot + 2, namesAndValues, slot, slots - slot - 2);
        slots -= 2;
        namesAndValues[slots] = null;
        namesAndValues[slots + 1] = null;
    }

    private static void check(final String name, final String value) {
        if (!HttpFields.isToken(name) || !HttpFields.isFieldValue(value)) {
            HttpFields.builder().add(name, value); // throws the builder's own exception for the bad part
            throw new AssertionError("HttpFields accepted " + name + " which isToken/isFieldValue refused");
        }
    }

    /** Before a change: a new array of our own when a built list holds the current one. */
    private void takeBack() {
        if (handedOver) {
            namesAndValues = Arrays.copyOf(namesAndValues, namesAndValues.length);
            handedOver = false;
        }
    }

    private void ensure(final int moreSlots) {
        takeBack();
        if (namesAndValues.length - slots < moreSlots) {
            namesAndValues = Arrays.copyOf(namesAndValues, Math.max(2 * namesAndValues.length, slots + moreSlots));
        }
    }

    /** The number of fields. */
    int size() {
        return slots / 2;
    }

    /** The name of the field at an index. */
    String name(final int index) {
        return namesAndValues[2 * index];
    }

    /** The value of the field at an index. */
    String value(final int index) {
        return namesAndValues[2 * index + 1];
    }

    /** The first value of a field (name in any case), or null. */
    String first(final String name) {
        for (int i = 0; i < slots; i += 2) {
            if (namesAndValues[i].equalsIgnoreCase(name)) {
                return namesAndValues[i + 1];
            }
        }
        return null;
    }

    /** Whether a field is present. */
    boolean contains(final String name) {
        return first(name) != null;
    }

    /**
     * The fields as the immutable list a request carries, holding this list's array rather than a copy
     * ({@link HttpFields#adopt}): the array is the built list's from now on, and the next change here works on a
     * copy of it.
     *
     * @return the fields, in order
     * @throws IllegalArgumentException when a reserved field was never filled
     */
    HttpFields toHttpFields() {
        final HttpFields built = HttpFields.adopt(namesAndValues, slots);
        handedOver = slots > 0;
        return built;
    }
}
