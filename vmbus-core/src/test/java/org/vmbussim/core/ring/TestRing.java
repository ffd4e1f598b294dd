package org.vmbussim.core.ring;

import java.nio.ByteBuffer;
import java.util.function.IntFunction;

/**
 * A ring's memory for tests plus raw access to its bytes as the peer sees them, so a test can play
 * a hostile peer (write any header word or data byte). Two kinds, like Netty's buffer test matrix:
 * {@link #direct} ({@link ByteBufferRingMemory} inside guard pages that must stay untouched, its data area
 * reached by address where the platform allows), {@link #directThroughBuffer} (the same through the
 * {@code ByteBuffer} only) and {@link #heap} ({@link HeapRingMemory}).
 */
abstract class TestRing {
    /** Bytes of guard before and after a direct ring. */
    static final int GUARD = 4096;
    private static final byte GUARD_BYTE = (byte) 0xE7;

    /** Factories by name, for parameterised tests. */
    enum Kind {
        DIRECT(TestRing::direct),
        DIRECT_THROUGH_BUFFER(TestRing::directThroughBuffer),
        HEAP(TestRing::heap);

        private final IntFunction<TestRing> factory;

        Kind(final IntFunction<TestRing> factory) {
            this.factory = factory;
        }

        TestRing create(final int ringLength) {
            return factory.apply(ringLength);
        }
    }

    static TestRing direct(final int ringLength) {
        return direct(ringLength, true);
    }

    static TestRing directThroughBuffer(final int ringLength) {
        return direct(ringLength, false);
    }

    private static TestRing direct(final int ringLength, final boolean directAccess) {
        final ByteBuffer whole = ByteBuffer.allocateDirect(GUARD + ringLength + GUARD);
        for (int i = 0; i < whole.capacity(); i++) {
            whole.put(i, GUARD_BYTE);
        }
        final ByteBuffer ringPages = whole.duplicate().position(GUARD).limit(GUARD + ringLength);
        for (int i = GUARD; i < GUARD + ringLength; i++) {
            whole.put(i, (byte) 0);
        }
        final ByteBufferRingMemory memory = new ByteBufferRingMemory(ringPages, directAccess);
        return new TestRing() {
            @Override
            RingMemory memory() {
                return memory;
            }

            @Override
            byte get(final int ringOffset) {
                return whole.get(GUARD + ringOffset);
            }

            @Override
            void put(final int ringOffset, final byte value) {
                whole.put(GUARD + ringOffset, value);
            }

            @Override
            boolean guardsIntact() {
                for (int i = 0; i < GUARD; i++) {
                    if (whole.get(i) != GUARD_BYTE || whole.get(GUARD + ringLength + i) != GUARD_BYTE) {
                        return false;
                    }
                }
                return true;
            }
        };
    }

    static TestRing heap(final int ringLength) {
        final HeapRingMemory memory = new HeapRingMemory(ringLength);
        return new TestRing() {
            @Override
            RingMemory memory() {
                return memory;
            }

            @Override
            byte get(final int ringOffset) {
                return memory.array()[ringOffset];
            }

            @Override
            void put(final int ringOffset, final byte value) {
                memory.array()[ringOffset] = value;
            }

            @Override
            boolean guardsIntact() {
                return true; // a Java array cannot be overrun
            }
        };
    }

    abstract RingMemory memory();

    abstract byte get(int ringOffset);

    abstract void put(int ringOffset, byte value);

    /** Whether nothing outside the ring was written. */
    abstract boolean guardsIntact();

    int dataLength() {
        return memory().dataLength();
    }

    long getLE(final int ringOffset, final int bytes) {
        long v = 0;
        for (int i = bytes - 1; i >= 0; i--) {
            v = v << Byte.SIZE | (get(ringOffset + i) & 0xFF);
        }
        return v;
    }

    void putLE(final int ringOffset, final int bytes, final long value) {
        for (int i = 0; i < bytes; i++) {
            put(ringOffset + i, (byte) (value >>> (Byte.SIZE * i)));
        }
    }

    int header(final int headerOffset) {
        return (int) getLE(headerOffset, Integer.BYTES);
    }

    void setHeader(final int headerOffset, final int value) {
        putLE(headerOffset, Integer.BYTES, value);
    }

    byte data(final int dataIndex) {
        return get(RingControlLayout.DATA_OFFSET + dataIndex % dataLength());
    }

    void setData(final int dataIndex, final byte value) {
        put(RingControlLayout.DATA_OFFSET + dataIndex % dataLength(), value);
    }

    /** A u16 at a data index, wrapping (for descriptor fields). */
    void setDataShort(final int dataIndex, final int value) {
        setData(dataIndex, (byte) value);
        setData(dataIndex + 1, (byte) (value >>> Byte.SIZE));
    }

    long dataLong(final int dataIndex) {
        long v = 0;
        for (int i = Long.BYTES - 1; i >= 0; i--) {
            v = v << Byte.SIZE | (data(dataIndex + i) & 0xFF);
        }
        return v;
    }

    /** Fills the whole data area with one byte (stale garbage a writer must not leak). */
    void fillData(final byte value) {
        for (int i = 0; i < dataLength(); i++) {
            setData(i, value);
        }
    }

    /** Both indices at {@code index}: an empty ring positioned anywhere. */
    void setIndices(final int writeIndex, final int readIndex) {
        setHeader(RingControlLayout.WRITE_INDEX_OFFSET, writeIndex);
        setHeader(RingControlLayout.READ_INDEX_OFFSET, readIndex);
    }
}
