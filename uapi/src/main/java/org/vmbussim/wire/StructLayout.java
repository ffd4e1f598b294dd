package org.vmbussim.wire;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * A description of one C wire struct: its name, its fields at their offsets, and its length. Built
 * once by each {@code *Layout} class from its own offset constants, so the description cannot drift
 * from the code that reads and writes the struct; the builder refuses gaps and overlaps, which
 * forces padding and reserved bytes to be named.
 *
 * <p>It encodes {@link FieldValues} to bytes and decodes bytes to values, which is what golden-vector
 * tests, the CLI dissector ({@code vmbus-sim layout}) and the generated docs/wire-formats.md use.
 * Hot paths use the offset constants directly, not this class.
 *
 * <p>A struct may end in one variable-length field (a PFN list or raw bytes) whose offset is the
 * struct's fixed length.
 */
public final class StructLayout {
    private final String name;
    private final String doc;
    private final int fixedLength;
    private final List<Field> fields;
    private final Map<String, Field> byName;

    private StructLayout(final String name, final String doc, final int fixedLength, final List<Field> fields) {
        this.name = name;
        this.doc = doc;
        this.fixedLength = fixedLength;
        this.fields = Collections.unmodifiableList(fields);
        final Map<String, Field> map = new LinkedHashMap<>();
        for (final Field f : fields) {
            if (map.put(f.name(), f) != null) {
                throw new IllegalArgumentException(name + ": duplicate field " + f.name());
            }
        }
        this.byName = Collections.unmodifiableMap(map);
    }

    /**
     * Starts a description.
     *
     * @param cName the struct's C name, e.g. {@code az_blob_request_sync}
     * @param doc   one sentence on what the struct is
     * @return a builder
     */
    public static Builder builder(final String cName, final String doc) {
        return new Builder(cName, doc);
    }

    /**
     * The struct's C name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * One sentence on what the struct is.
     *
     * @return the description
     */
    public String doc() {
        return doc;
    }

    /**
     * The length of the fixed part (the whole struct when there is no variable field).
     *
     * @return bytes
     */
    public int fixedLength() {
        return fixedLength;
    }

    /**
     * Whether the struct ends in a variable-length field.
     *
     * @return true when it does
     */
    public boolean isVariableLength() {
        return !fields.isEmpty() && fields.get(fields.size() - 1).isVariable();
    }

    /**
     * The fields in offset order.
     *
     * @return the fields
     */
    public List<Field> fields() {
        return fields;
    }

    /**
     * A field by C name.
     *
     * @param fieldName the name
     * @return the field
     * @throws IllegalArgumentException when there is no such field, listing the ones there are
     */
    public Field field(final String fieldName) {
        final Field f = byName.get(fieldName);
        if (f == null) {
            throw new IllegalArgumentException("struct " + name + " has no field \"" + fieldName + "\" (fields: "
                    + String.join(", ", byName.keySet()) + ")");
        }
        return f;
    }

    /**
     * New, all-zero values for this struct.
     *
     * @return the values
     */
    public FieldValues newValues() {
        return new FieldValues(this);
    }

    /**
     * The encoded length of some values (fixed length plus the variable field's bytes).
     *
     * @param values the values
     * @return bytes
     */
    public int encodedLength(final FieldValues values) {
        checkOwn(values);
        if (!isVariableLength()) {
            return fixedLength;
        }
        final Object tail = values.get(fields.get(fields.size() - 1).name());
        return fixedLength + (tail instanceof long[] ? ((long[]) tail).length * Long.BYTES : ((byte[]) tail).length);
    }

    /**
     * Encodes values into a new array; unset fields are zero.
     *
     * @param values the values
     * @return the bytes
     */
    public byte[] encode(final FieldValues values) {
        final byte[] out = new byte[encodedLength(values)];
        encode(values, ByteArrayRegion.wrap(out), 0);
        return out;
    }

    /**
     * Encodes values into a region.
     *
     * @param values  the values
     * @param region  the memory
     * @param address the first byte of the struct
     * @return the number of bytes written
     * @throws MemoryAccessException if the struct does not fit in the region (nothing is written)
     */
    public int encode(final FieldValues values, final MemoryRegion region, final long address) {
        final int length = encodedLength(values);
        region.checkRange(address, length);
        for (final Field f : fields) {
            final Object v = values.get(f.name());
            final long at = address + f.offset();
            switch (f.kind()) {
                case U8:
                    region.putByte(at, (byte) (long) (Long) v);
                    break;
                case U16:
                    region.putShortLE(at, (int) (long) (Long) v);
                    break;
                case U32:
                    region.putIntLE(at, (int) (long) (Long) v);
                    break;
                case U64:
                    region.putLongLE(at, (Long) v);
                    break;
                case GUID:
                    ((Guid) v).write(region, at);
                    break;
                case BYTES:
                    region.putBytes(at, (byte[]) v);
                    break;
                case U64_ARRAY: {
                    final long[] a = (long[]) v;
                    for (int i = 0; i < a.length; i++) {
                        region.putLongLE(at + (long) i * Long.BYTES, a[i]);
                    }
                    break;
                }
                default:
                    throw new IllegalStateException("kind " + f.kind());
            }
        }
        return length;
    }

