package org.vmbussim.wire;

/**
 * Thrown when an access falls outside a {@link MemoryRegion}: an address below its base, a range past
 * its end, or (for an address space) a page that is not mapped. It carries the faulting address and
 * length so callers can turn it into {@code EFAULT} or a typed protocol error.
 */
public class MemoryAccessException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long address;
    private final long length;

    /**
     * Creates the exception.
     *
     * @param message what was wrong, in {@code "what: name=value"} form
     * @param address the first address of the failed access
     * @param length  the length of the failed access in bytes
     */
    public MemoryAccessException(final String message, final long address, final long length) {
        super(message);
        this.address = address;
        this.length = length;
    }

    /**
     * Returns the first address of the failed access.
     *
     * @return the address
     */
    public long address() {
        return address;
    }

    /**
     * Returns the length of the failed access.
     *
     * @return the length in bytes
     */
    public long length() {
        return length;
    }

    /**
     * Builds the standard "outside the region" exception.
     *
     * @param regionName a name for the region, for the message
     * @param address    first address accessed
     * @param length     bytes accessed
     * @param base       the region's first address
     * @param size       the region's size in bytes
     * @return the exception, to be thrown by the caller
     */
    public static MemoryAccessException outOfBounds(final String regionName, final long address, final long length,
            final long base, final long size) {
        return new MemoryAccessException(String.format(
                "%s: access outside region: address=0x%x length=%d (expected: range [0x%x, 0x%x))",
                regionName, address, length, base, base + size), address, length);
    }
}
