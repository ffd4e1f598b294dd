package org.vmbussim.bench.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

/** The suite's plan: every step names real benchmarks and parameters, and the whole fits the time budget. */
class BenchmarkSuiteTest {
    /** The suite's budget with the default 1 s iterations, leaving a minute of the ten for the build. */
    private static final int MAX_SECONDS = 540;
    /**
     * What a fork costs besides its iterations on the 2-core machine (JVM start, VM boot, preload): the run of
     * 2026-11-25 03:11 UTC took 424 s for 55 forks whose iterations came to 348 s, 1.4 s a fork.
     */
    private static final double FORK_OVERHEAD_SECONDS = 1.5;
    private static final int WARMUP_ITERATIONS = 3;
    private static final int MEASUREMENT_ITERATIONS = 3;
    private static final List<Class<?>> BENCHMARKS = List.of(EndToEndBenchmark.class, SdkBenchmark.class,
            MemoryCopyBenchmark.class);

    @Test
    void everyStepIncludesBenchmarksAndSetsOnlyTheirParameters() {
        final Set<String> ids = new HashSet<>();
        for (final BenchmarkSuite.Step s : BenchmarkSuite.steps(true)) {
            assertTrue(ids.add(s.id()), "duplicate step id " + s.id());
            int matched = 0;
            for (final Class<?> c : BENCHMARKS) {
                for (final Method m : c.getMethods()) {
                    if (m.isAnnotationPresent(Benchmark.class)
                            && Pattern.compile(s.include()).matcher(c.getName() + "." + m.getName()).find()) {
                        matched++;
                        for (final String name : s.params().keySet()) {
                            assertParam(c, name, s);
                        }
                    }
                }
            }
            assertTrue(matched > 0, s.id() + " includes no benchmark: " + s.include());
            assertTrue(s.threads() >= 1 && s.threads() <= 64, s.id());
        }
    }

    private static void assertParam(final Class<?> benchmark, final String name, final BenchmarkSuite.Step step) {
        try {
            final Field f = benchmark.getField(name);
            assertTrue(f.isAnnotationPresent(Param.class), step.id() + ": " + name + " is not a @Param");
        } catch (final NoSuchFieldException e) {
            throw new AssertionError(step.id() + ": " + benchmark.getSimpleName() + " has no parameter " + name, e);
        }
    }

    @Test
    void pumpModeIsOnlyAskedForOneThread() {
        for (final BenchmarkSuite.Step s : BenchmarkSuite.steps(true)) {
            final String[] paths = s.params().getOrDefault("path", new String[0]);
            if (List.of(paths).contains("fastpath-pump")) {
                assertEquals(1, s.threads(), s.id());
            }
        }
    }

    @Test
    void azuriteRunsOnlyWhenInstalled() {
        assertFalse(BenchmarkSuite.steps(false).stream().anyMatch(s -> List.of(
                s.params().getOrDefault("path", new String[0])).contains("azurite")));
        assertTrue(BenchmarkSuite.steps(true).stream().anyMatch(s -> List.of(
                s.params().getOrDefault("path", new String[0])).contains("azurite")));
    }

    @Test
    void scalingCoversOneToSixtyFourInFlightOnOneAndTwoChannels() {
        final Set<String> points = new HashSet<>();
        for (final BenchmarkSuite.Step s : BenchmarkSuite.steps(false)) {
            final Map<String, String[]> p = s.params();
            if (s.include().endsWith("get$") || s.include().endsWith("(get|put)$")) {
                if (s.mode() != org.openjdk.jmh.annotations.Mode.Throughput
                        || !List.of(p.getOrDefault("path", new String[0])).contains("fastpath")
                        || !List.of(p.getOrDefault("sizeBytes", new String[0])).contains("4096")) {
                    continue;
                }
                for (final String c : p.getOrDefault("channels", new String[] {"1"})) {
                    points.add(s.threads() + "/" + c);
                }
            }
        }
        for (final int t : new int[] {1, 2, 4, 8, 16, 32, 64}) {
            assertTrue(points.contains(t + "/1"), t + " in flight on one channel");
        }
        for (final int t : new int[] {4, 16, 64}) {
            assertTrue(points.contains(t + "/2"), t + " in flight on two channels");
        }
    }

    @Test
    void theWholeSuiteFitsTheTimeBudget() {
        double seconds = 0;
        for (final BenchmarkSuite.Step s : BenchmarkSuite.steps(true)) {
            int combinations = 1;
            for (final String[] values : s.params().values()) {
                combinations *= values.length;
            }
            final int methods = s.include().contains("(get|put)") ? 2 : 1;
            // SdkBenchmark's setup runs the operation until the JIT is quiet (not against Azurite), and so does
            // EndToEndBenchmark's where the step asks for it; both are counted at their longest.
            final boolean prewarmed = s.include().startsWith(Pattern.quote(SdkBenchmark.class.getName()))
                    && !List.of(s.params().getOrDefault("path", new String[0])).contains("azurite");
            seconds += combinations * methods * (s.forkSeconds(WARMUP_ITERATIONS, MEASUREMENT_ITERATIONS, 1)
                    + FORK_OVERHEAD_SECONDS + (prewarmed ? SdkBenchmark.MAX_PREWARM_SECONDS : 0) + s.prewarmSeconds());
        }
        assertTrue(seconds <= MAX_SECONDS, "about " + Math.round(seconds) + " s");
    }
}
