package org.vmbussim.wire;

/**
 * A range of addressable bytes with little-endian accessors: guest physical memory, a process's
 * virtual address space, or a plain byte array in a test.
 *
 * <p>Every accessor checks its whole range first and throws {@link MemoryAccessException} (never an
 * {@link IndexOutOfBoundsException}) when any byte of it is outside the region. A failed access
 * changes nothing. Multi-byte accessors are little-endian whatever the platform.
 *
 * <p>Plain accessors have no ordering guarantees; code that shares a region between threads
 * publishes through its own release/acquire protocol (see the ring buffer classes).
 */
public interface MemoryRegion {

    /**
     * Checks that {@code [address, address + length)} lies wholly inside the region.
     *
     * @param address first byte
     * @param length  number of bytes, not negative
     * @throws MemoryAccessException if any byte is outside
     */
    void checkRange(long address, long length);

    /**
     * Returns whether {@code [address, address + length)} lies wholly inside the region.
     *
     * @param address first byte
     * @param length  number of bytes
     * @return true when every byte is accessible
     */
    default boolean contains(final long address, final long length) {
        try {
            checkRange(address, length);
            return true;
        } catch (final MemoryAccessException e) {
            return false;
        }
    }

    /**
     * Copies bytes out of the region.
     *
     * @param address   first byte to read
     * @param dst       destination array
     * @param dstOffset first index in {@code dst}
     * @param length    bytes to copy
     */
    void getBytes(long address, byte[] dst, int dstOffset, int length);

    /**
     * Copies bytes into the region.
     *
     * @param address   first byte to write
     * @param src       source array
     * @param srcOffset first index in {@code src}
     * @param length    bytes to copy
     */
    void putBytes(long address, byte[] src, int srcOffset, int length);

    /**
     * Reads {@code length} bytes into a new array.
     *
     * @param address first byte
     * @param length  bytes to read
     * @return the bytes
     */
    default byte[] getBytes(final long address, final int length) {
        checkRange(address, length);
        final byte[] bytes = new byte[length];
        getBytes(address, bytes, 0, length);
        return bytes;
    }

    /**
     * Writes all of {@code src}.
     *
     * @param address first byte to write
     * @param src     the bytes
     */
    default void putBytes(final long address, final byte[] src) {
        putBytes(address, src, 0, src.length);
    }

    /**
     * Fills a range with one byte value.
     *
     * @param address first byte
     * @param length  bytes to fill
     * @param value   the byte
     */
    default void fill(final long address, final long length, final byte value) {
        checkRange(address, length);
        final byte[] chunk = new byte[(int) Math.min(length, 4096)];
        java.util.Arrays.fill(chunk, value);
        long done = 0;
        while (done < length) {
            final int n = (int) Math.min(chunk.length, length - done);
            putBytes(address + done, chunk, 0, n);
            done += n;
        }
    }

    /**
     * Reads one byte.
     *
     * @param address the byte's address
     * @return the byte
     */
    default byte getByte(final long address) {
        final byte[] b = new byte[1];
        getBytes(address, b, 0, 1);
        return b[0];
    }

    /**
     * Writes one byte.
     *
     * @param address the byte's address
     * @param value   the byte
     */
    default void putByte(final long address, final byte value) {
        putBytes(address, new byte[] {value}, 0, 1);
    }

    /**
     * Reads a little-endian 16-bit value.
     *
     * @param address first byte
     * @return the value (sign-extended; mask with 0xFFFF for the unsigned value)
     */
    default short getShortLE(final long address) {
        return (short) LittleEndian.getShort(getBytes(address, Short.BYTES), 0);
    }

    /**
     * Writes a little-endian 16-bit value.
     *
     * @param address first byte
     * @param value   the value (low 16 bits are written)
     */
    default void putShortLE(final long address, final int value) {
        final byte[] b = new byte[Short.BYTES];
        LittleEndian.putShort(b, 0, value);
        putBytes(address, b);
    }

    /**
     * Reads a little-endian 32-bit value.
     *
     * @param address first byte
     * @return the value
     */
    default int getIntLE(final long address) {
        return LittleEndian.getInt(getBytes(address, Integer.BYTES), 0);
    }

    /**
     * Writes a little-endian 32-bit value.
     *
     * @param address first byte
     * @param value   the value
     */
    default void putIntLE(final long address, final int value) {
        final byte[] b = new byte[Integer.BYTES];
        LittleEndian.putInt(b, 0, value);
        putBytes(address, b);
    }

    /**
     * Reads a little-endian 64-bit value.
     *
     * @param address first byte
     * @return the value
     */
    default long getLongLE(final long address) {
        return LittleEndian.getLong(getBytes(address, Long.BYTES), 0);
    }

    /**
     * Writes a little-endian 64-bit value.
     *
     * @param address first byte
     * @param value   the value
     */
    default void putLongLE(final long address, final long value) {
        final byte[] b = new byte[Long.BYTES];
        LittleEndian.putLong(b, 0, value);
        putBytes(address, b);
    }
}
