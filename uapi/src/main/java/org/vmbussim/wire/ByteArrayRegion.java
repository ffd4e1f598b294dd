package org.vmbussim.wire;

import java.util.Objects;

/**
 * A {@link MemoryRegion} over a byte array, addressed from a chosen base address, for tests,
 * golden vectors and private copies of packets.
 */
public final class ByteArrayRegion implements MemoryRegion {
    private final String name;
    private final byte[] bytes;
    private final long baseAddress;

    /**
     * Wraps an array; address {@code baseAddress} is {@code bytes[0]}.
     *
     * @param name        a name for error messages
     * @param bytes       the backing array (not copied)
     * @param baseAddress the address of the first byte
     */
    public ByteArrayRegion(final String name, final byte[] bytes, final long baseAddress) {
        this.name = Objects.requireNonNull(name, "name");
        this.bytes = Objects.requireNonNull(bytes, "bytes");
        this.baseAddress = baseAddress;
    }

    /**
     * Wraps an array addressed from 0.
     *
     * @param bytes the backing array (not copied)
     * @return the region
     */
    public static ByteArrayRegion wrap(final byte[] bytes) {
        return new ByteArrayRegion("bytes", bytes, 0);
    }

    /**
     * Returns the backing array.
     *
     * @return the array, not a copy
     */
    public byte[] array() {
        return bytes;
    }

    /**
     * Returns the address of the first byte.
     *
     * @return the base address
     */
    public long baseAddress() {
        return baseAddress;
    }

    /**
     * Returns the size of the region.
     *
     * @return the size in bytes
     */
    public int size() {
        return bytes.length;
    }

    @Override
    public void checkRange(final long address, final long length) {
        if (length < 0 || address < baseAddress || address - baseAddress > bytes.length
                || length > bytes.length - (address - baseAddress)) {
            throw MemoryAccessException.outOfBounds(name, address, length, baseAddress, bytes.length);
        }
    }

    private int index(final long address, final long length) {
        checkRange(address, length);
        return (int) (address - baseAddress);
    }

    @Override
    public void getBytes(final long address, final byte[] dst, final int dstOffset, final int length) {
        System.arraycopy(bytes, index(address, length), dst, dstOffset, length);
    }

    @Override
    public void putBytes(final long address, final byte[] src, final int srcOffset, final int length) {
        System.arraycopy(src, srcOffset, bytes, index(address, length), length);
    }

    @Override
    public byte getByte(final long address) {
        return bytes[index(address, 1)];
    }

    @Override
    public void putByte(final long address, final byte value) {
        bytes[index(address, 1)] = value;
    }

    @Override
    public short getShortLE(final long address) {
        return (short) LittleEndian.getShort(bytes, index(address, Short.BYTES));
    }

    @Override
    public void putShortLE(final long address, final int value) {
        LittleEndian.putShort(bytes, index(address, Short.BYTES), value);
    }

    @Override
    public int getIntLE(final long address) {
        return LittleEndian.getInt(bytes, index(address, Integer.BYTES));
    }

    @Override
    public void putIntLE(final long address, final int value) {
        LittleEndian.putInt(bytes, index(address, Integer.BYTES), value);
    }

    @Override
    public long getLongLE(final long address) {
        return LittleEndian.getLong(bytes, index(address, Long.BYTES));
    }

    @Override
    public void putLongLE(final long address, final long value) {
        LittleEndian.putLong(bytes, index(address, Long.BYTES), value);
    }
}
