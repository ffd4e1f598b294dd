package org.vmbussim.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.IntSupplier;

/**
 * A cross-check of the one-thread ring benchmarks for a shared, overloaded machine: the same
 * operations as {@link RingOneThreadBenchmark} (per packet and batched), timed in
 * this thread's CPU time ({@link ThreadMXBean#getCurrentThreadCpuTime()}) instead of wall-clock time,
 * so time the thread spends descheduled does not count. Rounds alternate between the candidates, and
 * the median round is reported. Not a JMH benchmark (no blackhole, no forks): run one payload size
 * per JVM, as JMH forks per parameter, because a JIT profile from another size distorts the next.
 *
 * <pre>
 * java --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED \
 *      -cp benchmarks/target/benchmarks.jar org.vmbussim.bench.RingCpuTimeCheck 64
 * </pre>
 */
public final class RingCpuTimeCheck {
    private static final int ROUNDS = 7;
    private static final int WARM_UP_ROUNDS = 3;
    private static final int MESSAGES_PER_ROUND = 1_000_000;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private long sink;

    private RingCpuTimeCheck() {
    }

    /**
     * Runs the check for one payload size and prints CPU ns per message and the ratios.
     *
     * @param args the payload length in bytes (64, 512 or 4096)
     */
    public static void main(final String[] args) {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: RingCpuTimeCheck <payloadLength>");
        }
        new RingCpuTimeCheck().run(Integer.parseInt(args[0]));
    }

    private void run(final int payloadLength) {
        final RingOneThreadBenchmark perPacket = new RingOneThreadBenchmark();
        perPacket.payloadLength = payloadLength;
        perPacket.setUp();
        final RingOneThreadBenchmark batched = new RingOneThreadBenchmark(); // its own rings
        batched.payloadLength = payloadLength;
        batched.setUp();
        final String[] names = {"VMBus per packet", "Agrona per packet, copying", "VMBus batch of 16",
            "Agrona batch of 16, copying"};
        final IntSupplier[] operations = {perPacket::vmbusWriteRead, perPacket::agronaWriteReadCopying,
            batched::vmbusBatchWriteRead, batched::agronaBatchWriteReadCopying};
        final int[] messagesPerOperation = {1, 1, RingFixtures.BATCH_PACKETS, RingFixtures.BATCH_PACKETS};
        final double[][] nanosPerMessage = new double[operations.length][ROUNDS];
        for (int round = -WARM_UP_ROUNDS; round < ROUNDS; round++) {
            for (int k = 0; k < operations.length; k++) {
                final double nanos = time(operations[k], MESSAGES_PER_ROUND / messagesPerOperation[k])
                        / messagesPerOperation[k];
                if (round >= 0) {
                    nanosPerMessage[k][round] = nanos;
                }
            }
        }
        final double[] median = new double[operations.length];
        for (int k = 0; k < operations.length; k++) {
            final double[] sorted = nanosPerMessage[k].clone();
            Arrays.sort(sorted);
            median[k] = sorted[ROUNDS / 2];
            System.out.printf(Locale.ROOT, "%5d B  %-28s %7.1f CPU ns/message (min %.1f, max %.1f)%n", payloadLength,
                    names[k], median[k], sorted[0], sorted[ROUNDS - 1]);
        }
        System.out.printf(Locale.ROOT, "%5d B  VMBus vs Agrona (throughput ratio): per packet %.2fx, batched %.2fx"
                + " (sink %d)%n", payloadLength, median[1] / median[0], median[3] / median[2], sink);
    }

    private double time(final IntSupplier operation, final int calls) {
        final long start = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < calls; i++) {
            sink += operation.getAsInt();
        }
        return (THREADS.getCurrentThreadCpuTime() - start) / (double) calls;
    }
}
