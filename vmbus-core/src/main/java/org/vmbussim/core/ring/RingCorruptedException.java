package org.vmbussim.core.ring;

/**
 * The peer left the ring in a state no correct writer or reader produces: an index outside the data
 * area or not 8-byte aligned, a packet whose descriptor lies about its extent. The ring that throws
 * it is faulted from then on (it throws the same exception again) and has touched no memory outside
 * the ring; the channel layer faults the channel, never the simulator. The names follow OpenVMM's
 * {@code vmbus_ring::Error}.
 */
public final class RingCorruptedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What was wrong. */
    public enum Reason {
        /** A {@code write_index} or {@code read_index} in the header is >= the data size or not a multiple of 8. */
        INVALID_RING_POINTER,
        /** Between the indices lie 1..23 bytes: less than the smallest packet plus its trailer. */
        INVALID_DATA_AVAILABLE,
        /**
         * A descriptor's {@code len8 * 8} is below 16, or the packet plus its trailer runs past the
         * writer's {@code write_index}.
         */
        INVALID_DESCRIPTOR_LENGTHS
    }

    private final Reason reason;
    private final long value;

    /**
     * Creates the exception.
     *
     * @param reason what was wrong
     * @param value  the offending value (an index, a length in bytes), unsigned
     * @param detail what the value was read from and what was expected
     */
    public RingCorruptedException(final Reason reason, final long value, final String detail) {
        super(reason + ": " + detail);
        this.reason = reason;
        this.value = value;
    }

    /**
     * What was wrong.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }

    /**
     * The offending value as read from shared memory (an index or a length in bytes).
     *
     * @return the value, unsigned
     */
    public long value() {
        return value;
    }
}
