package org.vmbussim.bench;

import java.util.concurrent.TimeUnit;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
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
import org.vmbussim.core.ring.ReadResult;
import org.vmbussim.core.ring.RingMemory;
import org.vmbussim.core.ring.WriteResult;

/**
 * A producer thread and a consumer thread stream in-band packets through one ring; the consumer's
 * score is messages per microsecond. Both sides wait by spinning briefly, then yielding (2 vCPUs).
 *
 * <p>VMBus consumer: batches as Linux's {@code foreach_vmbus_pkt} does — {@code begin}, {@code next}
 * until empty, {@code close} (publishes {@code read_index}) — but also closes after
 * {@value RingFixtures#BATCH_LIMIT} packets (netvsc's NAPI budget) or a quarter of the ring, so the
 * producer can refill while the consumer reads (with 4 KiB packets a whole-ring batch would make the
 * two sides take turns). No interrupts are modelled: the producer ignores {@code signalPeer}
 * and both sides poll. Agrona consumer: {@code read(handler, 1)} per message, copying or touch-only.
 *
 * <p>Batched groups ({@code vmbusBatch}, {@code agronaBatchCopying}): batched publishing, n =
 * {@value RingFixtures#BATCH_PACKETS}. The producer's operation is n messages: VMBus writes them into one
 * {@link OutgoingRing#beginBatch() batch} and commits once, or commits what it has when the ring
 * is full and starts another batch; Agrona writes n records (each publishes itself). The consumer's
 * operation is one message, as in the per-packet groups, so its score is messages per µs:
 * VMBus closes its reader batch (publishes {@code read_index}) after n packets or when the ring is
 * empty; Agrona's consumer reads with {@code read(handler, n)} (one head release per call) and
 * counts the messages off one per operation. Copying consumers on both sides.
 *
 * No {@code @OperationsPerInvocation} on the batched producer: JMH applies it to every method of the
 * group, which would multiply the consumer's score too. Read the consumer's score (messages per µs);
 * the batched producer's is batches per µs.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Group)
@Fork(value = 1, jvmArgsAppend = RingFixtures.AGRONA_EXPORTS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RingTwoThreadBenchmark {
    private static final int N = RingFixtures.BATCH_PACKETS;

    /** Payload bytes per packet. */
    @Param({"64", "512", "4096"})
    public int payloadLength;

    private OutgoingRing writer;
    private byte[] packet;
    private VmbusConsumer vmbusConsumer;
    private VmbusConsumer vmbusBatchConsumer;

    private OneToOneRingBuffer agrona;
    private UnsafeBuffer message;
    private AgronaConsumer agronaConsumer;

    /** Builds the rings and the messages; each group gets its own. */
    @Setup
    public void setUp() {
        final RingMemory memory = RingFixtures.vmbusRing();
        writer = new OutgoingRing(memory);
        packet = RingFixtures.inBandPacket(payloadLength);
        vmbusConsumer = new VmbusConsumer(new IncomingRing(memory));
        vmbusBatchConsumer = new VmbusConsumer(new IncomingRing(memory), N); // only the batched group reads with it
        agrona = RingFixtures.agronaRing();
        message = RingFixtures.agronaMessage(payloadLength);
        agronaConsumer = new AgronaConsumer(agrona);
    }

    /**
     * VMBus producer: one packet per operation.
     *
     * @param control JMH's stop flag, so a waiting producer ends with the iteration
     * @return whether the packet was written
     */
    @Benchmark
    @Group("vmbus")
    @GroupThreads(1)
    public boolean vmbusProduce(final Control control) {
        for (int tries = 0; !(writer.write(packet, 0, packet.length, 1L, null) instanceof WriteResult.Written);
                tries++) {
            if (control.stopMeasurement) {
                return false;
            }
            RingFixtures.backOff(tries);
        }
        return true;
    }

    /**
     * VMBus consumer: one packet per operation, copied into the private buffer.
     *
     * @param control JMH's stop flag
     * @return the payload length
     */
    @Benchmark
    @Group("vmbus")
    @GroupThreads(1)
    public int vmbusConsume(final Control control) {
        return vmbusConsumer.next(control);
    }

    /**
     * Agrona producer (copying-consumer group).
     *
     * @param control JMH's stop flag
     * @return whether the message was written
     */
    @Benchmark
    @Group("agronaCopying")
    @GroupThreads(1)
    public boolean agronaCopyingProduce(final Control control) {
        return agronaProduce(control);
    }

    /**
     * Agrona consumer that copies each message out (like for like with the VMBus reader).
     *
     * @param control JMH's stop flag
     * @return messages read
     */
    @Benchmark
    @Group("agronaCopying")
    @GroupThreads(1)
    public int agronaCopyingConsume(final Control control) {
        return agronaConsumer.read(agronaConsumer.copying, control);
    }

    /**
     * Agrona producer (touch-only group).
     *
     * @param control JMH's stop flag
     * @return whether the message was written
     */
    @Benchmark
    @Group("agronaTouch")
    @GroupThreads(1)
    public boolean agronaTouchProduce(final Control control) {
        return agronaProduce(control);
    }

    /**
     * Agrona consumer that reads 8 bytes of each message.
     *
     * @param control JMH's stop flag
     * @return messages read
     */
    @Benchmark
    @Group("agronaTouch")
    @GroupThreads(1)
    public int agronaTouchConsume(final Control control) {
        return agronaConsumer.read(agronaConsumer.touching, control);
    }

    private boolean agronaProduce(final Control control) {
        for (int tries = 0; !agrona.write(RingFixtures.MSG_TYPE_ID, message, 0, payloadLength); tries++) {
            if (control.stopMeasurement) {
                return false;
            }
            RingFixtures.backOff(tries);
        }
        return true;
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
        return vmbusBatchConsumer.next(control);
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

    /** Consumer-side state, padded away from the producer's fields (no false sharing). */
    static final class VmbusConsumer extends Padding {
        private final IncomingRing reader;
        private final int batchLimit;
        private final byte[] packetBuffer = new byte[RingFixtures.PACKET_BUFFER_LENGTH];
        private boolean inBatch;
        private int batchCount;
        private int batchBytes;
        private long q0;
        private long q1;
        private long q2;
        private long q3;
        private long q4;
        private long q5;
        private long q6;
        private long q7;

        VmbusConsumer(final IncomingRing reader) {
            this(reader, RingFixtures.BATCH_LIMIT);
        }

        VmbusConsumer(final IncomingRing reader, final int batchLimit) {
            this.reader = reader;
            this.batchLimit = batchLimit;
        }

        int next(final Control control) {
            for (int tries = 0;; tries++) {
                if (!inBatch) {
                    reader.begin();
                    inBatch = true;
                }
                final ReadResult r = reader.next(packetBuffer);
                if (r instanceof ReadResult.Packet) {
                    final ReadResult.Packet p = (ReadResult.Packet) r;
                    batchBytes += p.wireLength();
                    if (++batchCount == batchLimit || batchBytes >= RingFixtures.DATA_CAPACITY / 4) {
                        closeBatch();
                    }
                    return p.payloadLength();
                }
                closeBatch();
                if (control.stopMeasurement) {
                    return 0;
                }
                RingFixtures.backOff(tries);
            }
        }

        private void closeBatch() {
            reader.close();
            inBatch = false;
            batchCount = 0;
            batchBytes = 0;
        }
    }

    /** Agrona consumer-side state, padded like {@link VmbusConsumer}. */
    static final class AgronaConsumer extends Padding {
        private final OneToOneRingBuffer ring;
        private final byte[] copy = new byte[RingFixtures.PACKET_BUFFER_LENGTH];
        private long touched;
        final MessageHandler copying = this::copyOut;
        private final MessageHandler touching = this::touch;
        private int readButNotCounted;
        private long q0;
        private long q1;
        private long q2;
        private long q3;
        private long q4;
        private long q5;
        private long q6;
        private long q7;

        AgronaConsumer(final OneToOneRingBuffer ring) {
            this.ring = ring;
        }

        private void copyOut(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length) {
            buffer.getBytes(index, copy, 0, length);
        }

        private void touch(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length) {
            touched += buffer.getLong(index) + length;
        }

        int read(final MessageHandler handler, final Control control) {
            // read(handler, 1) returns 0 (and backs off once) when it only skipped the padding record at the wrap
            return read(handler, 1, control);
        }

        /**
         * One message per call, read {@code limit} at a time: {@code read(handler, limit)} copies up
         * to {@code limit} messages and publishes the head once; later calls count them off.
         */
        int readBatched(final MessageHandler handler, final int limit, final Control control) {
            if (readButNotCounted > 0) {
                readButNotCounted--;
                return 1;
            }
            final int read = read(handler, limit, control);
            readButNotCounted = read > 0 ? read - 1 : 0;
            return read > 0 ? 1 : 0;
        }

        private int read(final MessageHandler handler, final int limit, final Control control) {
            for (int tries = 0;; tries++) {
                final int read = ring.read(handler, limit);
                if (read != 0) {
                    return read;
                }
                if (control.stopMeasurement) {
                    return 0;
                }
                RingFixtures.backOff(tries);
            }
        }
    }

    /** Sixteen longs of padding in front of a consumer's fields (its own fields end with eight more). */
    abstract static class Padding {
        private long p0;
        private long p1;
        private long p2;
        private long p3;
        private long p4;
        private long p5;
        private long p6;
        private long p7;
        private long p8;
        private long p9;
        private long p10;
        private long p11;
        private long p12;
        private long p13;
        private long p14;
        private long p15;
    }
}
