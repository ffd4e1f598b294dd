package org.vmbussim.core.ring;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Counters of one {@link OutgoingRing}, like the per-channel counters Linux exposes in sysfs
 * ({@code intr_out_empty}, {@code out_full_first}, {@code out_full_total}). Plain fields written only
 * by the ring's writer (as Linux's are), read with opaque loads from any thread: a reader sees values
 * at most a little stale, and on a 64-bit JVM never torn. Plain stores keep the write path cheap.
 */
public final class OutgoingRingStatistics {
    private static final VarHandle PACKETS = field("packets");
    private static final VarHandle BYTES = field("bytes");
    private static final VarHandle SIGNALS = field("signals");
    private static final VarHandle RING_FULL = field("ringFull");
    private static final VarHandle RING_FULL_FIRST = field("ringFullFirst");
    private static final VarHandle REQUESTOR_FULL = field("requestorFull");

    private long packets;
    private long bytes;
    private long signals;
    private long ringFull;
    private long ringFullFirst;
    private long requestorFull;
    private boolean fullSinceLastWrite;

    OutgoingRingStatistics() {
    }

    private static VarHandle field(final String name) {
        try {
            return MethodHandles.lookup().findVarHandle(OutgoingRingStatistics.class, name, long.class);
        } catch (final ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    void written(final int ringBytes, final boolean signalled) {
        packets++;
        bytes += ringBytes;
        if (signalled) {
            signals++;
        }
        fullSinceLastWrite = false;
    }

    void writtenBatch(final int packetCount, final int ringBytes, final boolean signalled) {
        packets += packetCount;
        bytes += ringBytes;
        if (signalled) {
            signals++;
        }
        fullSinceLastWrite = false;
    }

    void ringFull() {
        ringFull++;
        if (!fullSinceLastWrite) {
            ringFullFirst++;
            fullSinceLastWrite = true;
        }
    }

    void requestorFull() {
        requestorFull++;
    }

    /**
     * Packets published.
     *
     * @return count
     */
    public long packetsWritten() {
        return (long) PACKETS.getOpaque(this);
    }

    /**
     * Ring bytes published: packets with their padding and trailers.
     *
     * @return bytes
     */
    public long bytesWritten() {
        return (long) BYTES.getOpaque(this);
    }

    /**
     * Writes that told the caller to signal the reader (empty to non-empty, unmasked; Linux {@code intr_out_empty}).
     *
     * @return count
     */
    public long signalsRequested() {
        return (long) SIGNALS.getOpaque(this);
    }

    /**
     * Writes refused because the ring was full (Linux {@code out_full_total}).
     *
     * @return count
     */
    public long ringFullEvents() {
        return (long) RING_FULL.getOpaque(this);
    }

    /**
     * Ring-full refusals that were the first since the last successful write (Linux {@code out_full_first}).
     *
     * @return count
     */
    public long ringFullFirstEvents() {
        return (long) RING_FULL_FIRST.getOpaque(this);
    }

    /**
     * Writes refused because the transaction-id assigner was full.
     *
     * @return count
     */
    public long requestorFullEvents() {
        return (long) REQUESTOR_FULL.getOpaque(this);
    }

    @Override
    public String toString() {
        return "packets=" + packetsWritten() + " bytes=" + bytesWritten() + " intr_out_empty=" + signalsRequested()
                + " out_full_first=" + ringFullFirstEvents() + " out_full_total=" + ringFullEvents()
                + " requestor_full=" + requestorFullEvents();
    }
}
