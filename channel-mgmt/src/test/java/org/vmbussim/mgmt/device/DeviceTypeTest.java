package org.vmbussim.mgmt.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.vmbussim.mgmt.message.ChannelFlags;
import org.vmbussim.mgmt.message.ChannelOffer;
import org.vmbussim.wire.Guid;

/** The vmbus_devs table of VMBUS-REFERENCE.md §4.6, entry by entry. */
class DeviceTypeTest {

    @Test
    void tableIsInEnumOrderWithTheSeedsBlobBeforeUnknown() {
        final List<String> guids = List.of("32412632-86cb-44a2-9b5c-50d1417354f5",
                "ba6163d9-04a1-4d29-b605-72e2ffb1dc7f", "2f9bcc4a-0069-4af3-b76b-6fd0be528cda",
                "f8615163-df3e-46c5-913f-f2d2f965ed0e", "8c2eaf3d-32a7-4b09-ab99-bd1f1c86b501",
                "44c4f61d-4444-4400-9d52-802e27ede19f", "da0a7802-e377-4aac-8e77-0558eb1073f8",
                "f912ad6d-2b17-48ea-bd65-f927a61c7684", "cfa8b69e-5b4a-4cc0-b98b-8ba1a1f3f95a",
                "a9a0f4e7-5a45-4d96-b827-8a841e8c03e6", "9527e630-d0ae-497b-adce-e80ab0175caf",
                "57164f39-9115-4e78-ab55-382f3bd5422d", "0e0b6031-5213-4934-818b-38d90ced39db",
                "34d14be3-dee4-41c8-9ae7-6b174977c192", "35fa2e29-ea23-4236-96ae-3a6ebacba440",
                "525074dc-8985-46e2-8057-a307dc18a502", "0590b792-db64-45cc-81db-b8d70c577c9e",
                "00000000-0000-0000-0000-000000000000");
        assertEquals(guids.size(), DeviceType.values().length);
        for (int i = 0; i < guids.size(); i++) {
            assertEquals(guids.get(i), DeviceType.values()[i].classId().formatPUl());
            assertEquals(i, DeviceType.values()[i].devType());
        }
        assertEquals(16, DeviceType.AZURE_BLOB.devType());
        assertEquals(17, DeviceType.UNKNOWN.devType());
        assertEquals("vmbus:92b7900564dbcc4581dbb8d70c577c9e", "vmbus:" + DeviceType.AZURE_BLOB.classId().toWireHex());
    }

    @Test
    void perfAndIsolationColumns() {
        final Set<DeviceType> perf = Arrays.stream(DeviceType.values()).filter(DeviceType::perfDevice)
                .collect(Collectors.toSet());
        assertEquals(Set.of(DeviceType.IDE, DeviceType.SCSI, DeviceType.FC, DeviceType.NIC, DeviceType.ND), perf);
        final Set<DeviceType> iso514 = Arrays.stream(DeviceType.values())
                .filter(t -> t.allowedInIsolated(IsolationPolicy.LINUX_5_14)).collect(Collectors.toSet());
        assertEquals(Set.of(DeviceType.SCSI, DeviceType.NIC, DeviceType.TS, DeviceType.HB, DeviceType.SHUTDOWN),
                iso514);
        assertTrue(DeviceType.PCIE.allowedInIsolated(IsolationPolicy.LINUX_6_X));
        assertFalse(DeviceType.AZURE_BLOB.allowedInIsolated(IsolationPolicy.LINUX_6_X));
    }

    @Test
    void lookupsFollowTheSeedsHvGetDevType() {
        assertEquals(DeviceType.AZURE_BLOB, DeviceType.forClassId(DeviceType.AZURE_BLOB.classId()));
        assertEquals(DeviceType.UNKNOWN, DeviceType.forClassId(Guid.parse("{12345678-0000-0000-0000-000000000000}")));
        assertEquals(DeviceType.UNKNOWN, DeviceType.forClassId(Guid.NIL), "the zero GUID is not searched");
        for (final Guid g : UnsupportedDevices.ALL) {
            assertTrue(UnsupportedDevices.isUnsupported(g));
            assertEquals(DeviceType.UNKNOWN, DeviceType.forClassId(g));
        }
        final ChannelOffer hvsock = new ChannelOffer(DeviceType.SCSI.classId(), Guid.NIL,
                ChannelFlags.TLNPI_PROVIDER_OFFER, 0, new byte[0], 0);
        assertEquals(DeviceType.UNKNOWN, DeviceType.of(hvsock), "hv_sock channels are HV_UNKNOWN");
    }

    @Test
    void isValidOffer() {
        final ChannelOffer blob = ChannelOffer.of(DeviceType.AZURE_BLOB.classId(), Guid.NIL);
        final ChannelOffer scsi = ChannelOffer.of(DeviceType.SCSI.classId(), Guid.NIL);
        final ChannelOffer zero = ChannelOffer.of(Guid.NIL, Guid.NIL);
        final ChannelOffer hvsock = new ChannelOffer(Guid.parse("{a42e7cda-d03f-480c-9cc2-a4de20abb878}"), Guid.NIL,
                ChannelFlags.TLNPI_PROVIDER_OFFER, 0, new byte[0], 0);
        for (final IsolationPolicy p : IsolationPolicy.values()) {
            assertTrue(p.isValidOffer(blob, false), "a normal VM takes everything");
            assertFalse(p.isValidOffer(blob, true));
            assertTrue(p.isValidOffer(scsi, true));
            assertFalse(p.isValidOffer(zero, true), "the HV_UNKNOWN entry matches the zero GUID and is false");
        }
        assertTrue(IsolationPolicy.LINUX_6_X.isValidOffer(hvsock, true));
        assertFalse(IsolationPolicy.LINUX_5_14.isValidOffer(hvsock, true));
    }

    @Test
    void vpciIgnoreList() {
        final Guid shadow = Guid.parse("{d4573da2-2caa-4711-a8f9-bbabf4ee9685}");
        assertEquals(List.of(shadow), VpciIgnoreList.defaults().instances());
        assertTrue(VpciIgnoreList.defaults().ignores(DeviceType.PCIE, shadow));
        assertFalse(VpciIgnoreList.defaults().ignores(DeviceType.AZURE_BLOB, shadow));
        assertFalse(VpciIgnoreList.none().ignores(DeviceType.PCIE, shadow));
    }

    @Test
    void unknownGuidsAreReportedOncePerGuest() {
        final UnknownGuidLog a = new UnknownGuidLog();
        final UnknownGuidLog b = new UnknownGuidLog();
        final Guid g = Guid.parse("{12345678-0000-0000-0000-000000000000}");
        assertTrue(a.report(g));
        assertFalse(a.report(g));
        assertTrue(b.report(g), "no state shared between guests");
        assertEquals(1, a.distinct());
    }
}
