package org.vmbussim.core.ring;

import io.netty.buffer.ByteBuf;

/** A {@link RingMemory} that forwards every call, for tests that intercept one of them. */
class ForwardingRingMemory implements RingMemory {
    private final RingMemory delegate;

    ForwardingRingMemory(final RingMemory delegate) {
        this.delegate = delegate;
    }

    @Override
    public int dataLength() {
        return delegate.dataLength();
    }

    @Override
    public int getIntAcquire(final int headerOffset) {
        return delegate.getIntAcquire(headerOffset);
    }

    @Override
    public void putIntRelease(final int headerOffset, final int value) {
        delegate.putIntRelease(headerOffset, value);
    }

    @Override
    public int getIntVolatile(final int headerOffset) {
        return delegate.getIntVolatile(headerOffset);
    }

    @Override
    public void putIntVolatile(final int headerOffset, final int value) {
        delegate.putIntVolatile(headerOffset, value);
    }

    @Override
    public void fullFence() {
        delegate.fullFence();
    }

    @Override
    public void copyIn(final int dataIndex, final byte[] src, final int srcOffset, final int length) {
        delegate.copyIn(dataIndex, src, srcOffset, length);
    }

    @Override
    public void copyIn(final int dataIndex, final ByteBuf src, final int srcIndex, final int length) {
        delegate.copyIn(dataIndex, src, srcIndex, length);
    }

    @Override
    public void copyOut(final int dataIndex, final byte[] dst, final int dstOffset, final int length) {
        delegate.copyOut(dataIndex, dst, dstOffset, length);
    }

    @Override
    public void putLong(final int dataIndex, final long value) {
        delegate.putLong(dataIndex, value);
    }

    @Override
    public long getLong(final int dataIndex) {
        return delegate.getLong(dataIndex);
    }
}
