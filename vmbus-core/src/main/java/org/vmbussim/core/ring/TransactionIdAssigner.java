package org.vmbussim.core.ring;

/**
 * Hands out the {@code trans_id} of a packet that asks for a completion: the channel's requestor
 * table (VMBUS-REFERENCE.md §3). {@link OutgoingRing#write} calls it after the packet is copied into
 * the ring and before the write is published, because once the id exists the completion path may
 * find the request (Linux {@code hv_ringbuffer_write}: "Allocate the request ID after the data has
 * been copied into the ring buffer"). If it refuses, nothing is published.
 *
 * <p>Implement it on a long-lived object (the requestor table itself), not as a lambda capturing
 * per-call state, so a write allocates nothing.
 */
@FunctionalInterface
public interface TransactionIdAssigner {
    /** Returned when no id is free ({@code VMBUS_RQST_ERROR} = U64_MAX - 1); the write becomes Full. */
    long REFUSED = 0xFFFF_FFFF_FFFF_FFFEL;

    /**
     * Allocates an id for a request.
     *
     * @param requestId the caller's cookie for the request (Linux's {@code requestid}, e.g. the
     *                  request's address or handle), to be returned when the completion comes
     * @return the id to put into {@code trans_id}, or {@link #REFUSED}
     */
    long assign(long requestId);
}