    /**
     * Decodes a whole array; for a variable-length struct the last field takes what its count rule
     * says (or all the rest).
     *
     * @param bytes the bytes
     * @return the values
     * @throws WireFormatException when the bytes are too short or do not fit the count
     */
    public FieldValues decode(final byte[] bytes) {
        return decode(ByteArrayRegion.wrap(bytes), 0, bytes.length).values();
    }

    /**
     * Decodes a fixed-length struct from a region.
     *
     * @param region  the memory
     * @param address the first byte
     * @return the values
     * @throws MemoryAccessException when the struct is not wholly inside the region
     */
    public FieldValues decode(final MemoryRegion region, final long address) {
        if (isVariableLength()) {
            throw new IllegalStateException(name + " has a variable length: use decode(region, address, available)");
        }
        return decode(region, address, fixedLength).values();
    }

    /**
     * Decodes from a region where {@code available} bytes may belong to the struct.
     *
     * @param region    the memory
     * @param address   the first byte
     * @param available bytes that may be read
     * @return the values and how many bytes they took
     * @throws WireFormatException   when {@code available} is too short for the struct
     * @throws MemoryAccessException when the bytes are not inside the region
     */
    public Decoded decode(final MemoryRegion region, final long address, final int available) {
        if (available < fixedLength) {
            throw new WireFormatException(String.format("%s: too short: length=%d (expected: >= %d)", name,
                    available, fixedLength));
        }
        region.checkRange(address, fixedLength);
        final FieldValues values = newValues();
        int consumed = fixedLength;
        for (final Field f : fields) {
            final long at = address + f.offset();
            switch (f.kind()) {
                case U8:
                    values.set(f.name(), (long) (region.getByte(at) & 0xFF));
                    break;
                case U16:
                    values.set(f.name(), (long) (region.getShortLE(at) & 0xFFFF));
                    break;
                case U32:
                    values.set(f.name(), Integer.toUnsignedLong(region.getIntLE(at)));
                    break;
                case U64:
                    values.set(f.name(), region.getLongLE(at));
                    break;
                case GUID:
                    values.set(f.name(), Guid.read(region, at));
                    break;
                case BYTES: {
                    final int size = f.isVariable() ? available - fixedLength : f.size();
                    values.set(f.name(), region.getBytes(at, size));
                    consumed += f.isVariable() ? size : 0;
                    break;
                }
                case U64_ARRAY: {
                    final int rest = available - fixedLength;
                    final int count = f.countOfLast() == null ? rest / Long.BYTES
                            : f.countOfLast().applyAsInt(values);
                    if (f.countOfLast() == null && rest % Long.BYTES != 0) {
                        throw new WireFormatException(String.format(
                                "%s.%s: %d bytes is not a whole number of u64 (expected: a multiple of 8)",
                                name, f.name(), rest));
                    }
                    if (count < 0 || (long) count * Long.BYTES > rest) {
                        throw new WireFormatException(String.format(
                                "%s.%s: count=%d needs %d bytes, have %d", name, f.name(), count,
                                (long) count * Long.BYTES, rest));
                    }
                    final long[] a = new long[count];
                    for (int i = 0; i < count; i++) {
                        a[i] = region.getLongLE(at + (long) i * Long.BYTES);
                    }
                    values.set(f.name(), a);
                    consumed += count * Long.BYTES;
                    break;
                }
                default:
                    throw new IllegalStateException("kind " + f.kind());
            }
        }
        return new Decoded(values, consumed);
    }

    private void checkOwn(final FieldValues values) {
        if (values.layout() != this) {
            throw new IllegalArgumentException("values of " + values.layout().name() + " given to " + name);
        }
    }

    @Override
    public String toString() {
        return name + "(" + fixedLength + (isVariableLength() ? "+" : "") + " bytes)";
    }

    /**
     * Decoded values and the number of bytes they occupied.
     *
     * @param values   the values
     * @param consumed bytes used
     */
    public record Decoded(FieldValues values, int consumed) {
    }

    /** Collects fields; {@link #build(int)} checks they tile the struct exactly. */
    public static final class Builder {
        private final String name;
        private final String doc;
        private final List<Field> fields = new ArrayList<>();

        private Builder(final String name, final String doc) {
            this.name = Objects.requireNonNull(name, "name");
            this.doc = Objects.requireNonNull(doc, "doc");
        }

