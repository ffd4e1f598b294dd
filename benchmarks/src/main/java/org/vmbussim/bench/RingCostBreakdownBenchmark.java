package org.vmbussim.bench;

import java.lang.invoke.VarHandle;
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
 * release of {@code read_index}), and the floor the VMBus protocol sets that Agrona's does not: the
 * two full fences of a round trip (writer: {@code write_index} store before the
 * {@code interrupt_mask}/{@code read_index} loads; reader: {@code read_index} store before the
 * {@code pending_send_sz} load).
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

    /** Builds the ring and the packet. */
    @Setup
    public void setUp() {
        memory = RingFixtures.vmbusRing();
        writer = new OutgoingRing(memory);
        packet = RingFixtures.inBandPacket(payloadLength);
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
}
