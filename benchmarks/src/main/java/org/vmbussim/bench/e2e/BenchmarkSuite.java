package org.vmbussim.bench.e2e;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The end-to-end suite in one JMH session sized for a 2-core machine: every step is one JMH run (its own thread
 * count, mode and parameters; one fork per benchmark), all with {@code -prof gc} and {@link ProcessCpuProfiler},
 * and all results go into one JSON file (rewritten after each step) plus a small {@code .meta.json} beside it
 * with each step's duration and the machine's load average before and after it.
 *
 * <pre>
 * java -cp benchmarks.jar org.vmbussim.bench.e2e.BenchmarkSuite --out target/e2e.json
 *      [--only REGEX] [--list] [--warmup N] [--iterations N] [--seconds S] [--azurite PATH/azurite-blob]
 * </pre>
 *
 * <p>Steps: sequential throughput of GET/PUT of 4 KiB (with a longer warm-up, for its CPU time), 64 KiB and
 * 1 MiB over the fast path (threaded; pumped for 4 KiB and 1 MiB) and HTTP; 8 in flight for 4 KiB and 1 MiB; the
 * memory-copy anchor; latency percentiles (SampleTime) of 4 KiB GET/PUT (1 and 8 in flight) and 1 MiB GET; the
 * Azure SDK over the fast path and HTTP (4 KiB, 1 MiB; warmed up until the JIT is quiet, six half-length
 * measurement iterations) and, when {@code --azurite} names the launcher, Azurite (4 KiB); and
 * 4 KiB GET throughput with 1 to 64 requests in flight on one and on two channels.
 */
public final class BenchmarkSuite {
    private static final String E2E = Pattern.quote(EndToEndBenchmark.class.getName()) + "\\.";
    private static final String SDK = Pattern.quote(SdkBenchmark.class.getName()) + "\\.";
    private static final String[] SIZES = {"4096", "65536", "1048576"};
    private static final DateTimeFormatter STARTED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'",
            Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final String[] SMALL_AND_LARGE = {"4096", "1048576"};
    /** Longest JIT warm-up in setup for the fast-path forks behind the targets (then JMH warms up 3 s more). */
    private static final int FAST_PATH_PREWARM_SECONDS = 3;
    /** Longest JIT warm-up in setup for the 4 KiB sequential HTTP forks (Netty and the JDK client: 8-14 s). */
    private static final int HTTP_PREWARM_SECONDS = 12;
    /** Measurement iterations multiple of the Azure SDK step: six with the defaults. */
    private static final int SDK_MEASUREMENT_FACTOR = 2;
    /** The Azure SDK step's measurement iterations are half the suite's time (0.5 s with the defaults). */
    private static final int SDK_MEASUREMENT_SPLIT = 2;
    /** Longest wait for another JMH session to finish. */
    private static final long LOCK_WAIT_MINUTES = 20;
    private static final long LOCK_POLL_MILLIS = 5_000;

    /**
     * One JMH run of the suite.
     *
     * @param id            a name for {@code --only} and the report
     * @param include       the benchmark methods (a JMH include regex)
     * @param mode          throughput or sample time
     * @param threads       JMH threads: requests in flight
     * @param params        JMH parameters
     * @param warmupFactor  warm-up iterations as a multiple of the suite's
     * @param measurementFactor measurement iterations as a multiple of the suite's
     * @param measurementSplit  each measurement iteration lasts the suite's iteration time divided by this: more,
     *                          shorter iterations in the same time narrow JMH's 99.9 % interval: its half-width
     *                          is 18.2 standard deviations of an iteration for three iterations, 2.8 for six
     * @param prewarmSeconds    the longest {@link JitWarmUp} in {@link EndToEndBenchmark}'s setup (0: none)
     */
    record Step(String id, String include, Mode mode, int threads, Map<String, String[]> params,
            int warmupFactor, int measurementFactor, int measurementSplit, int prewarmSeconds) {
        Step(final String id, final String include, final Mode mode, final int threads,
                final Map<String, String[]> params) {
            this(id, include, mode, threads, params, 1, 1, 1, 0);
        }

        Step(final String id, final String include, final Mode mode, final int threads,
                final Map<String, String[]> params, final int warmupFactor, final int measurementFactor,
                final int measurementSplit) {
            this(id, include, mode, threads, params, warmupFactor, measurementFactor, measurementSplit, 0);
        }

        /** This step with the JIT warm-up of {@code seconds} at most in the benchmark's setup. */
        Step withPrewarm(final int seconds) {
            return new Step(id, include, mode, threads, params, warmupFactor, measurementFactor, measurementSplit,
                    seconds);
        }

        /** Measured seconds of one fork (warm-up and measurement) with the suite's iterations of {@code seconds}. */
        double forkSeconds(final int warmup, final int iterations, final double seconds) {
            return warmup * warmupFactor * seconds + iterations * measurementFactor * seconds / measurementSplit;
        }
    }

