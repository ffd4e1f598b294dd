package org.vmbussim.mgmt.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vmbussim.mgmt.bus.BusEvent;
import org.vmbussim.mgmt.bus.ChannelState;
import org.vmbussim.mgmt.bus.DeviceState;
import org.vmbussim.mgmt.bus.VmbusDevice;
import org.vmbussim.mgmt.host.HostChannelState;
import org.vmbussim.mgmt.host.OfferSpec;
import org.vmbussim.mgmt.message.ChannelMessageType;
import org.vmbussim.mgmt.message.VmbusVersion;
import org.vmbussim.mgmt.testing.Guids;
import org.vmbussim.mgmt.testing.SimBed;
import org.vmbussim.mgmt.testing.TestDriver;

class BootTest {

    @Test
    void twoAzureBlobDevicesBindAndOpenSideBySide() {
        final SimBed bed = SimBed.create();
        final TestDriver blob = TestDriver.opening("hv_azure_blob", Guids.BLOB);
        bed.await(bed.guest.bus().registerDriver(blob));
        final int r1 = bed.await(bed.host.offer(OfferSpec.of(Guids.BLOB, Guids.instance(1))));
        final int r2 = bed.await(bed.host.offer(OfferSpec.of(Guids.BLOB, Guids.instance(2))));
        assertEquals(VmbusVersion.WIN10_V5_3, bed.connect());

        assertEquals(List.of(1, 2), List.of(r1, r2));
        assertEquals(2, blob.probed.size());
        for (final VmbusDevice d : bed.guest.bus().devices()) {
            assertEquals(DeviceState.BOUND, d.state());
            assertEquals(ChannelState.OPENED, d.channel().state());
            assertTrue(d.channel().dataPath().isPresent());
        }
        assertEquals(HostChannelState.OPEN, bed.host.channel(r1).orElseThrow().state());
        assertEquals(HostChannelState.OPEN, bed.host.channel(r2).orElseThrow().state());
        assertEquals(2, bed.hostPaths.openNow());
        assertEquals(2, bed.guestPaths.openNow());
        assertEquals(2, bed.events(BusEvent.DeviceProbed.class).size());
        // Two GPADLs from Linux's first handle on: 0xE1E10 and 0xE1E11.
        assertEquals(0xE1E10, bed.guestPaths.opened().get(0).spec().gpadlHandle());
        assertEquals(0xE1E11, bed.guestPaths.opened().get(1).spec().gpadlHandle());
        assertEquals(4, bed.guestPaths.opened().get(0).spec().downstreamRingPageOffset());
        assertEquals(0, bed.guest.drops().total());
        assertEquals(0, bed.host.drops().total());
        assertEquals(List.of(ChannelMessageType.INITIATE_CONTACT, ChannelMessageType.INITIATE_CONTACT,
                ChannelMessageType.REQUEST_OFFERS), bed.toHost.subList(0, 3));
    }
}
