package org.vmbussim.core.channel;

import org.vmbussim.uapi.Errno;

/**
 * What a send on a {@link ChannelEnd} did. {@link Status#SENT} carries the transaction id put on the
 * wire; the other outcomes sent nothing and carry the errno Linux would return. Ring-full and
 * requestor-full are retryable ({@code EAGAIN}); wait with {@link ChannelEnd#awaitSpace(int)}.
 */
public final class SendResult {
    /** Outcomes of a send. */
    public enum Status {
        /** Published on the ring. */
        SENT(null),
        /** Not enough free ring space ({@code EAGAIN}). */
        RING_FULL(Errno.EAGAIN),
        /** No free requestor id ({@code EAGAIN}). */
        REQUESTOR_FULL(Errno.EAGAIN),
        /** The channel was rescinded or closed ({@code ENODEV}). */
        GONE(Errno.ENODEV),
        /** The ring was found corrupt; the channel is faulted ({@code EIO}). */
        FAULTED(Errno.EIO);

        private final Errno errno;

        Status(final Errno errno) {
            this.errno = errno;
        }

        /**
         * The errno of this outcome.
         *
         * @return the errno, null for {@link #SENT}
         */
        public Errno errno() {
            return errno;
        }
    }

    static final SendResult REQUESTOR_FULL = new SendResult(Status.REQUESTOR_FULL, 0, 0);
    static final SendResult GONE = new SendResult(Status.GONE, 0, 0);
    static final SendResult FAULTED = new SendResult(Status.FAULTED, 0, 0);

    private final Status status;
    private final long transactionId;
    private final int bytesNeeded;

    private SendResult(final Status status, final long transactionId, final int bytesNeeded) {
        this.status = status;
        this.transactionId = transactionId;
        this.bytesNeeded = bytesNeeded;
    }

    static SendResult sent(final long transactionId) {
        return new SendResult(Status.SENT, transactionId, 0);
    }

    static SendResult ringFull(final int bytesNeeded) {
        return new SendResult(Status.RING_FULL, 0, bytesNeeded);
    }

    /**
     * The outcome.
     *
     * @return the status
     */
    public Status status() {
        return status;
    }

    /**
     * Whether the packet was published.
     *
     * @return true for {@link Status#SENT}
     */
    public boolean isSent() {
        return status == Status.SENT;
    }

    /**
     * The {@code trans_id} on the wire: the requestor id for a completion-requested packet on a channel
     * with a requestor, else the caller's request id.
     *
     * @return the id (meaningful when sent)
     */
    public long transactionId() {
        return transactionId;
    }

    /**
     * For {@link Status#RING_FULL}: the free ring bytes the packet needs (packet, padding and trailer).
     *
     * @return bytes, 0 otherwise
     */
    public int bytesNeeded() {
        return bytesNeeded;
    }

    /**
     * The errno a system call would return.
     *
     * @return the errno, null when sent
     */
    public Errno errno() {
        return status.errno();
    }

    @Override
    public String toString() {
        return status == Status.SENT ? "SENT(trans_id=" + transactionId + ")"
                : status == Status.RING_FULL ? "RING_FULL(bytesNeeded=" + bytesNeeded + ")" : status.name();
    }
}
