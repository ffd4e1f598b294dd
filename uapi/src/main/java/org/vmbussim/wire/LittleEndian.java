package org.vmbussim.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Little-endian reads and writes on byte arrays, the one place the byte order of plain arrays is
 * decided. Index checks are the JDK's ({@link ArrayIndexOutOfBoundsException}); callers that take
 * indices from a peer check them first.
 */
public final class LittleEndian {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private LittleEndian() {
    }

    /**
     * Reads an unsigned 16-bit value.
     *
     * @param bytes the array
     * @param index first byte
     * @return the value, 0 to 65535
     */
    public static int getShort(final byte[] bytes, final int index) {
        return Short.toUnsignedInt((short) SHORT.get(bytes, index));
    }

    /**
     * Writes the low 16 bits of a value.
     *
     * @param bytes the array
     * @param index first byte
     * @param value the value
     */
    public static void putShort(final byte[] bytes, final int index, final int value) {
        SHORT.set(bytes, index, (short) value);
    }

    /**
     * Reads a 32-bit value.
     *
     * @param bytes the array
     * @param index first byte
     * @return the value
     */
    public static int getInt(final byte[] bytes, final int index) {
        return (int) INT.get(bytes, index);
    }

    /**
     * Writes a 32-bit value.
     *
     * @param bytes the array
     * @param index first byte
     * @param value the value
     */
    public static void putInt(final byte[] bytes, final int index, final int value) {
        INT.set(bytes, index, value);
    }

    /**
     * Reads a 64-bit value.
     *
     * @param bytes the array
     * @param index first byte
     * @return the value
     */
    public static long getLong(final byte[] bytes, final int index) {
        return (long) LONG.get(bytes, index);
    }

    /**
     * Writes a 64-bit value.
     *
     * @param bytes the array
     * @param index first byte
     * @param value the value
     */
    public static void putLong(final byte[] bytes, final int index, final long value) {
        LONG.set(bytes, index, value);
    }
}
