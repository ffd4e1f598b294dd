package org.vmbussim.core.ring;

/**
 * Index arithmetic of VMBUS-REFERENCE.md §1.4. Indices are byte offsets into the data area; they are
 * unsigned 32-bit values held in ints, validated on every load from shared memory.
 */
final class RingIndices {

    private RingIndices() {
    }

    /**
     * Whether an index read from the header page is usable (OpenVMM {@code validate}:
     * {@code p < size && p % 8 == 0}, with {@code p} unsigned).
     *
     * @param index      the raw u32
     * @param dataLength size of the data area
     * @return true when valid
     */
    static boolean isValid(final int index, final int dataLength) {
        return Integer.compareUnsigned(index, dataLength) < 0
                && (index & (RingControlLayout.PACKET_ALIGNMENT - 1)) == 0;
    }

    /**
     * The exception for an invalid index.
     *
     * @param index      the raw u32
     * @param dataLength size of the data area
     * @param what       the field's C name
     * @return {@link RingCorruptedException.Reason#INVALID_RING_POINTER}, to throw
     */
    static RingCorruptedException invalidPointer(final int index, final int dataLength, final String what) {
        return new RingCorruptedException(RingCorruptedException.Reason.INVALID_RING_POINTER,
                Integer.toUnsignedLong(index), what + "=" + Integer.toUnsignedString(index)
                        + " (expected: a multiple of 8 below the data size " + dataLength + ")");
    }

    /**
     * Bytes between the reader and the writer ({@code hv_get_bytes_to_read}); 0 means empty.
     *
     * @param writeIndex valid write index
     * @param readIndex  valid read index
     * @param dataLength size of the data area
     * @return bytes written and not yet read
     */
    static int bytesToRead(final int writeIndex, final int readIndex, final int dataLength) {
        return writeIndex >= readIndex ? writeIndex - readIndex : dataLength - readIndex + writeIndex;
    }

    /**
     * Free bytes ({@code hv_get_bytes_to_write}); equals the data size when the ring is empty. A write
     * of {@code n} bytes fits only when this is greater than {@code n}, so the ring is never full.
     *
     * @param writeIndex valid write index
     * @param readIndex  valid read index
     * @param dataLength size of the data area
     * @return free bytes
     */
    static int bytesToWrite(final int writeIndex, final int readIndex, final int dataLength) {
        return writeIndex >= readIndex ? dataLength - (writeIndex - readIndex) : readIndex - writeIndex;
    }

    /**
     * Advances an index, wrapping at the end of the data area.
     *
     * @param index      a valid index
     * @param bytes      bytes to advance, at most the data size
     * @param dataLength size of the data area
     * @return the new index
     */
    static int advance(final int index, final int bytes, final int dataLength) {
        final int next = index + bytes;
        return next >= dataLength ? next - dataLength : next;
    }
}
