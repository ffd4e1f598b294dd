package org.vmbussim.azblob.vsp.store;

/** The lease states of a blob, as {@code x-ms-lease-state} spells them. */
public enum LeaseState {
    /** No lease: anyone may write, anyone may acquire. */
    AVAILABLE("available"),
    /** An active lease: writes need its id. */
    LEASED("leased"),
    /** A fixed-duration lease ran out: unlocked, but its holder may still renew it. */
    EXPIRED("expired"),
    /** Broken with a break period still running: still locked, cannot be renewed or changed. */
    BREAKING("breaking"),
    /** Broken: unlocked; may be released or acquired again. */
    BROKEN("broken");

    private final String headerValue;

    LeaseState(final String headerValue) {
        this.headerValue = headerValue;
    }

    /**
     * The value of {@code x-ms-lease-state} (and of LeaseState in List Blobs).
     *
     * @return e.g. {@code leased}
     */
    public String headerValue() {
        return headerValue;
    }
}
