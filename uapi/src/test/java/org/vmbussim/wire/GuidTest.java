package org.vmbussim.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GuidTest {
    private static final Guid SCSI = Guid.parse("{ba6163d9-04a1-4d29-b605-72e2ffb1dc7f}");

    @Test
    void shouldStoreFirstThreeFieldsLittleEndian() {
        assertEquals("d96361baa104294db60572e2ffb1dc7f", SCSI.toWireHex());
        assertArrayEquals(HexDump.parse("d9 63 61 ba a1 04 29 4d b6 05 72 e2 ff b1 dc 7f"), SCSI.toWire());
    }

    @Test
    void shouldRenderBothLinuxForms() {
        final Guid blob = Guid.parse("0590b792-db64-45cc-81db-b8d70c577c9e");
        assertEquals("0590b792-db64-45cc-81db-b8d70c577c9e", blob.formatPUl());
        assertEquals("92b79005-64db-cc45-81db-b8d70c577c9e", blob.formatPUb());
        assertEquals("{0590b792-db64-45cc-81db-b8d70c577c9e}", blob.toBracedString());
        // The vmbus MODALIAS of the Azure Blob class (VMBUS-REFERENCE.md 4.9).
        assertEquals("92b7900564dbcc4581dbb8d70c577c9e", blob.toWireHex());
    }

    @Test
    void shouldMatchGuidInit() {
        final Guid vpci = Guid.of(0xd4573da2, 0x2caa, 0x4711,
                new byte[] {(byte) 0xa8, (byte) 0xf9, (byte) 0xbb, (byte) 0xab, (byte) 0xf4, (byte) 0xee,
                    (byte) 0x96, (byte) 0x85});
        assertEquals(Guid.parse("{D4573DA2-2CAA-4711-A8F9-BBABF4EE9685}"), vpci);
        assertEquals(vpci.hashCode(), Guid.fromWire(vpci.toWire()).hashCode());
    }

    @Test
    void shouldRoundTripThroughRegion() {
        final ByteArrayRegion r = new ByteArrayRegion("r", new byte[32], 0x1000);
        SCSI.write(r, 0x1008);
        assertEquals(SCSI, Guid.read(r, 0x1008));
        assertThrows(MemoryAccessException.class, () -> Guid.read(r, 0x1011));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{}", "ba6163d9-04a1-4d29-b605-72e2ffb1dc7", "ba6163d9x04a1-4d29-b605-72e2ffb1dc7f",
        "zz6163d9-04a1-4d29-b605-72e2ffb1dc7f", "ba6163d9-04a1-4d29-b605-72e2ffb1dc7fa"})
    void shouldRejectMalformedText(final String text) {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Guid.parse(text));
        assertTrue(e.getMessage().contains("not a GUID"), e.getMessage());
    }

    @Test
    void shouldKnowNil() {
        assertTrue(Guid.NIL.isNil());
        assertNotEquals(Guid.NIL, SCSI);
        assertEquals("00000000-0000-0000-0000-000000000000", Guid.NIL.toString());
    }
}
