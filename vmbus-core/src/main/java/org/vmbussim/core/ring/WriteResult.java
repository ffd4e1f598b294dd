package org.vmbussim.core.ring;

/**
 * What {@link OutgoingRing#write} did: {@link Written} (published) or {@link Full} (nothing was
 * published; retry later). A corrupt ring is not a result but a {@link RingCorruptedException}.
 *
 * <p>To keep the write path free of allocation, each ring owns one instance of each kind and
 * overwrites it on the next write: read the values before writing again, and copy them if you keep
 * them (the flyweight style of Agrona and Aeron).
 *
 * <pre>{@code
 * WriteResult r = ring.write(packet, requestId, requestor);
 * if (r instanceof WriteResult.Written w) {
 *     if (w.signalPeer()) { channel.signal(); }
 * } else {
 *     WriteResult.Full full = (WriteResult.Full) r;   // -EAGAIN: back off, or requestSpace(full.bytesNeeded())
 * }
 * }</pre>
 */
public abstract sealed class WriteResult permits WriteResult.Written, WriteResult.Full {

    WriteResult() {
    }

    /** Why a write did not happen. */
    public enum Cause {
        /** The ring had no room: free bytes {@code <=} packet + trailer (Linux -EAGAIN). */
        RING,
        /** The packet was copied but the transaction-id assigner refused (requestor table full, -EAGAIN). */
        REQUESTOR
    }

    /** The packet is in the ring and {@code write_index} was published. */
    public static final class Written extends WriteResult {
        private boolean signalPeer;
        private long transactionId;

        Written() {
        }

        Written set(final boolean signal, final long transId) {
            this.signalPeer = signal;
            this.transactionId = transId;
            return this;
        }

        /**
         * Whether the caller must signal the reader: the reader's {@code interrupt_mask} was 0 and this
         * write took the ring from empty to non-empty.
         *
         * @return true to signal
         */
        public boolean signalPeer() {
            return signalPeer;
        }

        /**
         * The {@code trans_id} written into the packet: the assigner's id, or the caller's request id
         * when there was no assigner.
         *
         * @return the id
         */
        public long transactionId() {
            return transactionId;
        }

        @Override
        public String toString() {
            return "Written[signalPeer=" + signalPeer + ", transactionId=0x" + Long.toHexString(transactionId) + "]";
        }
    }

    /** Nothing was published; the ring's indices are unchanged. Retry later. */
    public static final class Full extends WriteResult {
        private int bytesNeeded;
        private Cause cause;

        Full() {
        }

        Full set(final int needed, final Cause why) {
            this.bytesNeeded = needed;
            this.cause = why;
            return this;
        }

        /**
         * Free bytes the write needs, more than which must be free for it to fit: the padded packet
         * plus its 8-byte trailer. The value to pass to {@link OutgoingRing#requestSpace(int)}.
         *
         * @return bytes
         */
        public int bytesNeeded() {
            return bytesNeeded;
        }

        /**
         * Why the write did not happen.
         *
         * @return the cause
         */
        public Cause cause() {
            return cause;
        }

        @Override
        public String toString() {
            return "Full[bytesNeeded=" + bytesNeeded + ", cause=" + cause + "]";
        }
    }
}
