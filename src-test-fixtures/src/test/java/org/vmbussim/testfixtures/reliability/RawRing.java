package org.vmbussim.testfixtures.reliability;

import org.vmbussim.core.ring.RingControlLayout;
import org.vmbussim.core.ring.RingMemory;

/**
 * A hostile writer of one ring: puts any bytes on it as a packet (padded to 8 and followed by the trailer, as
 * a writer would, but with whatever descriptor the bytes carry) and can corrupt the ring's indices. It keeps no
 * state of its own: every write starts from the indices in the ring's header, so it can share a ring with no
 * other writer.
 */
final class RawRing {
    private final RingMemory memory;

    RawRing(final RingMemory memory) {
        this.memory = memory;
    }

    /**
     * Writes one packet's bytes.
     *
     * @param packet the bytes, at least 16 and less than the ring's data size
     * @return false, writing nothing, when the ring has no room (or its indices are not usable)
     */
    boolean write(final byte[] packet) {
        final int dataLength = memory.dataLength();
        final int write = memory.getIntVolatile(RingControlLayout.WRITE_INDEX_OFFSET);
        final int read = memory.getIntVolatile(RingControlLayout.READ_INDEX_OFFSET);
        if (!usable(write, dataLength) || !usable(read, dataLength)) {
            return false;
        }
        final int padded = (packet.length + 7) & ~7;
        final int total = padded + RingControlLayout.TRAILER_LENGTH;
        final int free = read > write ? read - write : dataLength - write + read;
        if (free <= total) {
            return false;
        }
        memory.copyIn(write, packet, 0, packet.length);
        if (padded > packet.length) {
            memory.copyIn((write + packet.length) % dataLength, new byte[padded - packet.length], 0,
                    padded - packet.length);
        }
        final int trailerAt = (write + padded) % dataLength;
        memory.putLong(trailerAt, Integer.toUnsignedLong(write) << Integer.SIZE);
        memory.putIntRelease(RingControlLayout.WRITE_INDEX_OFFSET, (trailerAt + RingControlLayout.TRAILER_LENGTH)
                % dataLength);
        return true;
    }

    private static boolean usable(final int index, final int dataLength) {
        return index >= 0 && index < dataLength && index % 8 == 0;
    }

    /**
     * Overwrites a control word of the header (an index, the mask, {@code pending_send_sz}).
     *
     * @param headerOffset e.g. {@link RingControlLayout#WRITE_INDEX_OFFSET}
     * @param value        any value
     */
    void corrupt(final int headerOffset, final int value) {
        memory.putIntVolatile(headerOffset, value);
    }

    int dataLength() {
        return memory.dataLength();
    }
}
