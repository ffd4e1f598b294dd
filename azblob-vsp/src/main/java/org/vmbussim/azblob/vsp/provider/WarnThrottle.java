package org.vmbussim.azblob.vsp.provider;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets one warning through per interval (Linux {@code pr_warn_ratelimited}): warnings a guest can
 * trigger must not flood the host's log. Thread-safe.
 */
final class WarnThrottle {
    private static final long NEVER = Long.MIN_VALUE;

    private final long intervalNanos;
    private final AtomicLong nextAllowedNanos = new AtomicLong(NEVER);
    private final AtomicLong suppressed = new AtomicLong();

    WarnThrottle(final long interval, final TimeUnit unit) {
        this.intervalNanos = unit.toNanos(interval);
    }

    /**
     * Whether to log now. Uses the JVM's monotonic clock: this is log hygiene, not simulated behaviour.
     *
     * @return true for the first call of each interval
     */
    boolean allow() {
        final long now = System.nanoTime();
        final long next = nextAllowedNanos.get();
        if ((next == NEVER || now - next >= 0) && nextAllowedNanos.compareAndSet(next, now + intervalNanos)) {
            return true;
        }
        suppressed.incrementAndGet();
        return false;
    }

    /**
     * Warnings suppressed so far; reset by the call.
     *
     * @return the count since the last call
     */
    long takeSuppressed() {
        return suppressed.getAndSet(0);
    }
}
