package org.vmbussim.bench;

import java.util.concurrent.TimeUnit;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.vmbussim.core.ring.IncomingRing;
import org.vmbussim.core.ring.OutgoingRing;
import org.vmbussim.core.ring.ReadResult;
import org.vmbussim.core.ring.RingMemory;
import org.vmbussim.core.ring.WriteResult;

/**
 * One thread writes {@value RingFixtures#BATCH_PACKETS} in-band packets and reads them back, per
 * invocation; scores are per message ({@code @OperationsPerInvocation}). VMBus: one
 * {@link OutgoingRing#beginBatch() batch} of n packets and one commit (one release of
 * {@code write_index}, one fence, one signal decision), then one reader batch ({@code begin},
 * {@code next} × n, {@code close}: one release of {@code read_index}, one fence). Agrona: n
 * {@code write} calls (each publishes its record) and {@code read(handler, n)} (one head release),
 * copying consumer, like for like with the copying VMBus reader.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = RingFixtures.AGRONA_EXPORTS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RingBatchOneThreadBenchmark {
    private static final int N = RingFixtures.BATCH_PACKETS;

    /** Payload bytes per packet. */
    @Param({"64", "512", "4096"})
    public int payloadLength;

    private OutgoingRing writer;
    private IncomingRing reader;
    private byte[] packet;
    private final byte[] packetBuffer = new byte[RingFixtures.PACKET_BUFFER_LENGTH];

    private OneToOneRingBuffer agrona;
    private UnsafeBuffer message;
    private final byte[] copy = new byte[RingFixtures.PACKET_BUFFER_LENGTH];
    private final MessageHandler copying = this::copyOut;

    /** Builds the rings and the messages. */
    @Setup
    public void setUp() {
        final RingMemory memory = RingFixtures.vmbusRing();
        writer = new OutgoingRing(memory);
        reader = new IncomingRing(memory);
        packet = RingFixtures.inBandPacket(payloadLength);
        agrona = RingFixtures.agronaRing();
        message = RingFixtures.agronaMessage(payloadLength);
    }

    private void copyOut(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length) {
        buffer.getBytes(index, copy, 0, length);
    }

    /**
     * VMBus ring: a batch of n packets committed once, then read in one reader batch.
     *
     * @return the payload bytes read, so the work is not dead code
     */
    @Benchmark
    @OperationsPerInvocation(N)
    public int vmbusBatchWriteRead() {
        final OutgoingRing.Batch batch = writer.beginBatch();
        for (int i = 0; i < N; i++) {
            if (!(batch.write(packet, 0, packet.length, i, null) instanceof WriteResult.Written)) {
                throw new IllegalStateException("ring full in batch at packet " + i);
            }
        }
        batch.commit();
        int payload = 0;
        reader.begin();
        for (int i = 0; i < N; i++) {
            payload += ((ReadResult.Packet) reader.next(packetBuffer)).payloadLength();
        }
        reader.close();
        return payload;
    }

    /**
     * Agrona, copying consumer: n writes, then {@code read(handler, n)} until all n are read.
     *
     * @return messages read
     */
    @Benchmark
    @OperationsPerInvocation(N)
    public int agronaBatchWriteReadCopying() {
        for (int i = 0; i < N; i++) {
            if (!agrona.write(RingFixtures.MSG_TYPE_ID, message, 0, payloadLength)) {
                throw new IllegalStateException("agrona ring full at message " + i);
            }
        }
        int read = 0;
        while (read < N) { // a read that meets the padding record at the wrap stops there
            read += agrona.read(copying, N - read);
        }
        return read;
    }
}
