package org.vmbussim.core.ring;

/**
 * Argument checks shared by {@link RingMemory} implementations. A failure is a bug in this
 * package's callers (peer values are validated before they become indices), so it is an
 * {@link IllegalArgumentException} thrown before any memory is touched. The checks are tiny and the
 * messages are built out of line, so the checks inline into the copy paths.
 */
final class RingBounds {

    private RingBounds() {
    }

    /**
     * Checks a control-word offset: 4-byte aligned and inside the header page.
     *
     * @param headerOffset the offset
     */
    static void checkControlWord(final int headerOffset) {
        if ((headerOffset & (Integer.BYTES - 1)) != 0
                || Integer.compareUnsigned(headerOffset, RingControlLayout.HEADER_LENGTH) >= 0) {
            throw badControlWord(headerOffset);
        }
    }

    /**
     * Checks a wrapping data copy: the start inside the data area, the length at most the data area.
     *
     * @param dataIndex  first byte
     * @param length     bytes
     * @param dataLength size of the data area
     */
    static void checkDataCopy(final int dataIndex, final int length, final int dataLength) {
        if (Integer.compareUnsigned(dataIndex, dataLength) >= 0 || Integer.compareUnsigned(length, dataLength) > 0) {
            throw badDataCopy(dataIndex, length, dataLength);
        }
    }

    /**
     * Checks an aligned u64 access to the data area.
     *
     * @param dataIndex  the index
     * @param dataLength size of the data area
     */
    static void checkDataLong(final int dataIndex, final int dataLength) {
        if ((dataIndex & (Long.BYTES - 1)) != 0 || Integer.compareUnsigned(dataIndex, dataLength) >= 0) {
            throw badDataLong(dataIndex, dataLength);
        }
    }

    private static IllegalArgumentException badControlWord(final int headerOffset) {
        return new IllegalArgumentException("headerOffset=" + headerOffset + " (expected: a multiple of 4 in [0, "
                + (RingControlLayout.HEADER_LENGTH - Integer.BYTES) + "])");
    }

    private static IllegalArgumentException badDataCopy(final int dataIndex, final int length, final int dataLength) {
        return new IllegalArgumentException("dataIndex=" + dataIndex + ", length=" + length
                + " (expected: dataIndex in [0, " + dataLength + "), length in [0, " + dataLength + "])");
    }

    private static IllegalArgumentException badDataLong(final int dataIndex, final int dataLength) {
        return new IllegalArgumentException("dataIndex=" + dataIndex + " (expected: a multiple of 8 in [0, "
                + dataLength + "))");
    }
}
