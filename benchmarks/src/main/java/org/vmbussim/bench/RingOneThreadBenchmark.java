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
 * One thread writes one in-band packet and reads it back, per operation: the VMBus ring (writer,
 * then a one-packet batch of the hardened copying reader) against Agrona's OneToOneRingBuffer with a
 * consumer that copies the message out (like for like) and one that only touches it.
 *
 * <p>Batched methods: {@value RingFixtures#BATCH_PACKETS} packets per invocation, scores per message
 * ({@code @OperationsPerInvocation}). VMBus: one {@link OutgoingRing#beginBatch() batch} of n packets and
 * one commit (one release of {@code write_index}, one fence, one signal decision), then one reader batch
 * ({@code begin}, {@code next} × n, {@code close}: one release of {@code read_index}, one fence). Agrona: n
 * {@code write} calls (each publishes its record) and {@code read(handler, n)} (one head release), copying
 * consumer, like for like with the copying VMBus reader.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = RingFixtures.AGRONA_EXPORTS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RingOneThreadBenchmark {
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
    private long touched;
    private final MessageHandler copying = this::copyOut;
    private final MessageHandler touching = this::touch;

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

    private void touch(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length) {
        touched += buffer.getLong(index) + length;
    }

    /**
     * VMBus ring: write (with the signalling decision), then begin/next/close (with the
     * pending-send decision).
     *
     * @return the payload length read, so the work is not dead code
     */
    @Benchmark
    public int vmbusWriteRead() {
        final WriteResult written = writer.write(packet, 0, packet.length, 1L, null);
        if (!(written instanceof WriteResult.Written)) {
            throw new IllegalStateException("ring full: " + written);
        }
        reader.begin();
        final ReadResult read = reader.next(packetBuffer);
        reader.close();
        return ((ReadResult.Packet) read).payloadLength();
    }

    /**
     * Agrona, copying consumer (the like-for-like anchor).
     *
     * @return messages read
     */
    @Benchmark
    public int agronaWriteReadCopying() {
        if (!agrona.write(RingFixtures.MSG_TYPE_ID, message, 0, payloadLength)) {
            throw new IllegalStateException("agrona ring full");
        }
        int read;
        do { // read(handler, 1) returns 0 when it only skipped the padding record at the wrap point
            read = agrona.read(copying, 1);
        } while (read == 0);
        return read;
    }

    /**
     * Agrona, touch-only consumer (reads 8 bytes of each message).
     *
     * @return a value derived from the messages
     */
    @Benchmark
    public long agronaWriteReadTouch() {
        if (!agrona.write(RingFixtures.MSG_TYPE_ID, message, 0, payloadLength)) {
            throw new IllegalStateException("agrona ring full");
        }
        int read;
        do { // see agronaWriteReadCopying
            read = agrona.read(touching, 1);
        } while (read == 0);
        return touched;
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
