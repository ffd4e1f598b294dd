package org.vmbussim.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.vmbussim.cli.CliHarness;
import org.vmbussim.cli.ExitCode;
import org.vmbussim.cli.VmbusSimCli;
import org.vmbussim.cli.term.Terminal;

/** {@code vmbus-sim bench} in-process with very short loops; no assertion on any timing. */
class BenchCommandTest {
    private static final String QUICK_WARMUP = "20";
    private static final String QUICK_MEASURE = "60";
    /** A row: the case, then rates, a ratio, latencies, CPU times and a ratio. */
    private static final Pattern ROW = Pattern.compile("(GET|PUT) (4 KiB|1 MiB) +[0-9,]+ +[0-9,]+ +[0-9.]+x"
            + " +[0-9,]+ us +[0-9,]+ us +[0-9,]+ us +[0-9,]+ us +[0-9.]+x");

    @Test
    void printsOneRowPerCaseWithRatesLatenciesAndRatios() {
        final CliHarness.Result r = CliHarness.run("bench", "--warmup-ms", QUICK_WARMUP, "--measure-ms", QUICK_MEASURE);
        assertEquals(ExitCode.OK, r.exitCode(), r::describe);
        final List<String> lines = r.out().lines().toList();
        assertEquals("fast path (threaded) vs REST over loopback HTTP, one in-memory store, one request at a time",
                lines.get(0), r::describe);
        assertEquals("(" + QUICK_MEASURE + " ms timed per case and path after " + QUICK_WARMUP + " ms of warm-up)",
                lines.get(1), r::describe);
        assertTrue(lines.get(2).matches("request +fast path/s +HTTP/s +x HTTP +p50 fast +p50 HTTP +CPU/req fast"
                + " +CPU/req HTTP +CPU x less"), r::describe);
        final List<String> rows = lines.stream().filter(l -> ROW.matcher(l).matches()).toList();
        assertEquals(3, rows.size(), r::describe);
        assertTrue(rows.get(0).startsWith("GET 4 KiB"), r::describe);
        assertTrue(rows.get(1).startsWith("PUT 4 KiB"), r::describe);
        assertTrue(rows.get(2).startsWith("GET 1 MiB"), r::describe);
        assertTrue(r.out().contains("build/run-benchmarks.sh"), r::describe);
        assertTrue(!r.out().contains("\r"), "no progress bar when nobody watches: " + r.describe());
    }

    @Test
    void pumpModeRunsTheSameCasesOnTheCallingThread() {
        final CliHarness.Result r = CliHarness.run("bench", "--scheduling", "pump", "--warmup-ms", "0",
                "--measure-ms", QUICK_MEASURE);
        assertEquals(ExitCode.OK, r.exitCode(), r::describe);
        assertTrue(r.out().startsWith("fast path (pump) vs REST"), r::describe);
        assertEquals(3, r.out().lines().filter(l -> ROW.matcher(l).matches()).count(), r::describe);
    }

    @Test
    void drawsAProgressBarOnATerminal() {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final Terminal terminal = Terminal.of(new ByteArrayInputStream(new byte[0]), new PrintWriter(out),
                new PrintWriter(err), true, 100);
        final int code = VmbusSimCli.run(terminal, "bench", "--warmup-ms", "0", "--measure-ms", QUICK_MEASURE);
        assertEquals(ExitCode.OK, code, err::toString);
        final String text = out.toString();
        assertTrue(text.startsWith("\rbench ["), text);
        assertTrue(text.contains("] 100% "), text);
        assertTrue(ROW.matcher(text.lines().filter(l -> l.startsWith("GET 1 MiB")).findFirst().orElse("")).matches(),
                text);
    }

    @Test
    void refusesBadSettingsAsUsageErrors() {
        final CliHarness.Result zero = CliHarness.run("bench", "--measure-ms", "0");
        assertEquals(ExitCode.USAGE, zero.exitCode(), zero::describe);
        assertTrue(zero.err().contains("--measure-ms=0 (expected: >= 1)"), zero::describe);
        final CliHarness.Result negative = CliHarness.run("bench", "--warmup-ms", "-1");
        assertEquals(ExitCode.USAGE, negative.exitCode(), negative::describe);
        final CliHarness.Result mode = CliHarness.run("bench", "--scheduling", "fast");
        assertEquals(ExitCode.USAGE, mode.exitCode(), mode::describe);
        assertTrue(mode.err().contains("--scheduling=fast (expected: threaded or pump)"), mode::describe);
        assertEquals("", zero.out() + negative.out() + mode.out());
    }

    @Test
    void leavesNoSimulatorOrServerThreadsBehind() throws InterruptedException {
        final CliHarness.Result r = CliHarness.run("bench", "--warmup-ms", "0", "--measure-ms", "20");
        assertEquals(ExitCode.OK, r.exitCode(), r::describe);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> left = ourThreads();
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            left = ourThreads();
        }
        assertEquals(List.of(), left);
    }

    private static List<String> ourThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("bench-vmbus") || n.startsWith("vsp-http") || n.startsWith("vsp-"))
                .toList();
    }
}
