package org.vmbussim.wire;

import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * One field of a {@link StructLayout}: its C name (dotted for nested structs, as in
 * {@code response.status}), byte offset from the start of the struct, size and kind.
 *
 * @param name        the C field name
 * @param offset      byte offset from the start of the struct
 * @param size        size in bytes; -1 for the variable-length last field
 * @param kind        the encoding
 * @param doc         one line saying what the field holds
 * @param countOfLast for a variable {@link FieldKind#U64_ARRAY}: how many elements, from the fields
 *                    decoded before it; {@code null} means "the rest of the bytes"
 */
public record Field(String name, int offset, int size, FieldKind kind, String doc,
        ToIntFunction<FieldValues> countOfLast) {

    /**
     * Validates the record.
     *
     * @param name        the C field name
     * @param offset      byte offset
     * @param size        size, or -1
     * @param kind        the encoding
     * @param doc         the description
     * @param countOfLast element count rule, or null
     */
    public Field {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(doc, "doc");
        if (offset < 0) {
            throw new IllegalArgumentException("offset=" + offset + " (expected: >= 0)");
        }
    }

    /**
     * Whether the field's size depends on the data.
     *
     * @return true for the variable-length last field
     */
    public boolean isVariable() {
        return size < 0;
    }
}
