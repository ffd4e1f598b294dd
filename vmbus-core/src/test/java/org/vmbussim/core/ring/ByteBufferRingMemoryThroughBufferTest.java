package org.vmbussim.core.ring;

/** The {@link RingMemory} contract for {@link ByteBufferRingMemory} with its data area reached through the buffer. */
class ByteBufferRingMemoryThroughBufferTest extends AbstractRingMemoryContractTest {

    @Override
    protected TestRing newRing(final int ringLength) {
        return TestRing.directThroughBuffer(ringLength);
    }
}
