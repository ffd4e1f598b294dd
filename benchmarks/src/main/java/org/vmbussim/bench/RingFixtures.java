package org.vmbussim.bench;

import java.nio.ByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.vmbussim.core.ring.ByteBufferRingMemory;
import org.vmbussim.core.ring.OutgoingRing;
import org.vmbussim.core.ring.RingControlLayout;
import org.vmbussim.core.ring.RingHeader;
import org.vmbussim.wire.LittleEndian;

/**
 * The rings the ring benchmarks compare, built the same way everywhere: a VMBus ring and an Agrona
 * {@link OneToOneRingBuffer} with the same 128 KiB of data capacity, each over one direct buffer.
 * Message sizes are payload bytes: a VMBus packet adds its 16-byte descriptor and 8-byte trailer,
 * an Agrona record its 8-byte header.
 */
final class RingFixtures {
    /** Data bytes of every ring (the VMBus ring adds its 4 KiB header page, Agrona its trailer). */
    static final int DATA_CAPACITY = 128 * 1024;
    /** The reader's private buffer: Linux's default max_pkt_size (4096) plus a page, as Linux sizes it. */
    static final int PACKET_BUFFER_LENGTH = 4096 + 4096;
    /** Agrona message type id (any positive value). */
    static final int MSG_TYPE_ID = 1;
    /** {@code VM_PKT_DATA_INBAND}. */
    static final int VM_PKT_DATA_INBAND = 6;
    /** JVM options Agrona 2.6.0 needs on JDK 17 for its Unsafe access. */
    static final String AGRONA_EXPORTS = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";
    /** Busy-spin this many times before yielding the core (2 vCPUs: a spinner must not starve its peer). */
    static final int SPINS_BEFORE_YIELD = 100;
    /** Packets a consumer reads per batch before it publishes read_index (netvsc's NAPI budget). */
    static final int BATCH_LIMIT = 64;

    /**
     * Messages per batch in the batched benchmarks. Sixteen 4 KiB packets (16 × 4120 B = 64 KiB) fill
     * half the 128 KiB ring, so a whole batch always fits behind a batch the consumer is still reading;
     * and 16 spreads the commit's fixed cost (one release, one full fence, two loads: about 3 ns) to
     * well under 1 ns per message. Larger batches gain little more and would not fit twice for 4 KiB.
     */
    static final int BATCH_PACKETS = 16;

    private RingFixtures() {
    }

    /**
     * An initialised VMBus ring (Linux's {@code hv_ringbuffer_init}: feature bit set).
     *
     * @return the ring's memory
     */
    static ByteBufferRingMemory vmbusRing() {
        final ByteBufferRingMemory memory = new ByteBufferRingMemory(
                ByteBuffer.allocateDirect(RingControlLayout.HEADER_LENGTH + DATA_CAPACITY));
        RingHeader.initialise(memory);
        return memory;
    }

    /**
     * An in-band packet: {@code vmpacket_descriptor} (type 6, offset8 2, len8, flags 0) then the payload.
     *
     * @param payloadLength payload bytes
     * @return the packet, unpadded
     */
    static byte[] inBandPacket(final int payloadLength) {
        final byte[] packet = new byte[RingControlLayout.MIN_PACKET_LENGTH + payloadLength];
        LittleEndian.putShort(packet, 0, VM_PKT_DATA_INBAND);
        LittleEndian.putShort(packet, 2, RingControlLayout.MIN_PACKET_LENGTH / 8);
        LittleEndian.putShort(packet, 4, OutgoingRing.length8(packet.length));
        fillPattern(packet, RingControlLayout.MIN_PACKET_LENGTH);
        return packet;
    }

    /**
     * A payload for Agrona.
     *
     * @param payloadLength bytes
     * @return the payload
     */
    static UnsafeBuffer agronaMessage(final int payloadLength) {
        final byte[] payload = new byte[payloadLength];
        fillPattern(payload, 0);
        return new UnsafeBuffer(payload);
    }

    private static void fillPattern(final byte[] bytes, final int from) {
        for (int i = from; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31);
        }
    }

    /**
     * Agrona's ring with the same data capacity.
     *
     * @return the ring
     */
    static OneToOneRingBuffer agronaRing() {
        return new OneToOneRingBuffer(new UnsafeBuffer(
                ByteBuffer.allocateDirect(DATA_CAPACITY + RingBufferDescriptor.TRAILER_LENGTH)));
    }

    /**
     * Waits a little: a spin hint for the first {@link #SPINS_BEFORE_YIELD} tries, then a yield.
     *
     * @param tries how often the caller has waited already
     */
    static void backOff(final int tries) {
        if (tries < SPINS_BEFORE_YIELD) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
    }
}