        private Builder add(final String fieldName, final int offset, final int size, final FieldKind kind,
                final String fieldDoc, final ToIntFunction<FieldValues> count) {
            fields.add(new Field(fieldName, offset, size, kind, fieldDoc, count));
            return this;
        }

        /**
         * Adds an unsigned 8-bit field.
         *
         * @param fieldName C name
         * @param offset    byte offset
         * @param fieldDoc  what it holds
         * @return this
         */
        public Builder u8(final String fieldName, final int offset, final String fieldDoc) {
            return add(fieldName, offset, 1, FieldKind.U8, fieldDoc, null);
        }

        /**
         * Adds an unsigned little-endian 16-bit field.
         *
         * @param fieldName C name
         * @param offset    byte offset
         * @param fieldDoc  what it holds
         * @return this
         */
        public Builder u16(final String fieldName, final int offset, final String fieldDoc) {
            return add(fieldName, offset, 2, FieldKind.U16, fieldDoc, null);
        }

        /**
         * Adds an unsigned little-endian 32-bit field.
         *
         * @param fieldName C name
         * @param offset    byte offset
         * @param fieldDoc  what it holds
         * @return this
         */
        public Builder u32(final String fieldName, final int offset, final String fieldDoc) {
            return add(fieldName, offset, 4, FieldKind.U32, fieldDoc, null);
        }

        /**
         * Adds a little-endian 64-bit field.
         *
         * @param fieldName C name
         * @param offset    byte offset
         * @param fieldDoc  what it holds
         * @return this
         */
        public Builder u64(final String fieldName, final int offset, final String fieldDoc) {
            return add(fieldName, offset, 8, FieldKind.U64, fieldDoc, null);
        }

        /**
         * Adds a mixed-endian GUID field.
         *
         * @param fieldName C name
         * @param offset    byte offset
         * @param fieldDoc  what it holds
         * @return this
         */
        public Builder guid(final String fieldName, final int offset, final String fieldDoc) {
            return add(fieldName, offset, Guid.LENGTH, FieldKind.GUID, fieldDoc, null);
        }

        /**
         * Adds a fixed-size byte field (reserved bytes, padding, opaque user data).
         *
         * @param fieldName C name
         * @param offset    byte offset
         * @param size      bytes
         * @param fieldDoc  what it holds
         * @return this
         */
        public Builder bytes(final String fieldName, final int offset, final int size, final String fieldDoc) {
            if (size <= 0) {
                throw new IllegalArgumentException(fieldName + ": size=" + size + " (expected: > 0)");
            }
            return add(fieldName, offset, size, FieldKind.BYTES, fieldDoc, null);
        }

        /**
         * Adds the variable-length last field: raw bytes to the end of the data.
         *
         * @param fieldName C name
         * @param offset    byte offset (must equal the fixed length)
         * @param fieldDoc  what it holds
         * @return this
         */
        public Builder bytesTail(final String fieldName, final int offset, final String fieldDoc) {
            return add(fieldName, offset, -1, FieldKind.BYTES, fieldDoc, null);
        }

        /**
         * Adds the variable-length last field: a u64 array.
         *
         * @param fieldName C name
         * @param offset    byte offset (must equal the fixed length)
         * @param fieldDoc  what it holds
         * @param count     element count from the fields before it, or null for "the rest"
         * @return this
         */
        public Builder u64Array(final String fieldName, final int offset, final String fieldDoc,
                final ToIntFunction<FieldValues> count) {
            return add(fieldName, offset, -1, FieldKind.U64_ARRAY, fieldDoc, count);
        }

        /**
         * Checks the fields tile {@code [0, fixedLength)} with no gap or overlap and builds.
         *
         * @param fixedLength the struct's fixed length, from the Layout class's {@code LENGTH}
         * @return the layout
         * @throws IllegalStateException when the fields do not tile the struct
         */
        public StructLayout build(final int fixedLength) {
            final List<Field> sorted = new ArrayList<>(fields);
            sorted.sort((a, b) -> Integer.compare(a.offset(), b.offset()));
            int cursor = 0;
            for (int i = 0; i < sorted.size(); i++) {
                final Field f = sorted.get(i);
                if (f.offset() != cursor) {
                    throw new IllegalStateException(String.format("%s.%s: offset=%d (expected: %d; %s)", name,
                            f.name(), f.offset(), cursor, f.offset() > cursor ? "name the gap" : "overlap"));
                }
                if (f.isVariable()) {
                    if (i != sorted.size() - 1) {
                        throw new IllegalStateException(name + "." + f.name() + ": only the last field may vary");
                    }
                } else {
                    cursor += f.size();
                }
            }
            if (cursor != fixedLength) {
                throw new IllegalStateException(String.format("%s: fields end at %d (expected: LENGTH=%d)", name,
                        cursor, fixedLength));
            }
            return new StructLayout(name, doc, fixedLength, sorted);
        }
    }
}