    private BenchmarkSuite() {
    }

    /**
     * The suite's steps: 55 forks, about 9 minutes on 2 cores with the default iterations (3 × 1 s warm-up,
     * 3 × 1 s measurement). The Azure SDK forks first run up to 9 s until the JIT is quiet and measure 6 × 0.5 s;
     * the fast-path forks behind the targets (4 KiB sequential, 8 in flight) run up to 3 s, the 4 KiB
     * sequential HTTP forks up to 12 s, until the JIT is quiet.
     *
     * @param withAzurite whether the SDK step also runs against Azurite
     * @return the steps, in run order
     */
    static List<Step> steps(final boolean withAzurite) {
        final String getPut = E2E + "(get|put)$";
        final String[] fastAndHttp = {"fastpath", "http"};
        final List<Step> steps = new ArrayList<>();
        // The 4 KiB rows carry the targets (20x HTTP, CPU per request, 8 in flight against sequential), so their
        // forks first run until the JIT is quiet (JitWarmUp): HTTP's path compiles for longer than JMH's warm-up.
        steps.add(new Step("e2e-seq-4k", getPut, Mode.Throughput, 1,
                params("path", new String[] {"fastpath", "fastpath-pump"}, "sizeBytes", new String[] {"4096"}))
                .withPrewarm(FAST_PATH_PREWARM_SECONDS));
        steps.add(new Step("e2e-seq-4k-http", getPut, Mode.Throughput, 1,
                params("path", new String[] {"http"}, "sizeBytes", new String[] {"4096"}))
                .withPrewarm(HTTP_PREWARM_SECONDS));
        steps.add(new Step("e2e-seq", getPut, Mode.Throughput, 1,
                params("path", fastAndHttp, "sizeBytes", new String[] {"65536", "1048576"})));
        steps.add(new Step("e2e-seq-pump-1m", getPut, Mode.Throughput, 1,
                params("path", new String[] {"fastpath-pump"}, "sizeBytes", new String[] {"1048576"})));
        // 8 in flight against sequential is a target: without the JIT warm-up the 1 MiB fast-path rows measured
        // a third of their warmed-up rate (9.8k against 28-29k requests/s for GET).
        steps.add(new Step("e2e-8-fast", getPut, Mode.Throughput, 8, params("path", new String[] {"fastpath"},
                "sizeBytes", SMALL_AND_LARGE)).withPrewarm(FAST_PATH_PREWARM_SECONDS));
        steps.add(new Step("e2e-8-http", getPut, Mode.Throughput, 8, params("path", new String[] {"http"},
                "sizeBytes", SMALL_AND_LARGE)));
        steps.add(new Step("memcpy", Pattern.quote(MemoryCopyBenchmark.class.getName()) + "\\.copy$",
                Mode.Throughput, 1, params("sizeBytes", SIZES)));
        for (final int threads : new int[] {1, 8}) {
            steps.add(new Step("e2e-" + (threads == 1 ? "seq" : threads) + "-sample-4k", getPut, Mode.SampleTime,
                    threads, params("path", fastAndHttp, "sizeBytes", new String[] {"4096"})));
        }
        steps.add(new Step("e2e-seq-sample-1m", E2E + "get$", Mode.SampleTime, 1,
                params("path", fastAndHttp, "sizeBytes", new String[] {"1048576"})));
        // The SDK's request path is large: the JIT compiled it through the 3 s warm-up and the three 1 s iterations,
        // which rose from one to the next (up to 1.4x) and gave +-320 %. Each fork now first runs its operation
        // until the JIT is quiet (at most SdkBenchmark.MAX_PREWARM_SECONDS), then measures six half-seconds.
        steps.add(new Step("sdk", SDK + "(get|put)$", Mode.Throughput, 1, params("path", fastAndHttp,
                "sizeBytes", SMALL_AND_LARGE), 1, SDK_MEASUREMENT_FACTOR, SDK_MEASUREMENT_SPLIT));
        if (withAzurite) {
            steps.add(new Step("sdk-azurite", SDK + "(get|put)$", Mode.Throughput, 1, params("path",
                    new String[] {"azurite"}, "sizeBytes", new String[] {"4096"})));
        }
        // One channel at 1 and 8 in flight is measured by the steps above.
        final int[][] scaling = {{2, 1}, {4, 1}, {4, 2}, {16, 1}, {16, 2}, {32, 1}, {64, 1}, {64, 2}};
        for (final int[] point : scaling) {
            steps.add(new Step("scaling-" + point[0] + "x" + point[1], E2E + "get$", Mode.Throughput, point[0],
                    params("path", new String[] {"fastpath"}, "sizeBytes", new String[] {"4096"}, "channels",
                            new String[] {Integer.toString(point[1])})));
        }
        return steps;
    }

