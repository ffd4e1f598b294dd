package org.vmbussim.core.ring;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * The pieces of one outgoing packet, laid end to end (Linux's {@code kvec} list: descriptor, payload,
 * ...). The ring copies them in order and adds the zero padding to 8 bytes itself. The list holds
 * references only: it copies nothing, never changes a {@link ByteBuf}'s indices and never retains or
 * releases one. Reuse one list per sender ({@link #clear()}) so sending allocates nothing.
 *
 * <p>Threading: not thread-safe; owned by one sender.
 */
public final class GatherList {
    /** Segments a list holds when built with {@link #GatherList()}. */
    public static final int DEFAULT_CAPACITY = 4;

    private final byte[][] arrays;
    private final ByteBuf[] bufs;
    private final int[] offsets;
    private final int[] lengths;
    private int count;
    private int length;

    /** A list of up to {@value #DEFAULT_CAPACITY} segments. */
    public GatherList() {
        this(DEFAULT_CAPACITY);
    }

    /**
     * A list of up to {@code capacity} segments.
     *
     * @param capacity most segments, at least 1
     */
    public GatherList(final int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity=" + capacity + " (expected: >= 1)");
        }
        arrays = new byte[capacity][];
        bufs = new ByteBuf[capacity];
        offsets = new int[capacity];
        lengths = new int[capacity];
    }

    /**
     * Empties the list and drops its references.
     *
     * @return this
     */
    public GatherList clear() {
        for (int i = 0; i < count; i++) {
            arrays[i] = null;
            bufs[i] = null;
        }
        count = 0;
        length = 0;
        return this;
    }

    /**
     * Appends a whole array.
     *
     * @param array the bytes
     * @return this
     */
    public GatherList add(final byte[] array) {
        return add(array, 0, array.length);
    }

    /**
     * Appends part of an array.
     *
     * @param array  the bytes
     * @param offset first byte
     * @param bytes  how many
     * @return this
     * @throws IndexOutOfBoundsException when the range is not inside the array
     * @throws IllegalStateException     when the list is full or the total would overflow an int
     */
    public GatherList add(final byte[] array, final int offset, final int bytes) {
        Objects.checkFromIndexSize(offset, bytes, array.length);
        final int i = slot(bytes);
        arrays[i] = array;
        offsets[i] = offset;
        return this;
    }

    /**
     * Appends a buffer's readable bytes.
     *
     * @param buf the buffer
     * @return this
     */
    public GatherList add(final ByteBuf buf) {
        return add(buf, buf.readerIndex(), buf.readableBytes());
    }

    /**
     * Appends bytes of a buffer by absolute index.
     *
     * @param buf   the buffer
     * @param index first byte
     * @param bytes how many
     * @return this
     * @throws IndexOutOfBoundsException when the range is not inside the buffer's capacity
     * @throws IllegalStateException     when the list is full or the total would overflow an int
     */
    public GatherList add(final ByteBuf buf, final int index, final int bytes) {
        Objects.checkFromIndexSize(index, bytes, buf.capacity());
        final int i = slot(bytes);
        bufs[i] = buf;
        offsets[i] = index;
        return this;
    }

    private int slot(final int bytes) {
        if (count == arrays.length) {
            throw new IllegalStateException("segments=" + count + " (expected: <= capacity " + arrays.length + ")");
        }
        if (bytes > Integer.MAX_VALUE - length) {
            throw new IllegalStateException("length=" + length + " + " + bytes + " overflows an int");
        }
        lengths[count] = bytes;
        length += bytes;
        return count++;
    }

    /**
     * Total bytes of all segments.
     *
     * @return bytes
     */
    public int length() {
        return length;
    }

    /**
     * Number of segments.
     *
     * @return count
     */
    public int segmentCount() {
        return count;
    }

    /**
     * Reads one byte of the packet by its offset in the concatenation.
     *
     * @param packetOffset offset from the start of the first segment
     * @return the byte, 0 to 255
     */
    int getUnsignedByte(final int packetOffset) {
        int base = 0;
        for (int i = 0; i < count; i++) {
            final int rel = packetOffset - base;
            if (rel < lengths[i]) {
                return (arrays[i] != null ? arrays[i][offsets[i] + rel] : bufs[i].getByte(offsets[i] + rel)) & 0xFF;
            }
            base += lengths[i];
        }
        throw new IndexOutOfBoundsException("packetOffset=" + packetOffset + " (expected: < " + length + ")");
    }

    /**
     * Copies the segments into the ring in order, wrapping.
     *
     * @param memory    the ring
     * @param dataIndex where the first byte goes
     * @return the index after the last byte
     */
    int copyTo(final RingMemory memory, final int dataIndex) {
        final int dataLength = memory.dataLength();
        int at = dataIndex;
        for (int i = 0; i < count; i++) {
            if (lengths[i] == 0) {
                continue;
            }
            if (arrays[i] != null) {
                memory.copyIn(at, arrays[i], offsets[i], lengths[i]);
            } else {
                memory.copyIn(at, bufs[i], offsets[i], lengths[i]);
            }
            at = RingIndices.advance(at, lengths[i], dataLength);
        }
        return at;
    }
}
