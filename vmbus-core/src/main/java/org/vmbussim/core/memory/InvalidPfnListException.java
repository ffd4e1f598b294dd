package org.vmbussim.core.memory;

import org.vmbussim.wire.MemoryAccessException;

/**
 * A PFN list whose geometry is wrong: first-page offset outside a page, negative length, or a PFN count
 * that does not match {@code ceil((firstPageOffset + length) / 4096)} (VMBUS-REFERENCE §2.3). A PFN
 * outside guest RAM is reported separately as {@link InvalidPfnException}. Both are
 * {@link MemoryAccessException}s, so the host can catch one type and fail the request.
 */
public final class InvalidPfnListException extends MemoryAccessException {
    private static final long serialVersionUID = 1L;

    /** Which geometry rule was broken. */
    public enum Reason {
        /** {@code firstPageOffset} is negative or greater than {@code 0xFFF}. */
        OFFSET_TOO_LARGE,
        /** {@code length} is negative. */
        NEGATIVE_LENGTH,
        /** Fewer or more PFNs than the offset and length need. */
        PAGE_COUNT_MISMATCH
    }

    private final Reason reason;

    /**
     * Creates the exception.
     *
     * @param reason  the broken rule
     * @param message the values involved
     * @param offset  the first-page offset given
     * @param length  the byte length given
     */
    public InvalidPfnListException(final Reason reason, final String message, final long offset,
            final long length) {
        super(reason + ": " + message, offset, length);
        this.reason = reason;
    }

    /**
     * The broken rule.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }
}
