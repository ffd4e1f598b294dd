package org.vmbussim.bench.e2e;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A warm-up that ends when the JIT does, for a trial's setup: runs the benchmark's own operation until the JIT has
 * compiled less than {@value #QUIET_COMPILE_MILLIS} ms in each of {@value #QUIET_WINDOWS} consecutive seconds, or
 * for at most a given time.
 *
 * <p>Why: on the 2-core machine the JIT competes with the benchmark for the cores, and a large request path (the
 * SDK's Reactor pipeline, Netty and the JDK HTTP client) compiles for 6 to 20 s. A fixed JMH warm-up long enough
 * for the worst case does not fit the suite's ten minutes, and one too short measures iterations that still rise
 * from one to the next, favouring whichever path finishes compiling first. Compilation time comes from
 * {@link CompilationMXBean#getTotalCompilationTime()} (all compiler threads); a JVM without it gets no warm-up here.
 */
final class JitWarmUp {
    /** Compilation time per second below which the JIT counts as quiet. */
    static final long QUIET_COMPILE_MILLIS = 50;
    /** Consecutive quiet seconds that end the warm-up. */
    static final int QUIET_WINDOWS = 2;
    /**
     * System property: the longest such warm-up in {@link EndToEndBenchmark}'s setup, in seconds (default 0: none,
     * JMH's warm-up only). The suite sets it per step.
     */
    static final String MAX_SECONDS_PROPERTY = "vmbussim.bench.prewarmSeconds";

    private JitWarmUp() {
    }

    /**
     * Runs {@code operation} until the JIT is quiet or {@code maxSeconds} have passed, then prints one line on the
     * fork's output saying how long it ran and whether the JIT went quiet.
     *
     * @param label      what ran, for that line
     * @param maxSeconds the longest warm-up; 0 or less runs nothing
     * @param operation  one benchmark operation
     */
    static void untilQuiet(final String label, final int maxSeconds, final Runnable operation) {
        final CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (maxSeconds <= 0 || jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return;
        }
        final long start = System.nanoTime();
        final long deadline = start + TimeUnit.SECONDS.toNanos(maxSeconds);
        long windowStart = start;
        long compiledAtWindowStart = jit.getTotalCompilationTime();
        int quietWindows = 0;
        long operations = 0;
        while (quietWindows < QUIET_WINDOWS && System.nanoTime() < deadline) {
            operation.run();
            operations++;
            final long now = System.nanoTime();
            if (now - windowStart >= TimeUnit.SECONDS.toNanos(1)) {
                final long compiled = jit.getTotalCompilationTime();
                quietWindows = compiled - compiledAtWindowStart < QUIET_COMPILE_MILLIS ? quietWindows + 1 : 0;
                windowStart = now;
                compiledAtWindowStart = compiled;
            }
        }
        System.out.printf(Locale.ROOT, "%n# %s warm-up in setup: %d operations in %.1f s, JIT %s%n", label, operations,
                (System.nanoTime() - start) / 1e9, quietWindows >= QUIET_WINDOWS ? "quiet" : "still compiling");
    }
}
