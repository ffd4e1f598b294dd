package org.vmbussim.bench;

import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Control;
import org.vmbussim.core.ring.IncomingRing;
import org.vmbussim.core.ring.OutgoingRing;
import org.vmbussim.core.ring.RingMemory;
import org.vmbussim.core.ring.WriteResult;

/**
 * {@link RingTwoThreadBenchmark} with batched publishing, n = {@value RingFixtures#BATCH_PACKETS}.
 * The producer's operation is n messages: VMBus writes them into
 * one {@link OutgoingRing#beginBatch() batch} and commits once, or commits what it has when the ring
 * is full and starts another batch; Agrona writes n records (each publishes itself). The consumer's
 * operation is one message, as in {@link RingTwoThreadBenchmark}, so its score is messages per µs:
 * VMBus closes its reader batch (publishes {@code read_index}) after n packets or when the ring is
 * empty; Agrona's consumer reads with {@code read(handler, n)} (one head release per call) and
 * counts the messages off one per operation. Copying consumers on both sides.
 *
 * <p>No {@code @OperationsPerInvocation} on the producer: JMH applies it to every method of the group,
 * which would multiply the consumer's score too. Read the consumer's score (messages per µs); the
 * producer's is batches per µs.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Group)
@Fork(value = 1, jvmArgsAppend = RingFixtures.AGRONA_EXPORTS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RingBatchTwoThreadBenchmark {
    private static final int N = RingFixtures.BATCH_PACKETS;

    /** Payload bytes per packet. */
    @Param({"64", "512", "4096"})
    public int payloadLength;

    private OutgoingRing writer;
    private byte[] packet;
    private RingTwoThreadBenchmark.VmbusConsumer vmbusConsumer;

    private OneToOneRingBuffer agrona;
    private UnsafeBuffer message;
    private RingTwoThreadBenchmark.AgronaConsumer agronaConsumer;

    /** Builds the rings and the messages; each group gets its own. */
    @Setup
    public void setUp() {
        final RingMemory memory = RingFixtures.vmbusRing();
        writer = new OutgoingRing(memory);
        packet = RingFixtures.inBandPacket(payloadLength);
        vmbusConsumer = new RingTwoThreadBenchmark.VmbusConsumer(new IncomingRing(memory), N);
        agrona = RingFixtures.agronaRing();
        message = RingFixtures.agronaMessage(payloadLength);
        agronaConsumer = new RingTwoThreadBenchmark.AgronaConsumer(agrona);
    }

    /**
     * VMBus producer: n packets, committed once per batch (more than once only when the ring fills).
     *
     * @param control JMH's stop flag, so a waiting producer ends with the iteration
     * @return packets written
     */
    @Benchmark
    @Group("vmbusBatch")
    @GroupThreads(1)
    public int vmbusBatchProduce(final Control control) {
        int written = 0;
        int tries = 0;
        while (written < N) {
            final OutgoingRing.Batch batch = writer.beginBatch();
            while (written < N && batch.write(packet, 0, packet.length, written, null) instanceof WriteResult.Written) {
                written++;
            }
            final boolean wroteAny = batch.packets() > 0;
            batch.commit(); // no interrupts modelled: both sides poll
            if (written < N && !wroteAny) {
                if (control.stopMeasurement) {
                    return written;
                }
                RingFixtures.backOff(tries++);
            }
        }
        return written;
    }

    /**
     * VMBus consumer: one packet per operation, reader batch closed every n packets or when empty.
     *
     * @param control JMH's stop flag
     * @return the payload length
     */
    @Benchmark
    @Group("vmbusBatch")
    @GroupThreads(1)
    public int vmbusBatchConsume(final Control control) {
        return vmbusConsumer.next(control);
    }

    /**
     * Agrona producer: n records.
     *
     * @param control JMH's stop flag
     * @return records written
     */
    @Benchmark
    @Group("agronaBatchCopying")
    @GroupThreads(1)
    public int agronaBatchProduce(final Control control) {
        int written = 0;
        for (int tries = 0; written < N;) {
            if (agrona.write(RingFixtures.MSG_TYPE_ID, message, 0, payloadLength)) {
                written++;
                tries = 0;
            } else {
                if (control.stopMeasurement) {
                    return written;
                }
                RingFixtures.backOff(tries++);
            }
        }
        return written;
    }

    /**
     * Agrona consumer: copies each message out, reading up to n per {@code read} call.
     *
     * @param control JMH's stop flag
     * @return 1 per message
     */
    @Benchmark
    @Group("agronaBatchCopying")
    @GroupThreads(1)
    public int agronaBatchConsume(final Control control) {
        return agronaConsumer.readBatched(agronaConsumer.copying, N, control);
    }
}
