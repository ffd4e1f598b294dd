package org.vmbussim.core.memory;

import org.vmbussim.wire.MemoryAccessException;

/**
 * An access through a {@link PfnListRegion} that no longer grants it: the region was revoked (the host
 * finished with the request it was built for), or one of its pages was released by the guest since the
 * region was built (the page may now belong to another process). A {@link MemoryAccessException}, so a
 * host that catches that type fails the access like any other bad address.
 */
public final class RegionRevokedException extends MemoryAccessException {
    private static final long serialVersionUID = 1L;

    /** Why the region no longer grants access. */
    public enum Reason {
        /** {@link PfnListRegion#revoke()} was called. */
        REVOKED,
        /** A page of the list was released to the guest's allocator after the region was built. */
        PAGE_RELEASED
    }

    private final Reason reason;

    /**
     * Creates the exception.
     *
     * @param reason  why access is refused
     * @param message the region and access involved
     * @param address the region address of the access
     * @param length  the access length
     */
    public RegionRevokedException(final Reason reason, final String message, final long address, final long length) {
        super(reason + ": " + message, address, length);
        this.reason = reason;
    }

    /**
     * Why access is refused.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }
}
