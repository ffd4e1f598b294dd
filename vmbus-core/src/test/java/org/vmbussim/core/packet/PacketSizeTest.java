package org.vmbussim.core.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PacketSizeTest {

    @ParameterizedTest(name = "inBand({0}) = {1}")
    @CsvSource({"0, 16", "1, 24", "7, 24", "8, 24", "9, 32", "12, 32", "56, 72", "524264, 524280"})
    void inBandIsDescriptorPlusPayloadAlignedTo8(final int payload, final int expected) {
        assertEquals(expected, PacketSize.inBand(payload));
        assertEquals(expected, PacketSize.completion(payload));
    }

    @Test
    void completionOfTheAzureBlobResponseIs32Bytes() {
        assertEquals(32, PacketSize.completion(12));
    }

    @ParameterizedTest(name = "azure blob request with n = {0} pages")
    @CsvSource({"1", "3", "8", "8192"})
    void gpaDirectAzureBlobRequestIs88Plus8n(final int pages) {
        assertEquals(88 + 8 * pages, PacketSize.gpaDirect(1, pages, 56));
        assertEquals((4 + pages) * 8, PacketSize.gpaDirectDescriptor(1, pages));
        assertEquals((11 + pages) * 8, PacketSize.gpaDirect(1, pages, 56));
    }

    @Test
    void gpaDirectWithSeveralRangesAddsEightBytesPerRangeHeader() {
        // Two ranges with 2 and 1 PFNs: 24 + 2 * 8 + 3 * 8 = 64.
        assertEquals(64, PacketSize.gpaDirectDescriptor(2, 3));
        assertEquals(120, PacketSize.gpaDirect(2, 3, 56));
        assertEquals(72, PacketSize.gpaDirect(2, 3, 1));
    }

    @Test
    void sizesBeyondU16Len8AreCallerBugs() {
        assertEquals(PacketSize.MAX_PACKET_LENGTH, PacketSize.inBand(PacketSize.MAX_PACKET_LENGTH - 16));
        assertThrows(IllegalArgumentException.class, () -> PacketSize.inBand(PacketSize.MAX_PACKET_LENGTH - 15));
        assertThrows(IllegalArgumentException.class, () -> PacketSize.inBand(Integer.MAX_VALUE));
        assertThrows(IllegalArgumentException.class, () -> PacketSize.inBand(-1));
        assertThrows(IllegalArgumentException.class, () -> PacketSize.gpaDirect(1, 65_532, 0));
        assertEquals(PacketSize.MAX_PACKET_LENGTH, PacketSize.gpaDirect(1, 65_531, 0));
        assertThrows(IllegalArgumentException.class, () -> PacketSize.gpaDirect(1, Integer.MAX_VALUE, 0));
        assertThrows(IllegalArgumentException.class, () -> PacketSize.gpaDirect(Integer.MAX_VALUE,
                Integer.MAX_VALUE, 0));
    }

    @Test
    void gpaDirectNeedsARangeAndAPfnPerRange() {
        assertThrows(IllegalArgumentException.class, () -> PacketSize.gpaDirect(0, 0, 56));
        assertThrows(IllegalArgumentException.class, () -> PacketSize.gpaDirect(2, 1, 56));
        assertThrows(IllegalArgumentException.class, () -> PacketSize.gpaDirect(1, 1, -1));
    }

    @Test
    void align8RoundsUp() {
        assertEquals(0, PacketSize.align8(0));
        assertEquals(8, PacketSize.align8(1));
        assertEquals(8, PacketSize.align8(8));
        assertEquals(Integer.MAX_VALUE - 7, PacketSize.align8(Integer.MAX_VALUE - 7));
        assertThrows(IllegalArgumentException.class, () -> PacketSize.align8(Integer.MAX_VALUE - 6));
        assertThrows(IllegalArgumentException.class, () -> PacketSize.align8(-1));
    }
}
