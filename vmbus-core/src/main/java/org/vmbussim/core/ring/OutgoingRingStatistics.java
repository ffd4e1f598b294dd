package org.vmbussim.core.ring;

/**
 * Counters of one {@link OutgoingRing}, like the per-channel counters Linux exposes in sysfs
 * ({@code intr_out_empty}, {@code out_full_first}, {@code out_full_total}). Written only by the ring's
 * writer; readable from any thread.
 */
public final class OutgoingRingStatistics {
    private final OpaqueCounter packets = new OpaqueCounter();
    private final OpaqueCounter bytes = new OpaqueCounter();
    private final OpaqueCounter signals = new OpaqueCounter();
    private final OpaqueCounter ringFull = new OpaqueCounter();
    private final OpaqueCounter ringFullFirst = new OpaqueCounter();
    private final OpaqueCounter requestorFull = new OpaqueCounter();
    private boolean fullSinceLastWrite;

    OutgoingRingStatistics() {
    }

    void written(final int ringBytes, final boolean signalled) {
        packets.increment();
        bytes.add(ringBytes);
        if (signalled) {
            signals.increment();
        }
        fullSinceLastWrite = false;
    }

    void ringFull() {
        ringFull.increment();
        if (!fullSinceLastWrite) {
            ringFullFirst.increment();
            fullSinceLastWrite = true;
        }
    }

    void requestorFull() {
        requestorFull.increment();
    }

    /**
     * Packets published.
     *
     * @return count
     */
    public long packetsWritten() {
        return packets.get();
    }

    /**
     * Ring bytes published: packets with their padding and trailers.
     *
     * @return bytes
     */
    public long bytesWritten() {
        return bytes.get();
    }

    /**
     * Writes that told the caller to signal the reader (empty to non-empty, unmasked; Linux {@code intr_out_empty}).
     *
     * @return count
     */
    public long signalsRequested() {
        return signals.get();
    }

    /**
     * Writes refused because the ring was full (Linux {@code out_full_total}).
     *
     * @return count
     */
    public long ringFullEvents() {
        return ringFull.get();
    }

    /**
     * Ring-full refusals that were the first since the last successful write (Linux {@code out_full_first}).
     *
     * @return count
     */
    public long ringFullFirstEvents() {
        return ringFullFirst.get();
    }

    /**
     * Writes refused because the transaction-id assigner was full.
     *
     * @return count
     */
    public long requestorFullEvents() {
        return requestorFull.get();
    }

    @Override
    public String toString() {
        return "packets=" + packetsWritten() + " bytes=" + bytesWritten() + " intr_out_empty=" + signalsRequested()
                + " out_full_first=" + ringFullFirstEvents() + " out_full_total=" + ringFullEvents()
                + " requestor_full=" + requestorFullEvents();
    }
}
