package org.vmbussim.core.ring;

import java.util.Arrays;
import java.util.Random;
import org.vmbussim.wire.LittleEndian;

/** Builds test packets: a 16-byte vmpacket_descriptor then a payload, unpadded. */
final class Packets {
    /** VM_PKT_DATA_INBAND. */
    static final int TYPE_INBAND = 6;
    /** VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED. */
    static final int COMPLETION_REQUESTED = 1;

    private Packets() {
    }

    /** An in-band packet: descriptor (offset8 = 2, len8 = padded / 8, trans_id placeholder) + payload. */
    static byte[] inBand(final byte[] payload, final int flags, final long transIdPlaceholder) {
        final byte[] p = new byte[RingControlLayout.MIN_PACKET_LENGTH + payload.length];
        LittleEndian.putShort(p, 0, TYPE_INBAND);
        LittleEndian.putShort(p, 2, 2);
        LittleEndian.putShort(p, 4, OutgoingRing.length8(p.length));
        LittleEndian.putShort(p, 6, flags);
        LittleEndian.putLong(p, 8, transIdPlaceholder);
        System.arraycopy(payload, 0, p, RingControlLayout.MIN_PACKET_LENGTH, payload.length);
        return p;
    }

    /** A payload of {@code length} bytes derived from {@code seed} (reproducible on the reading side). */
    static byte[] payload(final long seed, final int length) {
        final byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** What a reader's copy of {@code packet} holds: padded with zeros, {@code trans_id} replaced. */
    static byte[] readBack(final byte[] packet, final long transId) {
        final byte[] copy = Arrays.copyOf(packet, OutgoingRing.length8(packet.length) * 8);
        LittleEndian.putLong(copy, 8, transId);
        return copy;
    }

    /** Bytes the packet takes in the ring: padded length plus the trailer. */
    static int ringBytes(final int packetLength) {
        return OutgoingRing.length8(packetLength) * 8 + RingControlLayout.TRAILER_LENGTH;
    }
}
