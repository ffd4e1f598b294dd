package org.vmbussim.bench.e2e;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * CPU time per operation of the whole benchmark JVM: the process CPU time (user + system, every thread: the
 * benchmark threads, the guest and host threads, the HTTP server and client threads, and also GC and JIT) spent
 * during an iteration, divided by the operations of that iteration, like {@code -prof gc}'s
 * {@code gc.alloc.rate.norm}. Both sides of every exchange run in this JVM, so this is the machine's CPU cost of
 * one request, client and server together. Use with {@code -prof org.vmbussim.bench.e2e.ProcessCpuProfiler}.
 *
 * <p>Reported as {@code cpu.time.norm} (ns/op) and {@code cpu.util} (CPUs busy on average during the iteration),
 * and on Linux {@code cs.norm}: voluntary context switches per operation, summed over the threads alive at both
 * ends of the iteration ({@code voluntary_ctxt_switches} in {@code /proc/self/task/<tid>/status}) — each thread
 * hand-off that parks a thread and wakes another costs about two.
 */
public final class ProcessCpuProfiler implements InternalProfiler {
    private final com.sun.management.OperatingSystemMXBean os;
    private long cpuStartNanos;
    private long wallStartNanos;
    private Map<String, Long> switchesAtStart = Map.of();

    /** A profiler for the running JVM; fails when the JVM does not report process CPU time. */
    public ProcessCpuProfiler() {
        final OperatingSystemMXBean bean = ManagementFactory.getOperatingSystemMXBean();
        if (!(bean instanceof com.sun.management.OperatingSystemMXBean sun) || sun.getProcessCpuTime() < 0) {
            throw new IllegalStateException("this JVM does not report process CPU time");
        }
        this.os = sun;
    }

    @Override
    public String getDescription() {
        return "process CPU time per operation (all threads of the benchmark JVM)";
    }

    @Override
    public void beforeIteration(final BenchmarkParams benchmarkParams, final IterationParams iterationParams) {
        switchesAtStart = voluntarySwitchesByThread();
        wallStartNanos = System.nanoTime();
        cpuStartNanos = os.getProcessCpuTime();
    }

    /** Thread id → voluntary context switches so far, from /proc; empty where there is no /proc. */
    private static Map<String, Long> voluntarySwitchesByThread() {
        final Map<String, Long> byThread = new HashMap<>();
        final Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return byThread;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tasks)) {
            for (final Path dir : dirs) {
                try {
                    for (final String line : Files.readAllLines(dir.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:")) {
                            byThread.put(dir.getFileName().toString(),
                                    Long.parseLong(line.substring(line.indexOf(':') + 1).trim()));
                        }
                    }
                } catch (final IOException | NumberFormatException e) {
                    // The thread ended while being read: it is left out, like threads started mid-iteration.
                }
            }
        } catch (final IOException e) {
            return Map.of();
        }
        return byThread;
    }

    @Override
    @SuppressWarnings("rawtypes") // JMH's InternalProfiler declares the raw Result type
    public Collection<? extends Result> afterIteration(final BenchmarkParams benchmarkParams,
            final IterationParams iterationParams, final IterationResult result) {
        final long cpuNanos = os.getProcessCpuTime() - cpuStartNanos;
        final long wallNanos = System.nanoTime() - wallStartNanos;
        final long ops = result.getMetadata().getAllOps();
        final Map<String, Long> switchesAtEnd = voluntarySwitchesByThread();
        long switches = 0;
        for (final Map.Entry<String, Long> e : switchesAtEnd.entrySet()) {
            final Long before = switchesAtStart.get(e.getKey());
            if (before != null) {
                switches += e.getValue() - before;
            }
        }
        final List<Result> results = new ArrayList<>(List.of(
                new ScalarResult("cpu.time.norm", ops == 0 ? Double.NaN : (double) cpuNanos / ops, "ns/op",
                        AggregationPolicy.AVG),
                new ScalarResult("cpu.util", wallNanos == 0 ? Double.NaN : (double) cpuNanos / wallNanos, "CPUs",
                        AggregationPolicy.AVG)));
        if (!switchesAtEnd.isEmpty() && ops > 0) {
            results.add(new ScalarResult("cs.norm", (double) switches / ops, "switches/op", AggregationPolicy.AVG));
        }
        return results;
    }
}
