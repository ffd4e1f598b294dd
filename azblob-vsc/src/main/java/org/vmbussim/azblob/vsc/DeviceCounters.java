package org.vmbussim.azblob.vsc;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.vmbussim.uapi.Errno;

/**
 * The monotonic counters of one device. Contended writers, rare readers: {@link LongAdder}s. The
 * per-status map is bounded ({@link #MAX_DISTINCT_STATUSES}) because the host chooses the status values
 * and must not be able to grow the guest's memory; further statuses count as "other".
 */
final class DeviceCounters {
    /** Distinct host status values counted one by one; the rest are lumped together. */
    static final int MAX_DISTINCT_STATUSES = 64;

    final LongAdder submitted = new LongAdder();
    final LongAdder sent = new LongAdder();
    final LongAdder completions = new LongAdder();
    final LongAdder droppedPackets = new LongAdder();
    final LongAdder requestBytes = new LongAdder();
    final LongAdder dataBytes = new LongAdder();
    final LongAdder responseBytes = new LongAdder();
    final LongAdder orphanedTotal = new LongAdder();
    private final Map<Errno, LongAdder> errnos = new EnumMap<>(Errno.class);
    private final ConcurrentHashMap<Long, LongAdder> byStatus = new ConcurrentHashMap<>();
    private final LongAdder otherStatus = new LongAdder();

    DeviceCounters() {
        // Filled once, read concurrently afterwards: EnumMap lookups are then safe without a lock.
        for (final Errno e : Errno.values()) {
            errnos.put(e, new LongAdder());
        }
    }

    void errno(final Errno errno) {
        errnos.get(errno).increment();
    }

    /** Counts an accepted completion by its u32 status. */
    void status(final int status) {
        final long key = Integer.toUnsignedLong(status);
        LongAdder adder = byStatus.get(key);
        if (adder == null) {
            if (byStatus.size() >= MAX_DISTINCT_STATUSES) {
                otherStatus.increment();
                return;
            }
            adder = byStatus.computeIfAbsent(key, k -> new LongAdder());
        }
        adder.increment();
    }

    Map<Long, Long> statusCounts() {
        final Map<Long, Long> out = new TreeMap<>();
        byStatus.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    long otherStatusCount() {
        return otherStatus.sum();
    }

    /** Errnos with a non-zero count, in enum order. */
    Map<Errno, Long> errnoCounts() {
        final Map<Errno, Long> out = new LinkedHashMap<>();
        errnos.forEach((e, v) -> {
            final long n = v.sum();
            if (n != 0) {
                out.put(e, n);
            }
        });
        return out;
    }
}