    private static Map<String, String[]> params(final Object... namesAndValues) {
        final Map<String, String[]> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put((String) namesAndValues[i], (String[]) namesAndValues[i + 1]);
        }
        return map;
    }

    /**
     * Runs the suite.
     *
     * @param args see the class comment
     * @throws RunnerException when JMH fails
     * @throws IOException     when the results cannot be written
     */
    public static void main(final String[] args) throws RunnerException, IOException {
        final Map<String, String> options = parse(args);
        final String azurite = options.get("--azurite");
        final List<Step> steps = new ArrayList<>();
        final Pattern only = Pattern.compile(options.getOrDefault("--only", ".*"));
        for (final Step s : steps(azurite != null)) {
            if (only.matcher(s.id()).matches()) {
                steps.add(s);
            }
        }
        if (options.containsKey("--list")) {
            for (final Step s : steps) {
                System.out.println(s.id() + "  " + s.include() + "  " + s.mode().shortLabel() + "  threads="
                        + s.threads() + "  " + describe(s.params()));
            }
            return;
        }
        final String outValue = options.get("--out");
        if (outValue == null) {
            throw new IllegalArgumentException("--out FILE.json is required");
        }
        final Path out = Path.of(outValue);
        final int warmup = Integer.parseInt(options.getOrDefault("--warmup", "3"));
        final int iterations = Integer.parseInt(options.getOrDefault("--iterations", "3"));
        final TimeValue time = TimeValue.milliseconds(Math.round(
                Double.parseDouble(options.getOrDefault("--seconds", "1")) * 1000));
        final List<RunResult> all = new ArrayList<>();
        final StringBuilder meta = new StringBuilder("{\n  \"started\": \"")
                .append(STARTED.format(Instant.now())).append("\",\n  \"nproc\": ")
                .append(Runtime.getRuntime().availableProcessors()).append(",\n  \"steps\": [");
        for (int i = 0; i < steps.size(); i++) {
            final Step s = steps.get(i);
            final ChainedOptionsBuilder b = new OptionsBuilder().include(s.include()).mode(s.mode())
                    .threads(s.threads()).forks(1).warmupIterations(warmup * s.warmupFactor()).warmupTime(time)
                    .measurementIterations(iterations * s.measurementFactor())
                    .measurementTime(TimeValue.milliseconds(Math.max(1,
                            time.convertTo(TimeUnit.MILLISECONDS) / s.measurementSplit())))
                    .timeUnit(s.mode() == Mode.SampleTime ? TimeUnit.MICROSECONDS : TimeUnit.SECONDS)
                    .addProfiler("gc").addProfiler(ProcessCpuProfiler.class).shouldFailOnError(true);
            s.params().forEach(b::param);
            final List<String> jvmArgs = new ArrayList<>(); // one jvmArgsAppend call: each replaces the last
            if (azurite != null) {
                jvmArgs.add("-D" + AzuriteProcess.BIN_PROPERTY + "=" + azurite);
            }
            if (s.prewarmSeconds() > 0) {
                jvmArgs.add("-D" + JitWarmUp.MAX_SECONDS_PROPERTY + "=" + s.prewarmSeconds());
            }
            if (!jvmArgs.isEmpty()) {
                b.jvmArgsAppend(jvmArgs.toArray(new String[0]));
            }
            final double loadBefore = loadAverage();
            final long start = System.nanoTime();
            all.addAll(runWhenFree(new Runner(b.build()), s.id()));
            final double seconds = (System.nanoTime() - start) / 1e9;
            meta.append(i == 0 ? "\n" : ",\n").append(String.format(Locale.ROOT,
                    "    {\"id\": \"%s\", \"threads\": %d, \"mode\": \"%s\", \"seconds\": %.1f, "
                            + "\"loadBefore\": %.2f, \"loadAfter\": %.2f, \"prewarmMaxSeconds\": %d}",
                    s.id(), s.threads(), s.mode().shortLabel(), seconds, loadBefore, loadAverage(),
                    s.include().startsWith(SDK) && !List.of(s.params().getOrDefault("path", new String[0]))
                            .contains("azurite") ? SdkBenchmark.MAX_PREWARM_SECONDS : s.prewarmSeconds()));
            write(out, all);
            Files.writeString(metaPath(out), meta + "\n  ]\n}\n", StandardCharsets.UTF_8);
        }
    }

    /**
     * Runs one step, waiting (bounded) while another JMH session on the machine holds JMH's lock: the machine is
     * shared, and two sessions at once would spoil both.
     */
    private static Collection<RunResult> runWhenFree(final Runner runner, final String id) throws RunnerException {
        final long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(LOCK_WAIT_MINUTES);
        while (true) {
            try {
                return runner.run();
            } catch (final RunnerException e) {
                if (!String.valueOf(e.getMessage()).contains("Unable to acquire the JMH lock")
                        || System.nanoTime() > deadline) {
                    throw e;
                }
                System.out.println("# " + id + ": another JMH session holds the lock; waiting");
                try {
                    Thread.sleep(LOCK_POLL_MILLIS);
                } catch (final InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static Path metaPath(final Path out) {
        final String name = out.getFileName().toString();
        final String base = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        return out.resolveSibling(base + ".meta.json");
    }

    private static void write(final Path out, final List<RunResult> results) throws IOException {
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        try (PrintStream ps = new PrintStream(Files.newOutputStream(out), false, StandardCharsets.UTF_8)) {
            ResultFormatFactory.getInstance(ResultFormatType.JSON, ps).writeOut(results);
        }
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static String describe(final Map<String, String[]> params) {
        final StringBuilder sb = new StringBuilder();
        params.forEach((k, v) -> sb.append(k).append('=').append(String.join(",", v)).append(' '));
        return sb.toString().trim();
    }

    private static Map<String, String> parse(final String[] args) {
        final Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            final String a = args[i];
            switch (a) {
                case "--list" -> options.put(a, "");
                case "--out", "--only", "--warmup", "--iterations", "--seconds", "--azurite" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(a + " needs a value");
                    }
                    options.put(a, args[++i]);
                }
                default -> throw new IllegalArgumentException("unknown option " + a + " (expected: --out FILE, "
                        + "--only REGEX, --list, --warmup N, --iterations N, --seconds S, --azurite PATH)");
            }
        }
        return options;
    }
}
