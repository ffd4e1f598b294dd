package org.vmbussim.testfixtures.reliability;

/**
 * The sizes of the reliability runs, from system properties so that one command gives the CI slice and another
 * the long run (docs/reliability.md):
 *
 * <ul>
 * <li>{@code vmbussim.fuzz.iterations}: inputs per parser (default 100 000, the CI slice; the long run uses
 *     10 000 000);</li>
 * <li>{@code vmbussim.fuzz.seed}: the campaign seed (default fixed, so CI is reproducible);</li>
 * <li>{@code vmbussim.fuzz.inputBoundMillis}: the wall-clock bound on one input, past which it counts as a hang
 *     (default 10 000 ms: a
 *     hang, not a slow input on a loaded machine — quiet, the slowest epoch of 5 000 inputs takes about a second);</li>
 * <li>{@code vmbussim.soak.threads} and {@code vmbussim.soak.requests}: the soak's threads and requests per
 *     thread (default 8 and 2 000; the long run uses 64 and 100 000).</li>
 * </ul>
 */
final class FuzzSettings {
    /** Inputs per parser in the CI slice. */
    static final long CI_ITERATIONS = 100_000;
    /** The campaign seed CI uses. */
    static final long CI_SEED = 0x5EED_F022L;

    private FuzzSettings() {
    }

    static long iterations() {
        return Long.getLong("vmbussim.fuzz.iterations", CI_ITERATIONS);
    }

    static long seed() {
        return Long.getLong("vmbussim.fuzz.seed", CI_SEED);
    }

    static long inputBoundNanos() {
        return Long.getLong("vmbussim.fuzz.inputBoundMillis", 10_000) * 1_000_000L;
    }

    static int soakThreads() {
        return Integer.getInteger("vmbussim.soak.threads", 8);
    }

    static int soakRequestsPerThread() {
        return Integer.getInteger("vmbussim.soak.requests", 2_000);
    }
}
