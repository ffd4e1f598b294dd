package org.vmbussim.mgmt.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.vmbussim.mgmt.bus.BusEvent;
import org.vmbussim.mgmt.bus.IgnoreReason;
import org.vmbussim.mgmt.bus.RemoveReason;
import org.vmbussim.mgmt.device.VpciIgnoreList;
import org.vmbussim.mgmt.host.HostChannelState;
import org.vmbussim.mgmt.host.HostConfig;
import org.vmbussim.mgmt.host.OfferSpec;
import org.vmbussim.mgmt.message.ChannelMessageType;
import org.vmbussim.mgmt.testing.Guids;
import org.vmbussim.mgmt.testing.SimBed;
import org.vmbussim.mgmt.testing.TestDriver;

/** The ignore-VPCI-instance filter of seed patch 1/3, without the seed's leak (VMBUS-REFERENCE.md §4.7, §5.10). */
class VpciIgnoreTest {
    private static final Duration BOUND = Duration.ofMillis(500);

    private static SimBed bootBlobWithShadow(final GuestConfig config, final TestDriver pci, final TestDriver blob) {
        final SimBed bed = SimBed.create(config, HostConfig.DEFAULTS);
        bed.await(bed.guest.bus().registerDriver(pci));
        bed.await(bed.guest.bus().registerDriver(blob));
        bed.await(bed.host.offer(OfferSpec.of(Guids.BLOB, Guids.instance(1))));
        bed.await(bed.host.offer(OfferSpec.of(Guids.PCIE, Guids.VPCI_SHADOW).withMmioMegabytes(32)));
        bed.connect();
        return bed;
    }

    @Test
    void ignoredShadowNeverReachesADriverReleasesItsRelidAndLaterRescindsComplete() {
        final TestDriver pci = TestDriver.passive("hv_pci", Guids.PCIE);
        final TestDriver blob = TestDriver.opening("hv_azure_blob", Guids.BLOB);
        final SimBed bed = bootBlobWithShadow(GuestConfig.builder().build(), pci, blob);

        assertTrue(pci.probed.isEmpty(), "the PCI driver saw the shadow");
        assertEquals(1, blob.probed.size());
        assertEquals(List.of(new BusEvent.OfferIgnored(2, Guids.PCIE, Guids.VPCI_SHADOW,
                IgnoreReason.VPCI_INSTANCE_IGNORED)), bed.events(BusEvent.OfferIgnored.class));
        assertEquals(0, bed.guest.offersInProgress());
        assertEquals(1, bed.posted(ChannelMessageType.RELID_RELEASED));
        assertEquals(HostChannelState.RELEASED_BY_GUEST, bed.host.channel(2).orElseThrow().state());

        // The seed's early return would leave offer_in_progress at 1 and this rescind would spin forever;
        // the bounded wait makes the test fail instead of hanging.
        final CompletableFuture<Void> gone = bed.host.rescind(1);
        bed.exec.await(gone, BOUND);
        assertEquals(1, blob.removed.size());
        assertEquals(0, bed.guest.rescindWaitsExpired());
        assertEquals(List.of(RemoveReason.RESCINDED),
                bed.events(BusEvent.DeviceRemoved.class).stream().map(BusEvent.DeviceRemoved::reason).toList());
        assertEquals(0, bed.pages.livePages());
        assertEquals(0, bed.guestPaths.openNow());
        assertEquals(0, bed.hostPaths.openNow());
        // The host frees the declined shadow at once: nothing is left to hand back.
        bed.exec.await(bed.host.rescind(2), BOUND);
        assertTrue(bed.host.channels().isEmpty());
        assertEquals(0, bed.guest.drops().total());
    }

    @Test
    void theSeedsEarlyReturnLeaksTheCountSoARescindStallsUntilItsBound() {
        final TestDriver pci = TestDriver.passive("hv_pci", Guids.PCIE);
        final TestDriver blob = TestDriver.opening("hv_azure_blob", Guids.BLOB);
        final SimBed bed = bootBlobWithShadow(GuestConfig.builder().seedVpciDefect(true)
                .offerWaitTimeout(Duration.ofSeconds(10)).build(), pci, blob);

        assertTrue(pci.probed.isEmpty());
        assertEquals(1, bed.guest.offersInProgress(), "seed v4 leaves the ignored offer counted");
        assertEquals(0, bed.posted(ChannelMessageType.RELID_RELEASED), "seed v4 never releases the relid");

        final CompletableFuture<Void> gone = bed.host.rescind(1);
        bed.exec.runFor(Duration.ofSeconds(5));
        assertFalse(gone.isDone(), "with the seed's logic the rescind cannot complete");
        assertTrue(blob.removed.isEmpty());
        // Our bound on the wait is what eventually lets it through.
        bed.exec.await(gone, Duration.ofSeconds(10));
        assertEquals(1, bed.guest.rescindWaitsExpired());
        assertEquals(1, blob.removed.size());
    }

    @Test
    void aPcieDeviceNotOnTheListBindsNormally() {
        final TestDriver pci = TestDriver.passive("hv_pci", Guids.PCIE);
        final SimBed bed = SimBed.create();
        bed.await(bed.guest.bus().registerDriver(pci));
        bed.await(bed.host.offer(OfferSpec.of(Guids.PCIE, Guids.instance(7))));
        bed.connect();
        assertEquals(1, pci.probed.size());
        assertTrue(bed.events(BusEvent.OfferIgnored.class).isEmpty());
    }

    @Test
    void theListIsConfigurable() {
        final TestDriver pci = TestDriver.passive("hv_pci", Guids.PCIE);
        final SimBed none = bootBlobWithShadow(GuestConfig.builder().vpciIgnore(VpciIgnoreList.none()).build(), pci,
                TestDriver.passive("blob", Guids.BLOB));
        assertEquals(1, pci.probed.size(), "with an empty list the shadow reaches the PCI driver");

        final TestDriver pci2 = TestDriver.passive("hv_pci", Guids.PCIE);
        final SimBed custom = SimBed.create(GuestConfig.builder()
                .vpciIgnore(VpciIgnoreList.of(List.of(Guids.instance(7)))).build(), HostConfig.DEFAULTS);
        custom.await(custom.guest.bus().registerDriver(pci2));
        custom.await(custom.host.offer(OfferSpec.of(Guids.PCIE, Guids.instance(7))));
        custom.await(custom.host.offer(OfferSpec.of(Guids.PCIE, Guids.VPCI_SHADOW)));
        custom.connect();
        assertEquals(List.of(2), pci2.probed.stream().map(d -> d.channel().relid()).toList());
        assertEquals(0, none.guest.offersInProgress() + custom.guest.offersInProgress());
    }

    @Test
    void onlyPcieOffersAreFilteredByInstance() {
        final TestDriver blob = TestDriver.passive("blob", Guids.BLOB);
        final SimBed bed = SimBed.create();
        bed.await(bed.guest.bus().registerDriver(blob));
        // A non-PCIe device that happens to carry the listed instance GUID is not a VPCI shadow.
        bed.await(bed.host.offer(OfferSpec.of(Guids.BLOB, Guids.VPCI_SHADOW)));
        bed.connect();
        assertEquals(1, blob.probed.size());
    }
}
