package org.vmbussim.bench.quick;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.vmbussim.bench.e2e.FastPathStack;

/** The quick loops behind {@code vmbus-sim bench}: what they report, never how fast it was. */
class QuickBenchTest {
    private static final int CASES_TIMES_PATHS = 6;

    @Test
    void runsEveryCaseOverBothPathsAndReportsProgress() {
        final List<String> started = new ArrayList<>();
        final AtomicLong millis = new AtomicLong();
        final QuickBench.Settings settings = new QuickBench.Settings(Duration.ofMillis(10), Duration.ofMillis(120),
                FastPathStack.Scheduling.THREADED);
        final List<QuickBench.Result> results = new QuickBench(settings, new QuickBench.Listener() {
            @Override
            public void started(final QuickBench.Case testCase, final String target) {
                started.add(testCase.label() + " " + target);
            }

            @Override
            public void advanced(final long ms) {
                assertTrue(ms > 0);
                millis.addAndGet(ms);
            }
        }).run();
        assertEquals(List.of("GET 4 KiB fast path", "GET 4 KiB HTTP", "PUT 4 KiB fast path", "PUT 4 KiB HTTP",
                "GET 1 MiB fast path", "GET 1 MiB HTTP"), started);
        assertEquals(QuickBench.CASES, results.stream().map(QuickBench.Result::testCase).toList());
        for (final QuickBench.Result r : results) {
            for (final QuickBench.Sample s : List.of(r.fastPath(), r.http())) {
                assertTrue(s.requests() > 0, r.toString());
                assertTrue(s.p50Nanos() > 0 && s.p99Nanos() >= s.p50Nanos(), r.toString());
                assertTrue(s.cpuNanos() > 0, r.toString());
            }
            assertEquals(0, r.fastPath().retries());
            assertTrue(r.speedup() > 0);
        }
        assertTrue(millis.get() > 0, "progress was reported");
    }

    @Test
    void percentilesAreNearestRank() {
        final long[] sorted = new long[100];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = i + 1;
        }
        assertEquals(50, QuickBench.percentile(sorted, 0.50));
        assertEquals(99, QuickBench.percentile(sorted, 0.99));
        assertEquals(100, QuickBench.percentile(sorted, 1.0));
        assertEquals(7, QuickBench.percentile(new long[] {7}, 0.99));
        assertEquals(0, QuickBench.percentile(new long[0], 0.5));
    }

    @Test
    void refusesSettingsThatMeasureNothing() {
        assertThrows(IllegalArgumentException.class, () -> new QuickBench.Settings(Duration.ZERO, Duration.ZERO,
                FastPathStack.Scheduling.PUMP));
        assertThrows(IllegalArgumentException.class, () -> new QuickBench.Settings(Duration.ofMillis(-1),
                Duration.ofSeconds(1), FastPathStack.Scheduling.PUMP));
        assertEquals(CASES_TIMES_PATHS * 2000, QuickBench.Settings.defaults().plannedMillis());
    }
}
