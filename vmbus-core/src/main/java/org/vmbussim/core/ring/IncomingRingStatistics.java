package org.vmbussim.core.ring;

/**
 * Counters of one {@link IncomingRing}, like Linux's per-channel {@code intr_in_full} plus what the
 * hardened reader repaired. Written only by the ring's reader; readable from any thread.
 */
public final class IncomingRingStatistics {
    private final OpaqueCounter packets = new OpaqueCounter();
    private final OpaqueCounter bytes = new OpaqueCounter();
    private final OpaqueCounter signals = new OpaqueCounter();
    private final OpaqueCounter truncated = new OpaqueCounter();
    private final OpaqueCounter sanitizedOffsets = new OpaqueCounter();

    IncomingRingStatistics() {
    }

    void read(final int ringBytes, final boolean wasTruncated, final boolean offsetSanitized) {
        packets.increment();
        bytes.add(ringBytes);
        if (wasTruncated) {
            truncated.increment();
        }
        if (offsetSanitized) {
            sanitizedOffsets.increment();
        }
    }

    void signalled() {
        signals.increment();
    }

    /**
     * Packets consumed.
     *
     * @return count
     */
    public long packetsRead() {
        return packets.get();
    }

    /**
     * Ring bytes consumed: packets with their trailers.
     *
     * @return bytes
     */
    public long bytesRead() {
        return bytes.get();
    }

    /**
     * Batches whose close told the caller to signal a writer waiting for space (Linux {@code intr_in_full}).
     *
     * @return count
     */
    public long signalsRequested() {
        return signals.get();
    }

    /**
     * Packets longer than the private buffer, delivered truncated.
     *
     * @return count
     */
    public long truncatedPackets() {
        return truncated.get();
    }

    /**
     * Packets whose {@code offset8} was out of range and replaced by 2 (16 bytes).
     *
     * @return count
     */
    public long sanitizedOffsets() {
        return sanitizedOffsets.get();
    }

    @Override
    public String toString() {
        return "packets=" + packetsRead() + " bytes=" + bytesRead() + " intr_in_full=" + signalsRequested()
                + " truncated=" + truncatedPackets() + " sanitized_offsets=" + sanitizedOffsets();
    }
}
