package org.vmbussim.wire;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The kinds of field a {@link StructLayout} knows, each with its wire encoding, its text form (for
 * golden vectors and the CLI) and its Java value type.
 *
 * <table>
 * <caption>Kinds</caption>
 * <tr><th>kind</th><th>Java value</th><th>text</th></tr>
 * <tr><td>U8, U16, U32, U64</td><td>{@link Long} (unsigned; U64 may be negative in Java)</td>
 *     <td>decimal or {@code 0x} hex</td></tr>
 * <tr><td>GUID</td><td>{@link Guid}</td><td>{@code {xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}}</td></tr>
 * <tr><td>BYTES</td><td>{@code byte[]}</td><td>hex digits, white space ignored</td></tr>
 * <tr><td>U64_ARRAY</td><td>{@code long[]}</td><td>comma-separated integers</td></tr>
 * </table>
 */
public enum FieldKind {
    /** Unsigned 8-bit integer. */
    U8(1),
    /** Unsigned little-endian 16-bit integer. */
    U16(2),
    /** Unsigned little-endian 32-bit integer. */
    U32(4),
    /** Little-endian 64-bit integer. */
    U64(8),
    /** A GUID in mixed-endian wire form. */
    GUID(Guid.LENGTH),
    /** Raw bytes of a fixed size, or (as the last field) of the remaining length. */
    BYTES(-1),
    /** Little-endian 64-bit integers of a variable count: a PFN list. */
    U64_ARRAY(-1);

    private static final HexFormat HEX = HexFormat.of();

    private final int size;

    FieldKind(final int size) {
        this.size = size;
    }

    /**
     * Returns the fixed size of the kind.
     *
     * @return bytes, or -1 when the field sets its own size
     */
    public int fixedSize() {
        return size;
    }

    /**
     * Whether this kind is an integer.
     *
     * @return true for U8 to U64
     */
    public boolean isInteger() {
        return this == U8 || this == U16 || this == U32 || this == U64;
    }

    /**
     * The zero value of a field of this kind and size.
     *
     * @param fieldSize the field's size in bytes (0 for an empty variable field)
     * @return the value
     */
    public Object zero(final int fieldSize) {
        switch (this) {
            case GUID:
                return Guid.NIL;
            case BYTES:
                return new byte[Math.max(fieldSize, 0)];
            case U64_ARRAY:
                return new long[Math.max(fieldSize, 0) / Long.BYTES];
            default:
                return 0L;
        }
    }

    /**
     * Parses the text form of a value.
     *
     * @param text the text
     * @return the value
     * @throws IllegalArgumentException with a clear message if the text is not a value of this kind
     */
    public Object parse(final String text) {
        final String t = text.trim();
        switch (this) {
            case GUID:
                return Guid.parse(t);
            case BYTES:
                return parseHex(t);
            case U64_ARRAY:
                if (t.isEmpty()) {
                    return new long[0];
                }
                return Arrays.stream(t.split(",")).mapToLong(s -> parseInteger(s.trim(), U64)).toArray();
            default:
                return parseInteger(t, this);
        }
    }

    /**
     * Formats a value in its text form; the inverse of {@link #parse(String)}.
     *
     * @param value the value
     * @return the text
     */
    public String format(final Object value) {
        switch (this) {
            case GUID:
                return ((Guid) value).toBracedString();
            case BYTES:
                return HEX.formatHex((byte[]) value);
            case U64_ARRAY: {
                final StringBuilder sb = new StringBuilder();
                for (final long v : (long[]) value) {
                    sb.append(sb.length() == 0 ? "" : ",").append("0x").append(Long.toHexString(v));
                }
                return sb.toString();
            }
            case U64:
                return "0x" + Long.toHexString((Long) value);
            default:
                return Long.toString((Long) value);
        }
    }

    /**
     * Whether two values of this kind are equal (arrays by content).
     *
     * @param a one value
     * @param b the other
     * @return true when equal
     */
    public boolean valuesEqual(final Object a, final Object b) {
        if (a instanceof byte[] && b instanceof byte[]) {
            return Arrays.equals((byte[]) a, (byte[]) b);
        }
        if (a instanceof long[] && b instanceof long[]) {
            return Arrays.equals((long[]) a, (long[]) b);
        }
        return a.equals(b);
    }

    /**
     * Checks that a value is of this kind's Java type and, for integers, fits the field.
     *
     * @param fieldName the field, for the message
     * @param value     the value
     * @return the value, normalised (integers as {@link Long})
     */
    public Object check(final String fieldName, final Object value) {
        switch (this) {
            case GUID:
                if (value instanceof Guid) {
                    return value;
                }
                break;
            case BYTES:
                if (value instanceof byte[]) {
                    return value;
                }
                break;
            case U64_ARRAY:
                if (value instanceof long[]) {
                    return value;
                }
                break;
            default:
                if (value instanceof Number) {
                    final long v = ((Number) value).longValue();
                    if (this != U64 && (v < 0 || v >>> (8 * size) != 0)) {
                        throw new IllegalArgumentException(String.format(
                                "%s=%d does not fit %s (expected: 0 to %d)", fieldName, v,
                                name().toLowerCase(Locale.ROOT), (1L << (8 * size)) - 1));
                    }
                    return v;
                }
                break;
        }
        throw new IllegalArgumentException(fieldName + ": a " + this + " field cannot hold a "
                + (value == null ? "null" : value.getClass().getSimpleName()));
    }

    private static long parseInteger(final String t, final FieldKind kind) {
        try {
            final long v;
            if (t.startsWith("0x") || t.startsWith("0X")) {
                v = Long.parseUnsignedLong(t.substring(2).replace("_", ""), 16);
            } else {
                v = Long.parseUnsignedLong(t.replace("_", ""));
            }
            return (Long) kind.check("value", v);
        } catch (final NumberFormatException e) {
            throw new IllegalArgumentException("not an unsigned integer: \"" + t
                    + "\" (expected: decimal or 0x-hex)", e);
        }
    }

    private static byte[] parseHex(final String t) {
        final String digits = t.replaceAll("\\s+", "");
        try {
            return HEX.parseHex(digits);
        } catch (final IllegalArgumentException e) {
            throw new IllegalArgumentException("not hex bytes: \"" + t + "\" (" + e.getMessage() + ")", e);
        }
    }
}
