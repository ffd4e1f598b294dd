package org.vmbussim.core.memory;

import org.vmbussim.wire.MemoryAccessException;

/**
 * A page frame number that does not lie in guest RAM: below the base PFN, at or past its end, or a huge
 * (for example negative, i.e. u64 with the top bit set) value from the wire. The host side gets this
 * for a bad PFN in a PFN list; the guest side for a bad PFN handed to {@link GuestMemory#checkPfn}.
 *
 * <p>{@link #address()} holds the offending PFN (not a byte address) and {@link #length()} is one page,
 * so a generic {@link MemoryAccessException} handler still sees the faulting value.
 */
public final class InvalidPfnException extends MemoryAccessException {
    private static final long serialVersionUID = 1L;

    /** Value of {@link #pfnIndex()} when the PFN was not taken from a list. */
    public static final int NO_INDEX = -1;

    private final long pfn;
    private final int pfnIndex;

    /**
     * Creates the exception.
     *
     * @param message  what was wrong, with the PFN, its index and the guest RAM range
     * @param pfn      the offending PFN (as the raw 64-bit value)
     * @param pfnIndex its index in the PFN list, or {@link #NO_INDEX}
     */
    public InvalidPfnException(final String message, final long pfn, final int pfnIndex) {
        super(message, pfn, HvPage.PAGE_SIZE);
        this.pfn = pfn;
        this.pfnIndex = pfnIndex;
    }

    /**
     * The offending PFN.
     *
     * @return the raw 64-bit value (print with {@link Long#toHexString})
     */
    public long pfn() {
        return pfn;
    }

    /**
     * The PFN's index in the list it came from.
     *
     * @return the index, or {@link #NO_INDEX}
     */
    public int pfnIndex() {
        return pfnIndex;
    }
}
