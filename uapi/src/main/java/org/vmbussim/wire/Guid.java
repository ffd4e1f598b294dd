package org.vmbussim.wire;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A 128-bit GUID held as its 16 wire bytes in the Windows mixed-endian form: {@code Data1} (u32),
 * {@code Data2} and {@code Data3} (u16) little-endian, then {@code Data4} (8 bytes) as-is. This is
 * the order of Linux {@code GUID_INIT} and of every GUID on the VMBus wire.
 *
 * <p>Example: {@code {ba6163d9-04a1-4d29-b605-72e2ffb1dc7f}} is stored as
 * {@code d9 63 61 ba a1 04 29 4d b6 05 72 e2 ff b1 dc 7f}.
 *
 * <p>Two renderings, as Linux's printk has them: {@link #toString()} (and {@link #formatPUl()}) is
 * the canonical form that reverses the first three fields ({@code %pUl}); {@link #formatPUb()} prints
 * the 16 stored bytes in order ({@code %pUb}). {@code java.util.UUID} holds big-endian data and is
 * never used for wire bytes.
 */
public final class Guid implements Comparable<Guid> {
    /** Size of a GUID on the wire, in bytes. */
    public static final int LENGTH = 16;

    /** The all-zero GUID ({@code guid_is_null}). */
    public static final Guid NIL = new Guid(new byte[LENGTH]);

    private static final HexFormat HEX = HexFormat.of();

    private final byte[] wire;

    private Guid(final byte[] wire) {
        this.wire = wire;
    }

    /**
     * Builds a GUID from its fields, like Linux {@code GUID_INIT(a, b, c, d0..d7)}.
     *
     * @param data1 the first field (u32)
     * @param data2 the second field (u16)
     * @param data3 the third field (u16)
     * @param data4 the last 8 bytes, in order
     * @return the GUID
     */
    public static Guid of(final int data1, final int data2, final int data3, final byte[] data4) {
        if (data4.length != 8) {
            throw new IllegalArgumentException("data4.length=" + data4.length + " (expected: 8)");
        }
        final byte[] w = new byte[LENGTH];
        LittleEndian.putInt(w, 0, data1);
        LittleEndian.putShort(w, 4, data2);
        LittleEndian.putShort(w, 6, data3);
        System.arraycopy(data4, 0, w, 8, 8);
        return new Guid(w);
    }

    /**
     * Builds a GUID from its 16 wire bytes.
     *
     * @param wireBytes the bytes in wire order (copied)
     * @return the GUID
     */
    public static Guid fromWire(final byte[] wireBytes) {
        if (wireBytes.length != LENGTH) {
            throw new IllegalArgumentException("GUID wire length=" + wireBytes.length + " (expected: 16)");
        }
        return new Guid(wireBytes.clone());
    }

    /**
     * A GUID from 16 wire bytes inside a larger array (copied), for a reader holding a whole packet: no array of
     * its own for the 16 bytes first.
     *
     * @param bytes  the array
     * @param offset index of the first wire byte
     * @return the GUID
     * @throws IndexOutOfBoundsException if the 16 bytes are not all in the array
     */
    public static Guid fromWire(final byte[] bytes, final int offset) {
        Objects.checkFromIndexSize(offset, LENGTH, bytes.length);
        return new Guid(Arrays.copyOfRange(bytes, offset, offset + LENGTH));
    }

    /**
     * Reads a GUID from 16 wire bytes of a region.
     *
     * @param region  the memory
     * @param address the first byte
     * @return the GUID
     * @throws MemoryAccessException if the 16 bytes are not all in the region
     */
    public static Guid read(final MemoryRegion region, final long address) {
        return new Guid(region.getBytes(address, LENGTH));
    }

    /**
     * Parses the canonical text form, with or without braces, in either case:
     * {@code {0590b792-db64-45cc-81db-b8d70c577c9e}}.
     *
     * @param text the text
     * @return the GUID
     * @throws IllegalArgumentException if the text is not a GUID
     */
    public static Guid parse(final String text) {
        Objects.requireNonNull(text, "text");
        String s = text.trim();
        if (s.startsWith("{") && s.endsWith("}")) {
            s = s.substring(1, s.length() - 1);
        }
        if (s.length() != 36 || s.charAt(8) != '-' || s.charAt(13) != '-' || s.charAt(18) != '-'
                || s.charAt(23) != '-') {
            throw new IllegalArgumentException("not a GUID: \"" + text
                    + "\" (expected: {xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx})");
        }
        try {
            final int data1 = (int) Long.parseLong(s.substring(0, 8), 16);
            final int data2 = Integer.parseInt(s.substring(9, 13), 16);
            final int data3 = Integer.parseInt(s.substring(14, 18), 16);
            final byte[] data4 = HEX.parseHex(s.substring(19, 23) + s.substring(24));
            return of(data1, data2, data3, data4);
        } catch (final NumberFormatException e) {
            throw new IllegalArgumentException("not a GUID: \"" + text + "\" (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Returns the 16 wire bytes.
     *
     * @return a copy of the bytes in wire order
     */
    public byte[] toWire() {
        return wire.clone();
    }

    /**
     * Copies the 16 wire bytes into an array.
     *
     * @param dst    the array
     * @param offset first index
     */
    public void toWire(final byte[] dst, final int offset) {
        System.arraycopy(wire, 0, dst, offset, LENGTH);
    }

    /**
     * Writes the 16 wire bytes into a region.
     *
     * @param region  the memory
     * @param address the first byte
     */
    public void write(final MemoryRegion region, final long address) {
        region.putBytes(address, wire);
    }

    /**
     * Returns whether this is the all-zero GUID.
     *
     * @return true for {@link #NIL}
     */
    public boolean isNil() {
        return equals(NIL);
    }

    /**
     * The canonical form with the first three fields in their numeric order, as Linux {@code %pUl}.
     *
     * @return e.g. {@code 0590b792-db64-45cc-81db-b8d70c577c9e}
     */
    public String formatPUl() {
        return String.format("%08x-%04x-%04x-%s-%s", LittleEndian.getInt(wire, 0), LittleEndian.getShort(wire, 4),
                LittleEndian.getShort(wire, 6), HEX.formatHex(wire, 8, 10), HEX.formatHex(wire, 10, 16));
    }

    /**
     * The 16 bytes in stored order, grouped 4-2-2-2-6, as Linux {@code %pUb}.
     *
     * @return e.g. {@code 92b79005-64db-cc45-81db-b8d70c577c9e}
     */
    public String formatPUb() {
        return HEX.formatHex(wire, 0, 4) + "-" + HEX.formatHex(wire, 4, 6) + "-" + HEX.formatHex(wire, 6, 8) + "-"
                + HEX.formatHex(wire, 8, 10) + "-" + HEX.formatHex(wire, 10, 16);
    }

    /**
     * The canonical form in braces.
     *
     * @return e.g. {@code {0590b792-db64-45cc-81db-b8d70c577c9e}}
     */
    public String toBracedString() {
        return "{" + formatPUl() + "}";
    }

    /**
     * The 16 wire bytes as 32 lower-case hex digits, as in a vmbus {@code MODALIAS}.
     *
     * @return the hex string
     */
    public String toWireHex() {
        return HEX.formatHex(wire);
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof Guid && Arrays.equals(wire, ((Guid) o).wire);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(wire);
    }

    @Override
    public int compareTo(final Guid other) {
        return Arrays.compareUnsigned(wire, other.wire);
    }

    /** Returns {@link #formatPUl()}. */
    @Override
    public String toString() {
        return formatPUl();
    }
}
