package org.vmbussim.core.ring;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Counters of one {@link IncomingRing}, like Linux's per-channel {@code intr_in_full} plus what the
 * hardened reader repaired. Plain fields written only by the ring's reader, read with opaque loads
 * from any thread (see {@link OutgoingRingStatistics}).
 */
public final class IncomingRingStatistics {
    private static final VarHandle PACKETS = field("packets");
    private static final VarHandle BYTES = field("bytes");
    private static final VarHandle SIGNALS = field("signals");
    private static final VarHandle TRUNCATED = field("truncated");
    private static final VarHandle SANITIZED_OFFSETS = field("sanitizedOffsets");

    private long packets;
    private long bytes;
    private long signals;
    private long truncated;
    private long sanitizedOffsets;

    IncomingRingStatistics() {
    }

    private static VarHandle field(final String name) {
        try {
            return MethodHandles.lookup().findVarHandle(IncomingRingStatistics.class, name, long.class);
        } catch (final ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    void read(final int ringBytes) {
        packets++;
        bytes += ringBytes;
    }

    void truncated() {
        truncated++;
    }

    void sanitizedOffset() {
        sanitizedOffsets++;
    }

    void signalled() {
        signals++;
    }

    /**
     * Packets consumed.
     *
     * @return count
     */
    public long packetsRead() {
        return (long) PACKETS.getOpaque(this);
    }

    /**
     * Ring bytes consumed: packets with their trailers.
     *
     * @return bytes
     */
    public long bytesRead() {
        return (long) BYTES.getOpaque(this);
    }

    /**
     * Batches whose close told the caller to signal a writer waiting for space (Linux {@code intr_in_full}).
     *
     * @return count
     */
    public long signalsRequested() {
        return (long) SIGNALS.getOpaque(this);
    }

    /**
     * Packets longer than the private buffer, delivered truncated.
     *
     * @return count
     */
    public long truncatedPackets() {
        return (long) TRUNCATED.getOpaque(this);
    }

    /**
     * Packets whose {@code offset8} was out of range and replaced by 2 (16 bytes).
     *
     * @return count
     */
    public long sanitizedOffsets() {
        return (long) SANITIZED_OFFSETS.getOpaque(this);
    }

    @Override
    public String toString() {
        return "packets=" + packetsRead() + " bytes=" + bytesRead() + " intr_in_full=" + signalsRequested()
                + " truncated=" + truncatedPackets() + " sanitized_offsets=" + sanitizedOffsets();
    }
}
