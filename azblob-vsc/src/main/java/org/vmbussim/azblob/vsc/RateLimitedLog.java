package org.vmbussim.azblob.vsc;

import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * WARN messages the peer can trigger, at most {@code burst} per interval (Linux
 * {@code pr_err_ratelimited}: 10 per 5 s). Suppressed messages are counted and reported with the first
 * message of the next interval. The clock is the scheduler's, so deterministic runs stay deterministic.
 * Thread-safe.
 */
final class RateLimitedLog {
    /** Linux's default burst. */
    static final int DEFAULT_BURST = 10;
    /** Linux's default interval: 5 s. */
    static final long DEFAULT_INTERVAL_NANOS = 5_000_000_000L;

    private final Logger log;
    private final LongSupplier clockNanos;
    private final int burst;
    private final long intervalNanos;
    /** Guarded by this. */
    private long windowStartNanos;
    /** Guarded by this. */
    private int printedInWindow;
    /** Guarded by this. */
    private long suppressed;
    /** Guarded by this. */
    private boolean started;

    RateLimitedLog(final Logger log, final LongSupplier clockNanos, final int burst, final long intervalNanos) {
        this.log = log;
        this.clockNanos = clockNanos;
        this.burst = burst;
        this.intervalNanos = intervalNanos;
    }

    /**
     * Logs at WARN unless the burst of this interval is spent.
     *
     * @param format an SLF4J format
     * @param args   its arguments
     */
    void warn(final String format, final Object... args) {
        if (!log.isWarnEnabled()) {
            return;
        }
        final long suppressedBefore;
        synchronized (this) {
            final long now = clockNanos.getAsLong();
            if (!started || now - windowStartNanos >= intervalNanos) {
                started = true;
                windowStartNanos = now;
                printedInWindow = 0;
            }
            if (printedInWindow >= burst) {
                suppressed++;
                return;
            }
            printedInWindow++;
            suppressedBefore = suppressed;
            suppressed = 0;
        }
        if (suppressedBefore > 0) {
            log.warn("{} similar messages suppressed", suppressedBefore);
        }
        log.warn(format, args);
    }

    /**
     * Messages suppressed since the last one printed.
     *
     * @return the count
     */
    synchronized long suppressed() {
        return suppressed;
    }
}
