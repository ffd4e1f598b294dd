package org.vmbussim.mgmt.bus;

import java.time.Duration;

/**
 * The bus's bounds on waiting for drivers.
 *
 * @param drainTimeoutNanos how long removal waits for I/O in flight before failing it with ENODEV
 * @param probeTimeoutNanos how long a probe may take before the bus counts it as failed (ETIMEDOUT)
 */
public record BusConfig(long drainTimeoutNanos, long probeTimeoutNanos) {
    /** The defaults: 5 s to drain, 30 s to probe. */
    public static final BusConfig DEFAULTS = new BusConfig(Duration.ofSeconds(5).toNanos(),
            Duration.ofSeconds(30).toNanos());

    /**
     * Validates.
     *
     * @param drainTimeoutNanos drain bound
     * @param probeTimeoutNanos probe bound
     */
    public BusConfig {
        if (drainTimeoutNanos < 0 || probeTimeoutNanos <= 0) {
            throw new IllegalArgumentException("drainTimeoutNanos=" + drainTimeoutNanos + ", probeTimeoutNanos="
                    + probeTimeoutNanos + " (expected: >= 0 and > 0)");
        }
    }
}
