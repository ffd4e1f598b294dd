package org.vmbussim.core.ring;

/**
 * Sets up a fresh ring header as Linux's {@code hv_ringbuffer_init} does: the whole 4 KiB page zeroed
 * (indices 0, interrupts unmasked, no pending send, reserved bytes zero) and {@code feature_bits = 1}
 * ({@link RingControlLayout#FEAT_PENDING_SEND_SZ}). Linux sets the bit on both rings of a channel;
 * so should the simulator's ring-pair allocation.
 */
public final class RingHeader {

    private RingHeader() {
    }

    /**
     * Initialises a ring's header page. Call before either side attaches an {@link OutgoingRing} or
     * {@link IncomingRing} to it; the feature word is stored last, with release ordering.
     *
     * @param memory the ring
     */
    public static void initialise(final RingMemory memory) {
        for (int offset = 0; offset < RingControlLayout.HEADER_LENGTH; offset += Integer.BYTES) {
            memory.putIntVolatile(offset, 0);
        }
        memory.putIntRelease(RingControlLayout.FEATURE_BITS_OFFSET, RingControlLayout.FEAT_PENDING_SEND_SZ);
    }
}
