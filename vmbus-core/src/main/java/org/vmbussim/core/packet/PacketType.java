package org.vmbussim.core.packet;

/**
 * {@code enum vmbus_packet_type} (VMBUS-REFERENCE.md §2.2) with the wire value of each type. A u16 that
 * is not one of these values is a protocol error: {@link #fromWire(int)} reports it as a
 * {@link PacketFormatException} rather than inventing a constant for it.
 *
 * <p>Only {@link #DATA_INBAND}, {@link #DATA_USING_GPA_DIRECT} and {@link #COMPLETION} are carried by
 * the simulator's channels (as QEMU's receive path); see {@link #isSupported()}.
 */
public enum PacketType {
    /** 0x0, VM_PKT_INVALID. */
    INVALID(0x0),
    /** 0x1, VM_PKT_SYNCH. */
    SYNCH(0x1),
    /** 0x2, VM_PKT_ADD_XFER_PAGESET. */
    ADD_XFER_PAGESET(0x2),
    /** 0x3, VM_PKT_RM_XFER_PAGESET. */
    RM_XFER_PAGESET(0x3),
    /** 0x4, VM_PKT_ESTABLISH_GPADL. */
    ESTABLISH_GPADL(0x4),
    /** 0x5, VM_PKT_TEARDOWN_GPADL. */
    TEARDOWN_GPADL(0x5),
    /** 0x6, VM_PKT_DATA_INBAND: the payload is entirely in the ring. */
    DATA_INBAND(0x6),
    /** 0x7, VM_PKT_DATA_USING_XFER_PAGES (netvsc receive buffers). */
    DATA_USING_XFER_PAGES(0x7),
    /** 0x8, VM_PKT_DATA_USING_GPADL. */
    DATA_USING_GPADL(0x8),
    /** 0x9, VM_PKT_DATA_USING_GPA_DIRECT: guest memory referenced by PFN lists. */
    DATA_USING_GPA_DIRECT(0x9),
    /** 0xa, VM_PKT_CANCEL_REQUEST. */
    CANCEL_REQUEST(0xa),
    /** 0xb, VM_PKT_COMP: a completion; {@code trans_id} is the request's. */
    COMPLETION(0xb),
    /** 0xc, VM_PKT_DATA_USING_ADDITIONAL_PKT. */
    DATA_USING_ADDITIONAL_PKT(0xc),
    /** 0xd, VM_PKT_ADDITIONAL_DATA. */
    ADDITIONAL_DATA(0xd);

    private static final PacketType[] BY_WIRE = values();

    private final int wireValue;

    PacketType(final int wireValue) {
        this.wireValue = wireValue;
    }

    /**
     * The value in the descriptor's {@code type} field.
     *
     * @return 0x0 to 0xd
     */
    public int wireValue() {
        return wireValue;
    }

    /**
     * Whether the simulator's packet parser accepts packets of this type.
     *
     * @return true for in-band, GPA-direct and completion packets
     */
    public boolean isSupported() {
        return this == DATA_INBAND || this == DATA_USING_GPA_DIRECT || this == COMPLETION;
    }

    /**
     * Whether a u16 read from the wire is a defined packet type.
     *
     * @param wire the {@code type} field, 0 to 0xffff
     * @return true for 0x0 to 0xd
     */
    public static boolean isDefined(final int wire) {
        return wire >= 0 && wire < BY_WIRE.length;
    }

    /**
     * Decodes a {@code type} field strictly.
     *
     * @param wire the {@code type} field, 0 to 0xffff
     * @return the type
     * @throws PacketFormatException with {@link PacketFormatException.Reason#INVALID_DESCRIPTOR_TYPE}
     *                               when the value is not a defined type
     */
    public static PacketType fromWire(final int wire) {
        if (!isDefined(wire)) {
            throw new PacketFormatException(PacketFormatException.Reason.INVALID_DESCRIPTOR_TYPE,
                    "type=0x" + Integer.toHexString(wire) + " (expected: 0x0 to 0xd)");
        }
        return BY_WIRE[wire];
    }
}
