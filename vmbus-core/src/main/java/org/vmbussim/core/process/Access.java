package org.vmbussim.core.process;

/**
 * The direction of a pin: what the <em>host</em> will do with the pinned pages. A buffer the host writes
 * (a response or read data) must be pinned writable (Linux {@code FOLL_WRITE}); the seed driver got this
 * backwards (RELIABILITY §1.4, item 1).
 */
public enum Access {
    /** The host only reads the pages: a readable mapping is enough. */
    HOST_READS,
    /** The host writes the pages: the mapping must be writable. */
    HOST_WRITES;

    /**
     * Whether a mapping with this protection may be pinned for this access.
     *
     * @param protection the mapping's protection
     * @return true when allowed
     */
    public boolean allowedOn(final Protection protection) {
        return this == HOST_WRITES ? protection.canWrite() : protection.canRead();
    }
}
