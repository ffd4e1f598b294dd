package org.vmbussim.azblob.vsp.store;

import java.time.Instant;

/**
 * A blob's or a container's lease as stored. The stored state is what the last lease operation or write left; the state
 * a request sees is {@link #at(Instant)}: a fixed lease whose time ran out reads as {@link
 * LeaseState#EXPIRED} and a breaking lease whose break period ended reads as {@link LeaseState#BROKEN},
 * without any timer (the store's clock decides, so tests drive expiry with a manual clock).
 *
 * @param state the state
 * @param leaseId the lease id (a GUID string); null exactly when {@link LeaseState#AVAILABLE}
 * @param durationSeconds 15..60 for a fixed lease, {@link #INFINITE} for an infinite one; kept by an
 *                        expired lease (a renewal restarts it), 0 otherwise
 * @param expires when a fixed {@link LeaseState#LEASED} lease runs out; null otherwise
 * @param breaks when a {@link LeaseState#BREAKING} lease becomes broken; null otherwise
 */
public record BlobLease(LeaseState state, String leaseId, long durationSeconds, Instant expires, Instant breaks) {
    /** {@code x-ms-lease-duration: -1}: a lease that never expires. */
    public static final long INFINITE = -1;
    /** The shortest fixed lease, in seconds. */
    public static final long MIN_DURATION_SECONDS = 15;
    /** The longest fixed lease, in seconds. */
    public static final long MAX_DURATION_SECONDS = 60;
    /** No lease. */
    public static final BlobLease NONE = new BlobLease(LeaseState.AVAILABLE, null, 0, null, null);

    /**
     * Checks the parts are a consistent lease.
     *
     * @param state the state
     * @param leaseId the id
     * @param durationSeconds the duration
     * @param expires the expiry of a fixed active lease
     * @param breaks the end of a break period
     */
    public BlobLease {
        if (state == null || (leaseId == null) != (state == LeaseState.AVAILABLE)) {
            throw new IllegalArgumentException("a lease id is required exactly when leased: " + state);
        }
        final boolean fixed = durationSeconds >= MIN_DURATION_SECONDS && durationSeconds <= MAX_DURATION_SECONDS;
        final boolean valid = switch (state) {
            case AVAILABLE, BROKEN -> durationSeconds == 0 && expires == null && breaks == null;
            case LEASED -> breaks == null && (durationSeconds == INFINITE ? expires == null : fixed && expires != null);
            case EXPIRED -> fixed && expires == null && breaks == null;
            case BREAKING -> durationSeconds == 0 && expires == null && breaks != null;
        };
        if (!valid) {
            throw new IllegalArgumentException("inconsistent lease: " + state + " duration=" + durationSeconds
                    + " expires=" + expires + " breaks=" + breaks);
        }
    }

    /**
     * The lease as a request arriving at a time sees it.
     *
     * @param now the store's current time
     * @return this lease, or its expired or broken successor when its time has passed
     */
    public BlobLease at(final Instant now) {
        if (state == LeaseState.LEASED && expires != null && !now.isBefore(expires)) {
            return new BlobLease(LeaseState.EXPIRED, leaseId, durationSeconds, null, null);
        }
        if (state == LeaseState.BREAKING && !now.isBefore(breaks)) {
            return new BlobLease(LeaseState.BROKEN, leaseId, 0, null, null);
        }
        return this;
    }

    /**
     * Whether writes need the lease id ({@code x-ms-lease-status: locked}); meaningful on {@link #at}'s result.
     *
     * @return true when leased or breaking
     */
    public boolean locked() {
        return state == LeaseState.LEASED || state == LeaseState.BREAKING;
    }

    /**
     * Whether a lease id names this lease (GUIDs compare without regard to case).
     *
     * @param id the id from a request, or null
     * @return true when it is this lease's id
     */
    public boolean isId(final String id) {
        return leaseId != null && id != null && leaseId.equalsIgnoreCase(id.trim());
    }
}
