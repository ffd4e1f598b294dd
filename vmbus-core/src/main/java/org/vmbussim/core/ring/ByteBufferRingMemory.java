package org.vmbussim.core.ring;

import io.netty.buffer.ByteBuf;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The production {@link RingMemory}: one direct {@link ByteBuffer} covering the ring's pages (header
 * page then data area), e.g. what {@code GuestMemory.sharedView(gpa, length)} returns for a ring in
 * guest RAM. Control words go through
 * {@link MethodHandles#byteBufferViewVarHandle(Class, ByteOrder) byteBufferViewVarHandle(int[].class,
 * LITTLE_ENDIAN)} with the access mode the method names; data moves with absolute bulk
 * {@link ByteBuffer} copies, two of them when a copy wraps. The buffer's position, limit and byte
 * order are never used after construction, so the caller's view of it is left alone.
 *
 * <p>The memory-ordering pairing rules are those of {@link RingMemory}. The JDK supports the
 * acquire/release/volatile access modes only on aligned addresses (misaligned access throws
 * {@link IllegalStateException}), so the constructor checks once that the buffer starts on an 8-byte
 * boundary, as Agrona's {@code verifyAlignment()} does.
 *
 * <p>Threading: control-word methods from any thread; {@link #copyIn(int, ByteBuf, int, int)} uses a
 * view owned by the writer, so it must not be called concurrently with itself (the ring has one
 * writer at a time).
 */
public final class ByteBufferRingMemory implements RingMemory {
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int DATA = RingControlLayout.DATA_OFFSET;

    private final ByteBuffer ring;
    private final ByteBuffer writerView;
    private final int dataLength;

    /**
     * Wraps the ring's pages.
     *
     * @param ringPages a direct, writable buffer whose remaining bytes ({@code position} to
     *                  {@code limit}) are exactly the ring: the header page and the data area
     * @throws IllegalArgumentException when the buffer is heap or read-only, its remaining length is
     *                                  not a valid ring size ({@link RingControlLayout#checkRingLength}),
     *                                  or it does not start on an 8-byte boundary
     */
    public ByteBufferRingMemory(final ByteBuffer ringPages) {
        if (!ringPages.isDirect() || ringPages.isReadOnly()) {
            throw new IllegalArgumentException("ringPages: direct=" + ringPages.isDirect() + ", readOnly="
                    + ringPages.isReadOnly() + " (expected: a direct, writable buffer)");
        }
        this.ring = ringPages.slice();
        this.dataLength = RingControlLayout.checkRingLength(ring.capacity());
        final int misalignment = ring.alignmentOffset(0, Long.BYTES);
        if (misalignment != 0) {
            throw new IllegalArgumentException("ringPages start " + misalignment
                    + " bytes past an 8-byte boundary (expected: aligned, as a page is)");
        }
        this.writerView = ring.duplicate();
    }

    @Override
    public int dataLength() {
        return dataLength;
    }

    @Override
    public int getIntAcquire(final int headerOffset) {
        RingBounds.checkControlWord(headerOffset);
        return (int) INT.getAcquire(ring, headerOffset);
    }

    @Override
    public void putIntRelease(final int headerOffset, final int value) {
        RingBounds.checkControlWord(headerOffset);
        INT.setRelease(ring, headerOffset, value);
    }

    @Override
    public int getIntVolatile(final int headerOffset) {
        RingBounds.checkControlWord(headerOffset);
        return (int) INT.getVolatile(ring, headerOffset);
    }

    @Override
    public void putIntVolatile(final int headerOffset, final int value) {
        RingBounds.checkControlWord(headerOffset);
        INT.setVolatile(ring, headerOffset, value);
    }

    @Override
    public void fullFence() {
        VarHandle.fullFence();
    }

    @Override
    public void copyIn(final int dataIndex, final byte[] src, final int srcOffset, final int length) {
        RingBounds.checkDataCopy(dataIndex, length, dataLength);
        final int first = Math.min(length, dataLength - dataIndex);
        ring.put(DATA + dataIndex, src, srcOffset, first);
        if (first < length) {
            ring.put(DATA, src, srcOffset + first, length - first);
        }
    }

    @Override
    public void copyIn(final int dataIndex, final ByteBuf src, final int srcIndex, final int length) {
        if (src.hasArray()) {
            copyIn(dataIndex, src.array(), src.arrayOffset() + srcIndex, length);
            return;
        }
        RingBounds.checkDataCopy(dataIndex, length, dataLength);
        final int first = Math.min(length, dataLength - dataIndex);
        src.getBytes(srcIndex, writerWindow(DATA + dataIndex, first));
        if (first < length) {
            src.getBytes(srcIndex + first, writerWindow(DATA, length - first));
        }
    }

    private ByteBuffer writerWindow(final int start, final int length) {
        writerView.limit(start + length);
        writerView.position(start);
        return writerView;
    }

    @Override
    public void copyOut(final int dataIndex, final byte[] dst, final int dstOffset, final int length) {
        RingBounds.checkDataCopy(dataIndex, length, dataLength);
        final int first = Math.min(length, dataLength - dataIndex);
        ring.get(DATA + dataIndex, dst, dstOffset, first);
        if (first < length) {
            ring.get(DATA, dst, dstOffset + first, length - first);
        }
    }

    @Override
    public void putLong(final int dataIndex, final long value) {
        RingBounds.checkDataLong(dataIndex, dataLength);
        LONG.set(ring, DATA + dataIndex, value);
    }

    @Override
    public long getLong(final int dataIndex) {
        RingBounds.checkDataLong(dataIndex, dataLength);
        return (long) LONG.get(ring, DATA + dataIndex);
    }
}
