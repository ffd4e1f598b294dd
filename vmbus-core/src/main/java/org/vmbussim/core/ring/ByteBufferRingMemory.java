package org.vmbussim.core.ring;

import io.netty.buffer.ByteBuf;
import io.netty.util.internal.PlatformDependent;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * The production {@link RingMemory}: one direct {@link ByteBuffer} covering the ring's pages (header
 * page then data area), e.g. what {@code GuestMemory.sharedView(gpa, length)} returns for a ring in
 * guest RAM. Control words go through
 * {@link MethodHandles#byteBufferViewVarHandle(Class, ByteOrder) byteBufferViewVarHandle(int[].class,
 * LITTLE_ENDIAN)} with the access mode the method names; data moves with absolute bulk
 * {@link ByteBuffer} copies, two of them when a copy wraps. The buffer's position, limit and byte
 * order are never used after construction, so the caller's view of it is left alone.
 *
 * <p>Data path: where the platform offers direct memory access (Netty's {@link PlatformDependent#hasUnsafe()},
 * as Netty's and Agrona's buffers use), the data area's bulk copies and its {@code trans_id}/trailer/descriptor
 * words go straight to the buffer's address, after the same {@link RingBounds} checks and an explicit check of
 * the array range: the JDK's {@code ByteBuffer} path repeats those checks and adds a memory-session check per
 * call, which costs as much as the 64-byte copy itself. Control words always go through the {@code VarHandle}s
 * above, and their release/acquire/volatile modes order these plain data accesses like any others. Without
 * direct access (or with {@code -Dvmbussim.ring.directAccess=false}) everything goes through the
 * {@code ByteBuffer}.
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
    private static final long NO_ADDRESS = 0;
    private static final boolean DIRECT_ACCESS = PlatformDependent.hasUnsafe()
            && Boolean.parseBoolean(System.getProperty("vmbussim.ring.directAccess", "true"));

    private final ByteBuffer ring;
    private final ByteBuffer writerView;
    private final int dataLength;
    /** The data area's first byte in native memory, or {@link #NO_ADDRESS}: then the ByteBuffer path is used. */
    private final long dataAddress;

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
        this(ringPages, DIRECT_ACCESS);
    }

    /**
     * Wraps the ring's pages, choosing the data path: tests run the ring over both.
     *
     * @param ringPages    as {@link #ByteBufferRingMemory(ByteBuffer)}
     * @param directAccess whether to reach the data area by address when the platform allows it
     */
    ByteBufferRingMemory(final ByteBuffer ringPages, final boolean directAccess) {
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
        this.dataAddress = directAccess && PlatformDependent.hasUnsafe()
                ? PlatformDependent.directBufferAddress(ring) + DATA : NO_ADDRESS;
    }

    /**
     * Whether the data area is reached by address (see the class comment) rather than through the buffer.
     *
     * @return true when data copies and data words bypass the {@code ByteBuffer}
     */
    public boolean usesDirectAccess() {
        return dataAddress != NO_ADDRESS;
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
        if (dataAddress != NO_ADDRESS) {
            Objects.checkFromIndexSize(srcOffset, length, src.length);
            PlatformDependent.copyMemory(src, srcOffset, dataAddress + dataIndex, first);
            if (first < length) {
                PlatformDependent.copyMemory(src, srcOffset + first, dataAddress, length - first);
            }
            return;
        }
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
        if (dataAddress != NO_ADDRESS) {
            Objects.checkFromIndexSize(dstOffset, length, dst.length);
            PlatformDependent.copyMemory(dataAddress + dataIndex, dst, dstOffset, first);
            if (first < length) {
                PlatformDependent.copyMemory(dataAddress, dst, dstOffset + first, length - first);
            }
            return;
        }
        ring.get(DATA + dataIndex, dst, dstOffset, first);
        if (first < length) {
            ring.get(DATA, dst, dstOffset + first, length - first);
        }
    }

    @Override
    public void putLong(final int dataIndex, final long value) {
        RingBounds.checkDataLong(dataIndex, dataLength);
        if (dataAddress != NO_ADDRESS) {
            PlatformDependent.putLong(dataAddress + dataIndex, toLittleEndian(value));
            return;
        }
        LONG.set(ring, DATA + dataIndex, value);
    }

    @Override
    public long getLong(final int dataIndex) {
        RingBounds.checkDataLong(dataIndex, dataLength);
        if (dataAddress != NO_ADDRESS) {
            return toLittleEndian(PlatformDependent.getLong(dataAddress + dataIndex));
        }
        return (long) LONG.get(ring, DATA + dataIndex);
    }

    /** Native order to little-endian and back (the same swap both ways). */
    private static long toLittleEndian(final long value) {
        return PlatformDependent.BIG_ENDIAN_NATIVE_ORDER ? Long.reverseBytes(value) : value;
    }
}
