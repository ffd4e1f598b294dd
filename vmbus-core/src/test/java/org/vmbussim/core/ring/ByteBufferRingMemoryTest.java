package org.vmbussim.core.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.util.internal.PlatformDependent;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ByteBufferRingMemoryTest extends AbstractRingMemoryContractTest {

    @Override
    protected TestRing newRing(final int ringLength) {
        return TestRing.direct(ringLength);
    }

    @Test
    void shouldReachTheDataAreaByAddressWhereThePlatformAllowsIt() {
        assertEquals(PlatformDependent.hasUnsafe(),
                ((ByteBufferRingMemory) newRing(8192).memory()).usesDirectAccess());
        assertFalse(((ByteBufferRingMemory) TestRing.directThroughBuffer(8192).memory()).usesDirectAccess());
    }

    @Test
    void shouldRefuseAHeapBuffer() {
        assertThrows(IllegalArgumentException.class, () -> new ByteBufferRingMemory(ByteBuffer.allocate(8192)));
    }

    @Test
    void shouldRefuseAReadOnlyBuffer() {
        assertThrows(IllegalArgumentException.class,
                () -> new ByteBufferRingMemory(ByteBuffer.allocateDirect(8192).asReadOnlyBuffer()));
    }

    @ParameterizedTest(name = "remaining = {0}")
    @ValueSource(ints = {0, 4096, 8191, 8193, 12288 + 8})
    void shouldRefuseASizeThatIsNotHeaderPlusWholeDataPages(final int remaining) {
        final ByteBuffer b = ByteBuffer.allocateDirect(remaining);
        assertThrows(IllegalArgumentException.class, () -> new ByteBufferRingMemory(b));
    }

    @Test
    void shouldRefuseAMisalignedStart() {
        final ByteBuffer b = ByteBuffer.allocateDirect(8192 + 8).position(4).limit(8196);
        assertThrows(IllegalArgumentException.class, () -> new ByteBufferRingMemory(b));
    }

    @Test
    void shouldTakeTheRemainingBytesAndLeaveTheCallersViewAlone() {
        final ByteBuffer b = ByteBuffer.allocateDirect(3 * 4096).position(4096).order(ByteOrder.BIG_ENDIAN);
        final ByteBufferRingMemory m = new ByteBufferRingMemory(b);
        assertEquals(4096, m.dataLength());
        m.putIntVolatile(RingControlLayout.READ_INDEX_OFFSET, 0x08);
        assertEquals(0x08, b.get(4096 + RingControlLayout.READ_INDEX_OFFSET), "little-endian, at the position");
        m.copyIn(10, new byte[] {1, 2, 3}, 0, 3);
        assertEquals(2, b.get(4096 + 4096 + 11));
        assertEquals(4096, b.position());
        assertEquals(3 * 4096, b.limit());
        assertEquals(ByteOrder.BIG_ENDIAN, b.order());
    }
}
