package org.vmbussim.cli.bench;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.vmbussim.bench.e2e.FastPathStack;
import org.vmbussim.bench.quick.QuickBench;
import org.vmbussim.cli.BadArgumentException;
import org.vmbussim.cli.ExitCode;
import org.vmbussim.cli.term.ProgressBar;
import org.vmbussim.cli.term.Table;
import org.vmbussim.cli.term.Terminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vmbus-sim bench}: times 4 KiB GET, 4 KiB PUT and 1 MiB GET, one request at a time, over the fast path
 * (client library, VSC, VMBus ring, VSP) and over REST on loopback HTTP to the same in-memory store, in this JVM,
 * and prints requests/s, median latency, CPU time per request and the fast path's ratios. A first look in
 * about fifteen seconds; build/run-benchmarks.sh runs the JMH suite (docs/benchmarks.md).
 */
@Command(name = "bench",
        description = {
            "Compare the fast path with REST over loopback HTTP on one in-memory store: 4 KiB GET, 4 KiB PUT and"
                    + " 1 MiB GET, one request at a time, timed loops in this JVM (about 15 s).",
            "A first look, not a measurement: build/run-benchmarks.sh runs the JMH suite (docs/benchmarks.md).",
        })
public final class BenchCommand implements Callable<Integer> {
    private final Terminal terminal;

    @Spec
    private CommandSpec spec;

    @Option(names = "--warmup-ms", paramLabel = "MS", defaultValue = "1000",
            description = "Warm-up per case and path before timing (default: ${DEFAULT-VALUE}).")
    private long warmupMillis;

    @Option(names = "--measure-ms", paramLabel = "MS", defaultValue = "1000",
            description = "Timed loop per case and path (default: ${DEFAULT-VALUE}).")
    private long measureMillis;

    @Option(names = "--scheduling", paramLabel = "MODE", defaultValue = "threaded",
            description = "How the simulated guest and host run: 'threaded' (their own threads, as on a VM) or"
                    + " 'pump' (on the calling thread while it waits: the software path alone)"
                    + " (default: ${DEFAULT-VALUE}).")
    private String scheduling;

    /**
     * Creates the command; picocli fills in its options.
     *
     * @param terminal where the progress bar and the table go
     */
    public BenchCommand(final Terminal terminal) {
        this.terminal = Objects.requireNonNull(terminal, "terminal");
    }

    @Override
    public Integer call() {
        final QuickBench.Settings settings = settings();
        final List<QuickBench.Result> results;
        try (ProgressBar bar = terminal.progressBar("bench", settings.plannedMillis())) {
            results = new QuickBench(settings, new QuickBench.Listener() {
                @Override
                public void started(final QuickBench.Case testCase, final String target) {
                    // the bar shows time; the table names the cases
                }

                @Override
                public void advanced(final long millis) {
                    bar.advance(millis);
                }
            }).run();
            bar.update(settings.plannedMillis());
        }
        print(settings, results);
        return ExitCode.OK;
    }

    private QuickBench.Settings settings() {
        if (warmupMillis < 0) {
            throw new BadArgumentException(spec.commandLine(), "--warmup-ms=" + warmupMillis + " (expected: >= 0)",
                    null);
        }
        if (measureMillis < 1) {
            throw new BadArgumentException(spec.commandLine(), "--measure-ms=" + measureMillis + " (expected: >= 1)",
                    null);
        }
        final FastPathStack.Scheduling mode;
        switch (scheduling.toLowerCase(Locale.ROOT)) {
            case "threaded" -> mode = FastPathStack.Scheduling.THREADED;
            case "pump" -> mode = FastPathStack.Scheduling.PUMP;
            default -> throw new BadArgumentException(spec.commandLine(), "--scheduling=" + scheduling
                    + " (expected: threaded or pump)", null);
        }
        return new QuickBench.Settings(Duration.ofMillis(warmupMillis), Duration.ofMillis(measureMillis), mode);
    }

    private void print(final QuickBench.Settings settings, final List<QuickBench.Result> results) {
        final Table table = new Table().column("request", Table.Align.LEFT)
                .column("fast path/s", Table.Align.RIGHT).column("HTTP/s", Table.Align.RIGHT)
                .column("x HTTP", Table.Align.RIGHT).column("p50 fast", Table.Align.RIGHT)
                .column("p50 HTTP", Table.Align.RIGHT).column("CPU/req fast", Table.Align.RIGHT)
                .column("CPU/req HTTP", Table.Align.RIGHT).column("CPU x less", Table.Align.RIGHT);
        long retries = 0;
        for (final QuickBench.Result r : results) {
            table.row(r.testCase().label(), rate(r.fastPath().requestsPerSecond()),
                    rate(r.http().requestsPerSecond()), ratio(r.speedup()), micros(r.fastPath().p50Nanos()),
                    micros(r.http().p50Nanos()), micros(r.fastPath().cpuNanosPerRequest()),
                    micros(r.http().cpuNanosPerRequest()), ratio(r.cpuSaving()));
            retries += r.http().retries();
        }
        final PrintWriter out = terminal.out();
        out.println(String.format(Locale.ROOT, "fast path (%s) vs REST over loopback HTTP, one in-memory store,"
                + " one request at a time", settings.scheduling().name().toLowerCase(Locale.ROOT)));
        out.println(String.format(Locale.ROOT, "(%d ms timed per case and path after %d ms of warm-up)",
                settings.measure().toMillis(), settings.warmup().toMillis()));
        out.print(table.render());
        out.println("CPU/req: process CPU time per request (client and server side together, GC and JIT included).");
        if (retries > 0) {
            out.println("HTTP requests retried after a stale connection: " + retries);
        }
        out.println("Timed loops in one JVM, on a machine that may be busy. JMH numbers with errors:");
        out.println("build/run-benchmarks.sh (docs/benchmarks.md).");
        out.flush();
    }

    private static String rate(final double perSecond) {
        return String.format(Locale.ROOT, "%,.0f", perSecond);
    }

    private static String ratio(final double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.1fx", value);
    }

    private static String micros(final double nanos) {
        return Double.isNaN(nanos) ? "n/a" : String.format(Locale.ROOT, "%,.0f us", nanos / 1000);
    }
}
