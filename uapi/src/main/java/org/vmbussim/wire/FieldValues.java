package org.vmbussim.wire;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Field values of one struct, by C field name, in a {@link StructLayout}'s field order. Fields not
 * set read as zero. Values are checked against their field's kind when set.
 */
public final class FieldValues {
    private final StructLayout layout;
    private final Map<String, Object> values = new LinkedHashMap<>();

    FieldValues(final StructLayout layout) {
        this.layout = layout;
    }

    /**
     * Returns the layout these values belong to.
     *
     * @return the layout
     */
    public StructLayout layout() {
        return layout;
    }

    /**
     * Sets a field.
     *
     * @param name  the C field name
     * @param value the value ({@link Long}/{@link Integer} for integers, {@link Guid}, {@code byte[]},
     *              {@code long[]})
     * @return this
     * @throws IllegalArgumentException for an unknown field or a value that does not fit
     */
    public FieldValues set(final String name, final Object value) {
        final Field f = layout.field(name);
        final Object v = f.kind().check(name, value);
        if (f.kind() == FieldKind.BYTES && !f.isVariable() && ((byte[]) v).length != f.size()) {
            throw new IllegalArgumentException(name + ": " + ((byte[]) v).length + " bytes (expected: " + f.size()
                    + ")");
        }
        values.put(name, v);
        return this;
    }

    /**
     * Sets a field from its text form.
     *
     * @param name the C field name
     * @param text the value as text (see {@link FieldKind})
     * @return this
     * @throws IllegalArgumentException for an unknown field or a malformed value, naming the field
     */
    public FieldValues setText(final String name, final String text) {
        final Field f = layout.field(name);
        try {
            return set(name, f.kind().parse(text));
        } catch (final IllegalArgumentException e) {
            throw new IllegalArgumentException(layout.name() + "." + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Returns a field's value, or its zero when unset.
     *
     * @param name the C field name
     * @return the value
     */
    public Object get(final String name) {
        final Field f = layout.field(name);
        final Object v = values.get(name);
        return v != null ? v : f.kind().zero(f.isVariable() ? 0 : f.size());
    }

    /**
     * Returns an integer field.
     *
     * @param name the C field name
     * @return the value (unsigned in a long)
     */
    public long getLong(final String name) {
        return (Long) get(name);
    }

    /**
     * Returns whether a field was set explicitly.
     *
     * @param name the C field name
     * @return true when set
     */
    public boolean isSet(final String name) {
        return values.containsKey(name);
    }

    /**
     * Names of the fields set.
     *
     * @return the names, in the order they were set
     */
    public Set<String> names() {
        return Collections.unmodifiableSet(values.keySet());
    }

    /**
     * Whether every field of the layout has the same value in both (unset = zero).
     *
     * @param o the other values
     * @return true when equal
     */
    @Override
    public boolean equals(final Object o) {
        if (!(o instanceof FieldValues) || ((FieldValues) o).layout != layout) {
            return false;
        }
        final FieldValues other = (FieldValues) o;
        for (final Field f : layout.fields()) {
            if (!f.kind().valuesEqual(get(f.name()), other.get(f.name()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return layout.name().hashCode();
    }

    /** One {@code name=value} per field, in layout order. */
    @Override
    public String toString() {
        final StringBuilder sb = new StringBuilder();
        for (final Field f : layout.fields()) {
            sb.append(f.name()).append('=').append(f.kind().format(get(f.name()))).append('\n');
        }
        return sb.toString();
    }
}
