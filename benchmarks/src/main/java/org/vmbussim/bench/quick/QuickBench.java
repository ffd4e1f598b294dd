package org.vmbussim.bench.quick;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.LongConsumer;
import org.vmbussim.azblob.vsp.store.StorageEngine;
import org.vmbussim.bench.e2e.BlobTarget;
import org.vmbussim.bench.e2e.BlobWorkload;
import org.vmbussim.bench.e2e.FastPathStack;
import org.vmbussim.bench.e2e.HttpStack;
import org.vmbussim.bench.e2e.StoreSetup;

/**
 * A few seconds of timed loops, in this JVM, of the same requests over the fast path and over REST on loopback
 * HTTP, both served by one in-memory store: 4 KiB GET and PUT and 1 MiB GET, one request at a time. For each it
 * reports requests/s, latency p50/p99, process CPU time per request and the fast path's ratio. No JMH, no fork,
 * no statistics beyond one run: a first look; the JMH suite (build/run-benchmarks.sh) is the measurement.
 *
 * <p>The fast path runs in {@link FastPathStack.Scheduling#THREADED} mode (guest and host on their own threads,
 * as on a real VM) unless the settings say otherwise.
 */
public final class QuickBench {
    /** What one request does. */
    public enum Operation {
        /** Read a whole blob. */
        GET,
        /** Overwrite a block blob with one request. */
        PUT
    }

    /**
     * One request shape.
     *
     * @param operation GET or PUT
     * @param sizeBytes payload size
     */
    public record Case(Operation operation, int sizeBytes) {
        /**
         * A label such as {@code GET 4 KiB}.
         *
         * @return the label
         */
        public String label() {
            return operation + " " + (sizeBytes >= (1 << 20) ? (sizeBytes >> 20) + " MiB" : (sizeBytes >> 10) + " KiB");
        }
    }

    /** The cases {@code vmbus-sim bench} runs. */
    public static final List<Case> CASES = List.of(new Case(Operation.GET, 4096), new Case(Operation.PUT, 4096),
            new Case(Operation.GET, 1 << 20));

    /**
     * How long each loop runs.
     *
     * @param warmup     per case and target, before measuring (the JIT compiles the path)
     * @param measure    per case and target
     * @param scheduling how the fast path's guest and host get CPU time
     */
    public record Settings(Duration warmup, Duration measure, FastPathStack.Scheduling scheduling) {
        /**
         * Validates.
         *
         * @param warmup     warm-up time
         * @param measure    measured time
         * @param scheduling fast-path scheduling
         */
        public Settings {
            Objects.requireNonNull(scheduling, "scheduling");
            if (warmup == null || warmup.isNegative() || measure == null || measure.isZero() || measure.isNegative()) {
                throw new IllegalArgumentException("warmup=" + warmup + " measure=" + measure
                        + " (expected: warm-up >= 0, measurement > 0)");
            }
        }

