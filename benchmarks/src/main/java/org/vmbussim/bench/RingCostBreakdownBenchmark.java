package org.vmbussim.bench;

import io.netty.util.internal.PlatformDependent;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.vmbussim.core.ring.ByteBufferRingMemory;
import org.vmbussim.core.ring.OutgoingRing;
import org.vmbussim.core.ring.RingControlLayout;
import org.vmbussim.core.ring.WriteResult;

/**
 * Where the one-thread write+read time goes: the writer alone (the reader replaced by a bare
 * release of {@code read_index}); the floor the VMBus protocol sets that Agrona's does not: the
 * two full fences of a round trip (writer: {@code write_index} store before the
 * {@code interrupt_mask}/{@code read_index} loads; reader: {@code read_index} store before the
 * {@code pending_send_sz} load); and what the packet format itself costs ({@link #formatFloor()}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = RingFixtures.AGRONA_EXPORTS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RingCostBreakdownBenchmark {
    /** Payload bytes per packet. */
    @Param({"64", "4096"})
    public int payloadLength;

    private ByteBufferRingMemory memory;
    private OutgoingRing writer;
    private byte[] packet;
    private int counter;
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private ByteBuffer floorRing;
    private long floorData;
    private int floorWrite;
    private final byte[] floorPacketBuffer = new byte[RingFixtures.PACKET_BUFFER_LENGTH];

    /** Builds the ring and the packet. */
    @Setup
    public void setUp() {
        memory = RingFixtures.vmbusRing();
        writer = new OutgoingRing(memory);
        packet = RingFixtures.inBandPacket(payloadLength);
        floorRing = ByteBuffer.allocateDirect(RingControlLayout.HEADER_LENGTH + RingFixtures.DATA_CAPACITY);
        floorData = PlatformDependent.directBufferAddress(floorRing) + RingControlLayout.DATA_OFFSET;
    }

    /**
     * The writer's share: one write, then {@code read_index} released to the write index as a
     * reader's close would (without the reader's copy, checks and fence).
     *
     * @return the result, so the work is not dead code
     */
    @Benchmark
    public WriteResult writeOnly() {
        final WriteResult result = writer.write(packet, 0, packet.length, 1L, null);
        memory.putIntRelease(RingControlLayout.READ_INDEX_OFFSET, writer.writeIndex());
        return result;
    }

    /**
     * Two full fences and two stores: the protocol's fixed cost per write+read round trip.
     *
     * @return a counter
     */
    @Benchmark
    public int twoFullFences() {
        counter++;
        VarHandle.fullFence();
        counter++;
        VarHandle.fullFence();
        return counter;
    }

    /**
     * The VMBus packet format's own cost, with none of the ring's validation, bounds checks, statistics or
     * signalling: one packet written at the data area's address (descriptor and payload copied, {@code trans_id},
     * trailer), {@code write_index} released, the packet read back as the hardened reader does (its first word,
     * then the rest copied into a private buffer, the first word stored into the copy), {@code read_index}
     * released. Not a usable ring (it trusts every index and never wraps a packet; it restarts at 0 instead).
     * The gap between this and the ring's write+read is what validation and bookkeeping cost.
     *
     * @return the length read, so the work is not dead code
     */
    @Benchmark
    public int formatFloor() {
        final int length = packet.length;
        final int ringBytes = length + RingControlLayout.TRAILER_LENGTH; // in-band packets here are 8-aligned
        int at = floorWrite;
        if (at + ringBytes > RingFixtures.DATA_CAPACITY) {
            at = 0;
        }
        PlatformDependent.copyMemory(packet, 0, floorData + at, length);
        PlatformDependent.putLong(floorData + at + Long.BYTES, counter++);
        PlatformDependent.putLong(floorData + at + length, (long) at << Integer.SIZE);
        floorWrite = at + ringBytes;
        INT.setRelease(floorRing, RingControlLayout.WRITE_INDEX_OFFSET, floorWrite);
        final long firstWord = PlatformDependent.getLong(floorData + at); // the reader is where the writer began
        final int wireLength = (int) (firstWord >>> Integer.SIZE & 0xFFFF) * RingControlLayout.PACKET_ALIGNMENT;
        PlatformDependent.copyMemory(floorData + at + Long.BYTES, floorPacketBuffer, Long.BYTES,
                wireLength - Long.BYTES);
        PlatformDependent.putLong(floorPacketBuffer, 0, firstWord);
        INT.setRelease(floorRing, RingControlLayout.READ_INDEX_OFFSET, floorWrite);
        return wireLength;
    }
}
