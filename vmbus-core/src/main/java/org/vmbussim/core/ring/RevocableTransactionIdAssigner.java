package org.vmbussim.core.ring;

/**
 * A {@link TransactionIdAssigner} that can take an id back: what an {@link OutgoingRing.Batch}
 * needs, because it asks for ids packet by packet (after each copy, as Linux does) but publishes
 * them all at once, and a batch that is abandoned, or fails at commit on a faulted ring, must return
 * every id it took (Linux {@code hv_ringbuffer_write} gives back the id of a send that failed after
 * allocation: {@code request_addr_callback}). The requestor table implements both halves.
 *
 * <p>Threading: called by the ring's one writer, with the same serialisation as
 * {@link TransactionIdAssigner#assign}.
 */
public interface RevocableTransactionIdAssigner extends TransactionIdAssigner {
    /**
     * Frees an id this assigner handed out and that was never published, so no completion can
     * name it.
     *
     * @param transactionId an id returned by {@link #assign(long)}, not yet revoked
     */
    void revoke(long transactionId);
}
