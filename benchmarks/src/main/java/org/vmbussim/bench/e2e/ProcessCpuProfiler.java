package org.vmbussim.bench.e2e;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.Collection;
import java.util.List;
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
 * <p>Reported as {@code cpu.time.norm} (ns/op) and {@code cpu.util} (CPUs busy on average during the iteration).
 */
public final class ProcessCpuProfiler implements InternalProfiler {
    private final com.sun.management.OperatingSystemMXBean os;
    private long cpuStartNanos;
    private long wallStartNanos;

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
        wallStartNanos = System.nanoTime();
        cpuStartNanos = os.getProcessCpuTime();
    }

    @Override
    @SuppressWarnings("rawtypes") // JMH's InternalProfiler declares the raw Result type
    public Collection<? extends Result> afterIteration(final BenchmarkParams benchmarkParams,
            final IterationParams iterationParams, final IterationResult result) {
        final long cpuNanos = os.getProcessCpuTime() - cpuStartNanos;
        final long wallNanos = System.nanoTime() - wallStartNanos;
        final long ops = result.getMetadata().getAllOps();
        return List.of(
                new ScalarResult("cpu.time.norm", ops == 0 ? Double.NaN : (double) cpuNanos / ops, "ns/op",
                        AggregationPolicy.AVG),
                new ScalarResult("cpu.util", wallNanos == 0 ? Double.NaN : (double) cpuNanos / wallNanos, "CPUs",
                        AggregationPolicy.AVG));
    }
}
