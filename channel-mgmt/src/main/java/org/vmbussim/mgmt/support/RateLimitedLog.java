package org.vmbussim.mgmt.support;

import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Warnings a peer can trigger at will, rate-limited like Linux's {@code printk_ratelimit}: at most
 * {@code burst} messages per interval; the rest are counted and the count is reported with the next message
 * that gets through. Time comes from the caller's clock so a deterministic test sees the same log twice.
 * Thread-safe.
 */
public final class RateLimitedLog {
    /** Linux's default burst: 10 messages. */
    public static final int DEFAULT_BURST = 10;
    /** Linux's default interval: 5 seconds. */
    public static final long DEFAULT_INTERVAL_NANOS = 5_000_000_000L;

    private final Logger logger;
    private final LongSupplier nanoClock;
    private final int burst;
    private final long intervalNanos;
    private long windowStartNanos;
    private boolean started;
    private int inWindow;
    private long suppressed;

    /**
     * Creates a limiter with Linux's defaults.
     *
     * @param logger    where messages go
     * @param nanoClock the time source
     */
    public RateLimitedLog(final Logger logger, final LongSupplier nanoClock) {
        this(logger, nanoClock, DEFAULT_BURST, DEFAULT_INTERVAL_NANOS);
    }

    /**
     * Creates a limiter.
     *
     * @param logger        where messages go
     * @param nanoClock     the time source
     * @param burst         messages allowed per interval, at least 1
     * @param intervalNanos the interval
     */
    public RateLimitedLog(final Logger logger, final LongSupplier nanoClock, final int burst,
            final long intervalNanos) {
        if (burst < 1 || intervalNanos <= 0) {
            throw new IllegalArgumentException("burst=" + burst + ", intervalNanos=" + intervalNanos
                    + " (expected: both > 0)");
        }
        this.logger = logger;
        this.nanoClock = nanoClock;
        this.burst = burst;
        this.intervalNanos = intervalNanos;
    }

    /**
     * Logs a warning unless the limit is reached.
     *
     * @param format SLF4J format
     * @param args   arguments
     * @return true when the message was logged
     */
    public boolean warn(final String format, final Object... args) {
        final long dropped;
        synchronized (this) {
            final long now = nanoClock.getAsLong();
            if (!started || now - windowStartNanos >= intervalNanos) {
                started = true;
                windowStartNanos = now;
                inWindow = 0;
            }
            if (inWindow >= burst) {
                suppressed++;
                return false;
            }
            inWindow++;
            dropped = suppressed;
            suppressed = 0;
        }
        if (dropped > 0) {
            logger.warn("{} similar warnings suppressed", dropped);
        }
        logger.warn(format, args);
        return true;
    }

    /**
     * Warnings suppressed since the last one that got through.
     *
     * @return the count
     */
    public synchronized long suppressed() {
        return suppressed;
    }
}
