package org.vmbussim.mgmt.message;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import org.vmbussim.mgmt.support.RateLimitedLog;

/**
 * Counts dropped channel messages by reason and warns about them, rate-limited: a peer that sends garbage
 * must not be able to flood the log. Thread-safe.
 */
public final class MessageDrops {
    private final String side;
    private final RateLimitedLog log;
    private final AtomicLongArray counts = new AtomicLongArray(DropReason.values().length);

    /**
     * Creates the counters.
     *
     * @param side who receives, for the log ("guest" or "host")
     * @param log  where the warnings go
     */
    public MessageDrops(final String side, final RateLimitedLog log) {
        this.side = side;
        this.log = log;
    }

    /**
     * Records a drop and warns (rate-limited).
     *
     * @param reason  why
     * @param msgType the message's type id, or -1 when it has none
     * @param length  the message's length
     * @param detail  what exactly was wrong
     */
    public void drop(final DropReason reason, final int msgType, final int length, final String detail) {
        counts.incrementAndGet(reason.ordinal());
        log.warn("{} dropped channel message: {} msgtype={} len={}: {}", side, reason, msgType, length, detail);
    }

    /**
     * Drops of one reason so far.
     *
     * @param reason the reason
     * @return the count
     */
    public long count(final DropReason reason) {
        return counts.get(reason.ordinal());
    }

    /**
     * All drops so far.
     *
     * @return the count
     */
    public long total() {
        long sum = 0;
        for (int i = 0; i < counts.length(); i++) {
            sum += counts.get(i);
        }
        return sum;
    }

    /**
     * A snapshot of the non-zero counts.
     *
     * @return reason to count
     */
    public Map<DropReason, Long> snapshot() {
        final Map<DropReason, Long> out = new EnumMap<>(DropReason.class);
        for (final DropReason r : DropReason.values()) {
            if (counts.get(r.ordinal()) != 0) {
                out.put(r, counts.get(r.ordinal()));
            }
        }
        return out;
    }
}