        /**
         * 1 s warm-up (the JIT compiles both paths) and 1 s measurement per case and target, threaded: about
         * 12 s of loops in all.
         *
         * @return the settings
         */
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(1), Duration.ofSeconds(1), FastPathStack.Scheduling.THREADED);
        }

        /**
         * Total planned loop time.
         *
         * @return milliseconds
         */
        public long plannedMillis() {
            return CASES.size() * 2L * (warmup.toMillis() + measure.toMillis());
        }
    }

    /**
     * One measured loop.
     *
     * @param requests     requests completed while measuring
     * @param elapsedNanos wall time measured
     * @param cpuNanos     process CPU time over the same span (all threads: client, guest, host, server, GC, JIT)
     * @param p50Nanos     median latency
     * @param p99Nanos     99th percentile latency
     * @param retries      requests sent again after a stale pooled connection (HTTP only)
     */
    public record Sample(long requests, long elapsedNanos, long cpuNanos, long p50Nanos, long p99Nanos,
            long retries) {
        /**
         * Requests per second.
         *
         * @return the rate
         */
        public double requestsPerSecond() {
            return requests * 1e9 / elapsedNanos;
        }

        /**
         * Process CPU time per request.
         *
         * @return nanoseconds, or NaN when the JVM does not report CPU time
         */
        public double cpuNanosPerRequest() {
            return cpuNanos < 0 ? Double.NaN : (double) cpuNanos / requests;
        }
    }

    /**
     * One case over both targets.
     *
     * @param testCase the case
     * @param fastPath over the fast path
     * @param http     over REST on loopback HTTP
     */
    public record Result(Case testCase, Sample fastPath, Sample http) {
        /**
         * Fast path requests/s over HTTP requests/s.
         *
         * @return the ratio
         */
        public double speedup() {
            return fastPath.requestsPerSecond() / http.requestsPerSecond();
        }

        /**
         * HTTP CPU per request over the fast path's.
         *
         * @return the ratio, NaN when CPU time is not reported
         */
        public double cpuSaving() {
            return http.cpuNanosPerRequest() / fastPath.cpuNanosPerRequest();
        }
    }

    /** Told what runs and how far the loops are. */
    public interface Listener {
        /**
         * A loop starts.
         *
         * @param testCase the case
         * @param target   {@code "fast path"} or {@code "HTTP"}
         */
        void started(Case testCase, String target);

        /**
         * Loop time passed.
         *
         * @param millis milliseconds since the last report
         */
        void advanced(long millis);
    }

    /** Most latencies kept per loop; later ones overwrite the oldest (percentiles of the last ones). */
    static final int MAX_LATENCY_SAMPLES = 1 << 20;
    private static final long PROGRESS_STEP_NANOS = 50_000_000L;
    /** Below this the fast-path client maps a data buffer of its own for each request. */
    private static final int MIN_DATA_BUFFER_BYTES = 16 * 1024;

    private final Settings settings;
    private final Listener listener;

    /**
     * A bench with settings and a listener.
     *
     * @param settings loop times and scheduling
     * @param listener told of progress
     */
    public QuickBench(final Settings settings, final Listener listener) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Builds one in-memory store, the fast path and the HTTP front over it, checks that both return the stored
     * bytes, runs every case over both, and tears everything down.
     *
     * @return one result per case, in {@link #CASES} order
     */
    public List<Result> run() {
        final List<Result> results = new ArrayList<>();
        try (StorageEngine store = StoreSetup.newStore(); HttpStack http = HttpStack.start(store)) {
            StoreSetup.preload(store, CASES.stream().mapToInt(Case::sizeBytes).distinct().toArray(), 1);
            for (final Case c : CASES) {
                // The client's pooled data buffer fits the payload: the driver pins all of it for every request.
                try (FastPathStack fast = FastPathStack.start(store, settings.scheduling(), 1, 1,
                        Math.max(MIN_DATA_BUFFER_BYTES, c.sizeBytes()))) {
                    final BlobTarget fastPath = fast.channel(0);
                    StoreSetup.verify(fastPath, c.sizeBytes());
                    StoreSetup.verify(http, c.sizeBytes());
                    final Sample f = loop(c, "fast path", fastPath);
                    final Sample h = loop(c, "HTTP", http);
                    results.add(new Result(c, f, h));
                }
            }
        }
        return results;
    }

    private Sample loop(final Case c, final String name, final BlobTarget target) {
        listener.started(c, name);
        final byte[] data = BlobWorkload.payload(c.sizeBytes());
        final ByteBuffer into = ByteBuffer.allocate(c.sizeBytes());
        final String blob = c.operation() == Operation.GET ? BlobWorkload.readBlob(c.sizeBytes())
                : BlobWorkload.writeBlob(c.sizeBytes(), 0);
        final long[] retries = new long[1];
        final BlobTarget.RetryListener onRetry = () -> retries[0]++;
        final Runnable request = c.operation() == Operation.GET ? () -> target.get(blob, into, onRetry)
                : () -> target.put(blob, data, onRetry);
        final ProgressClock progress = new ProgressClock(listener::advanced);
        runFor(request, settings.warmup().toNanos(), progress, null);
        retries[0] = 0;
        final long[] latencies = new long[MAX_LATENCY_SAMPLES];
        final long cpuBefore = processCpuNanos();
        final long start = System.nanoTime();
        final long requests = runFor(request, settings.measure().toNanos(), progress, latencies);
        final long elapsed = System.nanoTime() - start;
        final long cpuAfter = processCpuNanos();
        final int kept = (int) Math.min(requests, latencies.length);
        final long[] sorted = Arrays.copyOf(latencies, kept);
        Arrays.sort(sorted);
        return new Sample(requests, elapsed, cpuBefore < 0 ? -1 : cpuAfter - cpuBefore, percentile(sorted, 0.50),
                percentile(sorted, 0.99), retries[0]);
    }

    /** Runs requests back to back for a time; records each latency when asked; returns how many ran. */
    private static long runFor(final Runnable request, final long nanos, final ProgressClock progress,
            final long[] latencies) {
        final long start = System.nanoTime();
        final long end = start + nanos;
        long count = 0;
        long now = start;
        while (now < end) {
            request.run();
            final long after = System.nanoTime();
            if (latencies != null) {
                latencies[(int) (count % latencies.length)] = after - now;
            }
            count++;
            now = after;
            progress.at(now);
        }
        progress.at(now);
        return count;
    }

    static long percentile(final long[] sorted, final double quantile) {
        if (sorted.length == 0) {
            return 0;
        }
        final int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static long processCpuNanos() {
        final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    /** Turns loop time into progress reports of at most one per 50 ms. */
    private static final class ProgressClock {
        private final LongConsumer sink;
        private long reportedNanos = -1;

        ProgressClock(final LongConsumer sink) {
            this.sink = sink;
        }

        void at(final long nowNanos) {
            if (reportedNanos < 0) {
                reportedNanos = nowNanos;
            } else if (nowNanos - reportedNanos >= PROGRESS_STEP_NANOS) {
                sink.accept((nowNanos - reportedNanos) / 1_000_000L);
                reportedNanos += (nowNanos - reportedNanos) / 1_000_000L * 1_000_000L;
            }
        }
    }
}
