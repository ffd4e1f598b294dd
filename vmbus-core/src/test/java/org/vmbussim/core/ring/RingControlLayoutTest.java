package org.vmbussim.core.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.vmbussim.wire.LayoutCatalog;

class RingControlLayoutTest {

    @Test
    void offsetsAreThoseOfLinuxStructHvRingBuffer() {
        assertEquals(0, RingControlLayout.WRITE_INDEX_OFFSET);
        assertEquals(4, RingControlLayout.READ_INDEX_OFFSET);
        assertEquals(8, RingControlLayout.INTERRUPT_MASK_OFFSET);
        assertEquals(12, RingControlLayout.PENDING_SEND_SZ_OFFSET);
        assertEquals(16, RingControlLayout.RESERVED1_OFFSET);
        assertEquals(48, RingControlLayout.RESERVED1_LENGTH);
        assertEquals(64, RingControlLayout.FEATURE_BITS_OFFSET);
        assertEquals(68, RingControlLayout.RESERVED2_OFFSET);
        assertEquals(4028, RingControlLayout.RESERVED2_LENGTH);
        assertEquals(4096, RingControlLayout.HEADER_LENGTH);
        assertEquals(4096, RingControlLayout.STRUCT.fixedLength());
        assertEquals(1, RingControlLayout.FEAT_PENDING_SEND_SZ);
        assertEquals(8, RingControlLayout.TRAILER_LENGTH);
        assertEquals(16, RingControlLayout.MIN_PACKET_LENGTH);
    }

    @Test
    void theCatalogIsRegistered() {
        final String titles = ServiceLoader.load(LayoutCatalog.class).stream()
                .map(p -> p.get().title()).collect(Collectors.joining(","));
        assertEquals(true, titles.contains(new RingLayouts().title()), titles);
        assertEquals(RingControlLayout.STRUCT, new RingLayouts().layouts().get(0));
    }

    @ParameterizedTest(name = "ring of {0} bytes has {1} data bytes")
    @CsvSource({"8192, 4096", "135168, 131072", "1073741824, 1073737728"})
    void aRingSizeIncludesItsHeaderPage(final long ringLength, final int dataLength) {
        assertEquals(dataLength, RingControlLayout.checkRingLength(ringLength));
    }

    @ParameterizedTest(name = "ringLength = {0}")
    @ValueSource(longs = {0, 4096, 8191, 8200, 12289, -8192, 1073745920L, 1L << 32})
    void otherSizesAreRefused(final long ringLength) {
        assertThrows(IllegalArgumentException.class, () -> RingControlLayout.checkRingLength(ringLength));
    }

    @Test
    void initialiseZeroesTheHeaderPageAndSetsTheFeatureBitOnly() {
        final TestRing ring = TestRing.heap(3 * 4096);
        for (int i = 0; i < 3 * 4096; i++) {
            ring.put(i, (byte) 0xA5);
        }
        RingHeader.initialise(ring.memory());
        for (int i = 0; i < 4096; i++) {
            assertEquals(i == RingControlLayout.FEATURE_BITS_OFFSET ? 1 : 0, ring.get(i), "header byte " + i);
        }
        assertEquals((byte) 0xA5, ring.get(4096), "the data area is left alone (Linux zeroes it at allocation)");
    }
}
