package org.vmbussim.core.ring;

class HeapRingMemoryTest extends AbstractRingMemoryContractTest {

    @Override
    protected TestRing newRing(final int ringLength) {
        return TestRing.heap(ringLength);
    }
}
