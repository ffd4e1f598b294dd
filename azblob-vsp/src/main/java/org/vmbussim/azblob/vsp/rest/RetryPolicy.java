package org.vmbussim.azblob.vsp.rest;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How {@link RestForwardingBackend} retries a request that met a transient fault: at most
 * {@code maxAttempts} attempts in all, each bounded by {@code attemptTimeout} and by what is left of the
 * request's deadline, with an exponential backoff between them (half fixed, half random, so that many
 * callers failing together do not retry in step). Which faults are retried for which requests is
 * {@link RetrySafety}'s decision.
 *
 * @param maxAttempts attempts in all, first included (1 = never retry)
 * @param initialBackoff the wait before the second attempt; doubled before each further one
 * @param maxBackoff the longest wait between two attempts
 * @param attemptTimeout the bound on one attempt, from sending to the whole response
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration attemptTimeout) {
    /**
     * Validates the settings.
     *
     * @param maxAttempts attempts in all
     * @param initialBackoff first wait
     * @param maxBackoff longest wait
     * @param attemptTimeout bound on one attempt
     */
    public RetryPolicy {
        if (maxAttempts < 1 || initialBackoff == null || maxBackoff == null || attemptTimeout == null
                || initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0
                || attemptTimeout.isNegative() || attemptTimeout.isZero()) {
            throw new IllegalArgumentException("maxAttempts >= 1, 0 <= initialBackoff <= maxBackoff and a positive "
                    + "attemptTimeout are required");
        }
    }

    /**
     * 4 attempts, 100 ms doubling to at most 2 s between them, 30 s per attempt.
     *
     * @return the default policy
     */
    public static RetryPolicy defaults() {
        return new RetryPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(30));
    }

    /**
     * The same policy with another bound on one attempt.
     *
     * @param timeout the bound
     * @return the policy
     */
    public RetryPolicy withAttemptTimeout(final Duration timeout) {
        return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, timeout);
    }

    /**
     * One attempt only.
     *
     * @param attemptTimeout the bound on it
     * @return the policy
     */
    public static RetryPolicy none(final Duration attemptTimeout) {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, attemptTimeout);
    }

    /**
     * The wait after a failed attempt.
     *
     * @param failedAttempts attempts made so far (≥ 1)
     * @return between half and all of {@code min(maxBackoff, initialBackoff * 2^(failedAttempts-1))}
     */
    Duration backoffAfter(final int failedAttempts) {
        final long initial = initialBackoff.toNanos();
        final int doublings = Math.min(failedAttempts - 1, 30);
        final long ceiling = Math.min(maxBackoff.toNanos(),
                initial > (Long.MAX_VALUE >> doublings) ? Long.MAX_VALUE : initial << doublings);
        final long half = ceiling / 2;
        return Duration.ofNanos(half + (ceiling - half == 0 ? 0 : ThreadLocalRandom.current().nextLong(ceiling - half
                + 1)));
    }
}
