package org.vmbussim.core.ring;

import io.netty.buffer.ByteBuf;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A second, deliberately simple {@link RingMemory} for tests (OpenVMM's {@code FlatRingMem}): one
 * byte array, control words through a byte-array VarHandle, data copied one byte at a time with the
 * index reduced modulo the data size. Running the same contract and ring tests over it and over
 * {@link ByteBufferRingMemory} checks the two-part bulk copies against the obvious algorithm.
 */
final class HeapRingMemory implements RingMemory {
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int DATA = RingControlLayout.DATA_OFFSET;

    private final byte[] ring;
    private final int dataLength;

    HeapRingMemory(final int ringLength) {
        this.dataLength = RingControlLayout.checkRingLength(ringLength);
        this.ring = new byte[ringLength];
    }

    /** The ring's bytes, header page first, as the peer sees them. */
    byte[] array() {
        return ring;
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
        for (int i = 0; i < length; i++) {
            ring[DATA + (dataIndex + i) % dataLength] = src[srcOffset + i];
        }
    }

    @Override
    public void copyIn(final int dataIndex, final ByteBuf src, final int srcIndex, final int length) {
        RingBounds.checkDataCopy(dataIndex, length, dataLength);
        for (int i = 0; i < length; i++) {
            ring[DATA + (dataIndex + i) % dataLength] = src.getByte(srcIndex + i);
        }
    }

    @Override
    public void copyOut(final int dataIndex, final byte[] dst, final int dstOffset, final int length) {
        RingBounds.checkDataCopy(dataIndex, length, dataLength);
        for (int i = 0; i < length; i++) {
            dst[dstOffset + i] = ring[DATA + (dataIndex + i) % dataLength];
        }
    }

    @Override
    public void putLong(final int dataIndex, final long value) {
        RingBounds.checkDataLong(dataIndex, dataLength);
        for (int i = 0; i < Long.BYTES; i++) {
            ring[DATA + dataIndex + i] = (byte) (value >>> (Byte.SIZE * i));
        }
    }

    @Override
    public long getLong(final int dataIndex) {
        RingBounds.checkDataLong(dataIndex, dataLength);
        long value = 0;
        for (int i = Long.BYTES - 1; i >= 0; i--) {
            value = value << Byte.SIZE | (ring[DATA + dataIndex + i] & 0xFF);
        }
        return value;
    }
}
