package org.vmbussim.core.packet;

/**
 * The descriptor's {@code flags} field (VMBUS-REFERENCE.md §2.1). Bit 0 is the only defined flag; a
 * received packet with any other bit set is refused, as OpenVMM does ({@code InvalidDescriptorFlags}).
 */
public final class PacketFlags {
    /** No flags: no completion expected (completions themselves are sent with flags 0). */
    public static final int NONE = 0;
    /** {@code VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED}: the receiver must send a completion. */
    public static final int COMPLETION_REQUESTED = 1;
    /** Every bit a valid packet may have set. */
    public static final int VALID_MASK = COMPLETION_REQUESTED;

    private PacketFlags() {
    }

    /**
     * Whether a flags value read from the wire has only defined bits set.
     *
     * @param flags the u16 field
     * @return true when valid
     */
    public static boolean isValid(final int flags) {
        return (flags & ~VALID_MASK) == 0;
    }

    /**
     * Whether COMPLETION_REQUESTED is set.
     *
     * @param flags the u16 field
     * @return true when set
     */
    public static boolean isCompletionRequested(final int flags) {
        return (flags & COMPLETION_REQUESTED) != 0;
    }
}
