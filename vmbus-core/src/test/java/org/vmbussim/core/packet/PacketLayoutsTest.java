package org.vmbussim.core.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.vmbussim.core.requestor.RequestorTable;
import org.vmbussim.wire.LayoutRegistry;
import org.vmbussim.wire.StructLayout;

class PacketLayoutsTest {

    @Test
    void descriptorOffsetsAreTheCValues() {
        assertEquals(0, PacketDescriptorLayout.TYPE_OFFSET);
        assertEquals(2, PacketDescriptorLayout.DATA_OFFSET8_OFFSET);
        assertEquals(4, PacketDescriptorLayout.LENGTH8_OFFSET);
        assertEquals(6, PacketDescriptorLayout.FLAGS_OFFSET);
        assertEquals(8, PacketDescriptorLayout.TRANSACTION_ID_OFFSET);
        assertEquals(16, PacketDescriptorLayout.LENGTH);
    }

    @Test
    void gpaRangeAndMpbArrayOffsetsAreTheCValues() {
        assertEquals(0, GpaRangeLayout.BYTE_COUNT_OFFSET);
        assertEquals(4, GpaRangeLayout.BYTE_OFFSET_OFFSET);
        assertEquals(8, GpaRangeLayout.PFN_ARRAY_OFFSET);
        assertEquals(8, GpaRangeLayout.LENGTH);
        assertEquals(16, GpaDirectLayout.RESERVED_OFFSET);
        assertEquals(20, GpaDirectLayout.RANGE_COUNT_OFFSET);
        assertEquals(24, GpaDirectLayout.RANGES_OFFSET);
        assertEquals(24, GpaDirectLayout.HEADER_LENGTH);
        assertEquals(24, GpaDirectLayout.RANGE_BYTE_COUNT_OFFSET);
        assertEquals(28, GpaDirectLayout.RANGE_BYTE_OFFSET_OFFSET);
        assertEquals(32, GpaDirectLayout.RANGE_PFN_ARRAY_OFFSET);
        assertEquals(32, GpaDirectLayout.LENGTH);
        assertEquals(0, PacketPaddingLayout.LENGTH);
    }

    @Test
    void catalogIsFoundByTheServiceLoaderAndListsEveryPacketStruct() {
        final List<String> names = new PacketLayouts().layouts().stream().map(StructLayout::name)
                .collect(Collectors.toList());
        assertEquals(List.of("vmpacket_descriptor", "gpa_range", "vmbus_packet_mpb_array", "vmdata_gpa_direct",
                "vmbus_packet_padding"), names);
        final LayoutRegistry registry = LayoutRegistry.discover();
        for (final String name : names) {
            assertTrue(registry.layouts().containsKey(name), name);
        }
        assertTrue(registry.catalogs().stream().anyMatch(c -> c instanceof PacketLayouts));
    }

    @Test
    void mpbArrayPfnCountFollowsDataOffset8() {
        // dataoffset8 = 7 -> (56 - 32) / 8 = 3 PFNs; the rest of the bytes are the payload.
        final byte[] packet = GoldenFiles.bytes("vmbus_packet_mpb_array/azblob-request-3-pages.vec");
        final StructLayout.Decoded decoded = GpaDirectLayout.STRUCT.decode(
                org.vmbussim.wire.ByteArrayRegion.wrap(packet), 0, packet.length);
        assertEquals(56, decoded.consumed());
        assertEquals(3, ((long[]) decoded.values().get("range.pfn_array")).length);
    }

    @Test
    void placeholderTransactionIdIsLinuxRqstError() {
        assertEquals(0xFFFF_FFFF_FFFF_FFFEL, PacketWriter.PLACEHOLDER_TRANSACTION_ID);
        assertEquals(RequestorTable.REQUEST_ERROR, PacketWriter.PLACEHOLDER_TRANSACTION_ID);
    }

    @Test
    void packetTypesAreDenseWithTheLinuxValues() {
        final PacketType[] types = PacketType.values();
        assertEquals(14, types.length);
        for (int wire = 0; wire < types.length; wire++) {
            assertSame(types[wire], PacketType.fromWire(wire));
            assertEquals(wire, types[wire].wireValue());
        }
        assertEquals(0x6, PacketType.DATA_INBAND.wireValue());
        assertEquals(0x9, PacketType.DATA_USING_GPA_DIRECT.wireValue());
        assertEquals(0xb, PacketType.COMPLETION.wireValue());
        assertTrue(PacketType.COMPLETION.isSupported());
        assertFalse(PacketType.DATA_USING_XFER_PAGES.isSupported());
    }

    @Test
    void unknownPacketTypesGiveATypedError() {
        for (final int wire : new int[] {0xe, 0x7f, 0xffff, -1}) {
            assertFalse(PacketType.isDefined(wire));
            final PacketFormatException e = assertThrows(PacketFormatException.class, () -> PacketType.fromWire(wire));
            assertEquals(PacketFormatException.Reason.INVALID_DESCRIPTOR_TYPE, e.reason());
        }
    }

    @Test
    void onlyCompletionRequestedIsAValidFlag() {
        assertTrue(PacketFlags.isValid(0));
        assertTrue(PacketFlags.isValid(1));
        for (int bit = 1; bit < 16; bit++) {
            assertFalse(PacketFlags.isValid(1 << bit), "bit " + bit);
        }
        assertTrue(PacketFlags.isCompletionRequested(PacketFlags.COMPLETION_REQUESTED));
        assertFalse(PacketFlags.isCompletionRequested(PacketFlags.NONE));
    }
}
