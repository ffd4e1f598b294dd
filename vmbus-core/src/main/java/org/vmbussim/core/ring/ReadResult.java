package org.vmbussim.core.ring;

import org.vmbussim.wire.LittleEndian;

/**
 * What {@link IncomingRing#next(byte[])} found: a {@link Packet} (copied into the caller's private
 * buffer and sanitized) or {@link Empty}. A corrupt ring is not a result but a
 * {@link RingCorruptedException}.
 *
 * <p>To keep the read path free of allocation, each ring owns one {@link Packet} and overwrites it on
 * the next call: use it before calling {@code next} again.
 */
public abstract sealed class ReadResult permits ReadResult.Packet, ReadResult.Empty {
    /** The one {@link Empty}. */
    public static final Empty EMPTY = new Empty();

    /** Offset of {@code offset8} in {@code vmpacket_descriptor} (u16, 8-byte units). */
    static final int DESCRIPTOR_DATA_OFFSET8_OFFSET = 2;
    /** Offset of {@code len8} in {@code vmpacket_descriptor} (u16, 8-byte units). */
    static final int DESCRIPTOR_LENGTH8_OFFSET = 4;
    /** Offset of {@code trans_id} in {@code vmpacket_descriptor} (u64). */
    static final int DESCRIPTOR_TRANSACTION_ID_OFFSET = 8;
    /** Offset of {@code type} in {@code vmpacket_descriptor} (u16). */
    private static final int DESCRIPTOR_TYPE_OFFSET = 0;
    /** Offset of {@code flags} in {@code vmpacket_descriptor} (u16). */
    private static final int DESCRIPTOR_FLAGS_OFFSET = 6;

    ReadResult() {
    }

    /** No complete packet is between the read and write indices. */
    public static final class Empty extends ReadResult {
        private Empty() {
        }

        @Override
        public String toString() {
            return "Empty";
        }
    }

    /**
     * One packet, copied out of the ring into the caller's private buffer at offset 0 with the
     * sanitized {@code len8}/{@code offset8} written into the copy (Linux {@code hv_pkt_iter_first}).
     * Everything here comes from that copy, which the peer can no longer change.
     */
    public static final class Packet extends ReadResult {
        private byte[] buffer;
        private int length;
        private int dataOffset;
        private int ringIndex;
        private int wireLength;
        private boolean offsetSanitized;

        Packet() {
        }

        Packet set(final byte[] copy, final int packetLength, final int packetDataOffset, final int startIndex,
                final int lengthOnWire, final boolean offsetWasSanitized) {
            this.buffer = copy;
            this.length = packetLength;
            this.dataOffset = packetDataOffset;
            this.ringIndex = startIndex;
            this.wireLength = lengthOnWire;
            this.offsetSanitized = offsetWasSanitized;
            return this;
        }

        /**
         * The private copy; the packet is at {@code [0, length())}.
         *
         * @return the caller's buffer
         */
        public byte[] buffer() {
            return buffer;
        }

        /**
         * Bytes of the packet in the copy: {@code len8 * 8} as sanitized (at most the buffer's length).
         *
         * @return bytes, a multiple of 8, at least 16
         */
        public int length() {
            return length;
        }

        /**
         * Where the payload starts in the copy: {@code offset8 * 8} as sanitized, in {@code [16, length()]}.
         *
         * @return bytes
         */
        public int dataOffset() {
            return dataOffset;
        }

        /**
         * Payload bytes after the descriptor (and any GPA-range header): {@code length() - dataOffset()}.
         *
         * @return bytes
         */
        public int payloadLength() {
            return length - dataOffset;
        }

        /**
         * The descriptor's {@code type} ({@code VM_PKT_*}).
         *
         * @return u16
         */
        public int type() {
            return LittleEndian.getShort(buffer, DESCRIPTOR_TYPE_OFFSET);
        }

        /**
         * The descriptor's {@code flags} (bit 0 = COMPLETION_REQUESTED).
         *
         * @return u16
         */
        public int flags() {
            return LittleEndian.getShort(buffer, DESCRIPTOR_FLAGS_OFFSET);
        }

        /**
         * The descriptor's {@code trans_id}.
         *
         * @return u64
         */
        public long transactionId() {
            return LittleEndian.getLong(buffer, DESCRIPTOR_TRANSACTION_ID_OFFSET);
        }

        /**
         * Where the packet started in the ring's data area.
         *
         * @return the read index at which it was found
         */
        public int ringIndex() {
            return ringIndex;
        }

        /**
         * The packet's length in the ring ({@code len8 * 8} as the peer wrote it). It differs from
         * {@link #length()} only when the packet was longer than the private buffer.
         *
         * @return bytes
         */
        public int wireLength() {
            return wireLength;
        }

        /**
         * Whether the packet was longer than the private buffer and the copy holds only its first
         * {@link #length()} bytes (Linux truncates silently; the reader still skips the whole packet).
         *
         * @return true when truncated
         */
        public boolean isTruncated() {
            return wireLength != length;
        }

        /**
         * Whether the peer's {@code offset8 * 8} was outside {@code [16, length()]} and was replaced
         * by 16 (Linux {@code hv_pkt_iter_first} step 5).
         *
         * @return true when replaced
         */
        public boolean isOffsetSanitized() {
            return offsetSanitized;
        }

        @Override
        public String toString() {
            return "Packet[type=" + type() + ", flags=" + flags() + ", transactionId=0x"
                    + Long.toHexString(transactionId()) + ", length=" + length + ", dataOffset=" + dataOffset
                    + ", ringIndex=" + ringIndex + (isTruncated() ? ", truncated from " + wireLength : "")
                    + (offsetSanitized ? ", offset sanitized" : "") + "]";
        }
    }
}
