package org.vmbussim.core.packet;

import java.util.Objects;
import org.vmbussim.wire.WireFormatException;

/**
 * A packet the peer wrote is malformed. The {@link Reason} says which rule it broke (mirroring
 * OpenVMM's {@code vmbus_ring::Error} and {@code gparange::Error} variants); the message gives the
 * values. This is the only exception {@link PacketParser} throws for bad packet bytes: a channel that
 * gets it drops the packet or faults, and never crashes.
 *
 * <p>The stack trace is not filled in: a hostile peer can send bad packets at line rate, and the
 * reason and message say everything the trace would.
 */
public final class PacketFormatException extends WireFormatException {
    private static final long serialVersionUID = 1L;

    /** Which rule a packet broke. */
    public enum Reason {
        /**
         * Fewer bytes than a descriptor, {@code offset8 < 2}, {@code len8 < offset8}, or {@code len8 * 8}
         * beyond the bytes given.
         */
        INVALID_DESCRIPTOR_LENGTHS,
        /** A {@code type} that is not defined, or one the simulator does not carry. */
        INVALID_DESCRIPTOR_TYPE,
        /** A flag bit other than COMPLETION_REQUESTED. */
        INVALID_DESCRIPTOR_FLAGS,
        /** A GPA-direct {@code dataoffset8} below 3: no room for reserved and rangecount. */
        INVALID_DATA_OFFSET,
        /** A GPA-direct {@code rangecount} of 0. */
        INVALID_RANGE_COUNT,
        /** A {@code gpa_range} with {@code byte_count == 0}. */
        INVALID_RANGE_LENGTH,
        /** A {@code gpa_range} with {@code byte_offset > 0xfff}. */
        INVALID_RANGE_OFFSET,
        /** {@code byte_count + byte_offset + 4095} overflows a u32 (OpenVMM {@code Overflow}). */
        RANGE_LENGTH_OVERFLOW,
        /** A range header or its PFNs do not fit before {@code dataoffset8 * 8}. */
        RANGE_OUTSIDE_DESCRIPTOR
    }

    private final Reason reason;

    /**
     * Creates the exception.
     *
     * @param reason  the rule broken
     * @param message the values, {@code "name=value (expected: ...)"}
     */
    public PacketFormatException(final Reason reason, final String message) {
        super(Objects.requireNonNull(reason, "reason") + ": " + message);
        this.reason = reason;
    }

    /**
     * Which rule the packet broke.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
