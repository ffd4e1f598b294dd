package org.vmbussim.testfixtures.reliability;

import io.netty.util.ResourceLeakDetector;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link FuzzTarget}: inputs {@code 0 .. n-1}, each generated from {@link #inputRandom}, in epochs of
 * fresh harnesses. Any exception or assertion failure, and any input slower than the bound (a hang), fails the
 * campaign with the target, seed and input index, which is all {@link #replay} needs; copy them into a file
 * under {@code src/test/resources/reliability/regressions/<target>/} to keep the input as a regression.
 */
final class FuzzCampaign {
    private static final Logger LOG = LoggerFactory.getLogger(FuzzCampaign.class);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** What a campaign did. */
    record Summary(String target, long inputs, long nanos, long cpuNanos, Map<String, Long> outcomes) {
        String line() {
            return "fuzz " + target + ": " + inputs + " inputs in " + nanos / 1_000_000 + " ms (" + cpuNanos / 1_000_000
                    + " ms CPU), 0 failures, outcomes " + outcomes;
        }
    }

    private FuzzCampaign() {
    }

    /**
     * The randomness of input {@code index} of a campaign.
     *
     * @param seed  the campaign seed
     * @param index the input's index
     * @return a new generator
     */
    static Random inputRandom(final long seed, final long index) {
        long z = seed + (index + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return new Random(z ^ (z >>> 31));
    }

    static Summary run(final FuzzTarget target, final long seed, final long inputs) {
        // Netty's paranoid leak detector records a stack trace at every buffer access, which costs more than the
        // input itself; the campaign samples (SIMPLE) instead, and the rest of the suite stays paranoid.
        final ResourceLeakDetector.Level level = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.SIMPLE);
        try {
            return runAtLeakLevel(target, seed, inputs);
        } finally {
            ResourceLeakDetector.setLevel(level);
        }
    }

    private static Summary runAtLeakLevel(final FuzzTarget target, final long seed, final long inputs) {
        final long boundNanos = FuzzSettings.inputBoundNanos();
        final Map<String, Long> outcomes = new TreeMap<>();
        final long start = System.nanoTime();
        final long cpuStart = THREADS.getCurrentThreadCpuTime();
        long index = 0;
        while (index < inputs) {
            final long epochEnd = Math.min(inputs, index + target.epochLength());
            final long epochStart = index;
            try (FuzzTarget.Harness harness = target.newHarness()) {
                for (; index < epochEnd; index++) {
                    final long before = System.nanoTime();
                    final String outcome = feed(target, harness, seed, index);
                    final long took = System.nanoTime() - before;
                    if (took > boundNanos) {
                        throw new AssertionError(where(target, seed, index) + ": took " + took / 1_000_000
                                + " ms (bound " + boundNanos / 1_000_000 + " ms): a hang");
                    }
                    outcomes.merge(outcome, 1L, Long::sum);
                }
                harness.counters().forEach((k, v) -> outcomes.merge(k, v, Long::sum));
            } catch (final AssertionError | RuntimeException e) {
                if (e.getMessage() != null && e.getMessage().startsWith("fuzz ")) {
                    throw e;
                }
                throw new AssertionError(where(target, seed, index) + " (epoch from " + epochStart
                        + "), building the harness or at its end-of-epoch checks: " + e, e);
            }
        }
        final Summary summary = new Summary(target.name(), inputs, System.nanoTime() - start,
                THREADS.getCurrentThreadCpuTime() - cpuStart, outcomes);
        LOG.info(summary.line());
        return summary;
    }

    private static String feed(final FuzzTarget target, final FuzzTarget.Harness harness, final long seed,
            final long index) {
        try {
            return harness.feed(inputRandom(seed, index));
        } catch (final AssertionError | RuntimeException e) {
            throw new AssertionError(where(target, seed, index) + ": " + e, e);
        }
    }

    private static String where(final FuzzTarget target, final long seed, final long index) {
        return "fuzz " + target.name() + " seed=0x" + Long.toHexString(seed) + " iteration=" + index;
    }

    /**
     * Replays one input: a fresh harness fed the inputs of its epoch up to and including it.
     *
     * @param target the target
     * @param seed   the campaign seed
     * @param index  the input
     */
    static void replay(final FuzzTarget target, final long seed, final long index) {
        final long epochStart = index - index % target.epochLength();
        try (FuzzTarget.Harness harness = target.newHarness()) {
            for (long i = epochStart; i <= index; i++) {
                feed(target, harness, seed, i);
            }
        }
    }
}
