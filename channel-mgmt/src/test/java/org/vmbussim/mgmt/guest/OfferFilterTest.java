package org.vmbussim.mgmt.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vmbussim.mgmt.bus.BusEvent;
import org.vmbussim.mgmt.bus.DeviceState;
import org.vmbussim.mgmt.bus.IgnoreReason;
import org.vmbussim.mgmt.bus.ProbeType;
import org.vmbussim.mgmt.bus.VmbusChannel;
import org.vmbussim.mgmt.bus.VmbusDevice;
import org.vmbussim.mgmt.device.DeviceType;
import org.vmbussim.mgmt.device.IsolationPolicy;
import org.vmbussim.mgmt.device.UnsupportedDevices;
import org.vmbussim.mgmt.host.HostChannelState;
import org.vmbussim.mgmt.host.HostConfig;
import org.vmbussim.mgmt.host.OfferSpec;
import org.vmbussim.mgmt.message.ChannelMessageType;
import org.vmbussim.mgmt.message.ChannelOffer;
import org.vmbussim.mgmt.message.DropReason;
import org.vmbussim.mgmt.message.OfferChannel;
import org.vmbussim.mgmt.message.VmbusVersion;
import org.vmbussim.mgmt.testing.Guids;
import org.vmbussim.mgmt.testing.SimBed;
import org.vmbussim.mgmt.testing.TestDriver;
import org.vmbussim.uapi.Errno;
import org.vmbussim.uapi.ErrnoException;
import org.vmbussim.wire.Guid;

/** The guest's offer filters: isolation, hv_sock, unknown GUIDs, relid checks, sub-channels, duplicates. */
class OfferFilterTest {
    private static final Guid HVSOCK_SERVICE = Guid.parse("{a42e7cda-d03f-480c-9cc2-a4de20abb878}");

    /** A typical Azure VM: one device of every type in the table, plus the blob's VPCI shadow. */
    private static void offerAzureVm(final SimBed bed) {
        int n = 1;
        for (final DeviceType t : DeviceType.values()) {
            if (t != DeviceType.UNKNOWN) {
                bed.await(bed.host.offer(OfferSpec.of(t.classId(), Guids.instance(n++))));
            }
        }
        bed.await(bed.host.offer(OfferSpec.of(Guids.PCIE, Guids.VPCI_SHADOW)));
    }

    private static TestDriver catchAll() {
        final List<Guid> all = Arrays.stream(DeviceType.values()).filter(t -> t != DeviceType.UNKNOWN)
                .map(DeviceType::classId).toList();
        return TestDriver.passive("everything", all.toArray(new Guid[0]));
    }

    @Test
    void anIsolatedGuestBindsOnlyTheAllowedTypesAndReleasesTheRest() {
        final SimBed bed = SimBed.create(GuestConfig.builder().isolated(true).build(), HostConfig.DEFAULTS);
        final TestDriver drv = catchAll();
        bed.await(bed.guest.bus().registerDriver(drv));
        offerAzureVm(bed);
        assertEquals(VmbusVersion.WIN10_V5_3, bed.connect());

        final Set<DeviceType> bound = drv.probed.stream().map(VmbusDevice::deviceType).collect(Collectors.toSet());
        assertEquals(Set.of(DeviceType.SCSI, DeviceType.NIC, DeviceType.PCIE, DeviceType.TS, DeviceType.HB,
                DeviceType.SHUTDOWN), bound);
        final List<BusEvent.OfferIgnored> rejected = bed.events(BusEvent.OfferIgnored.class).stream()
                .filter(e -> e.reason() == IgnoreReason.REJECTED_ISOLATED).toList();
        assertEquals(11, rejected.size(), "IDE FC ND FB KBD MOUSE KVP FCOPY BACKUP DM AZURE_BLOB");
        assertTrue(rejected.stream().anyMatch(e -> e.classId().equals(Guids.BLOB)), "Azure Blob is not allowed");
        // Every declined offer gives its relid back (12 = 11 rejected + the VPCI shadow).
        assertEquals(12, bed.posted(ChannelMessageType.RELID_RELEASED));
        assertEquals(0, bed.guest.offersInProgress());
    }

    @Test
    void isolatedGuestsRefuseHostsOlderThan52() {
        final SimBed bed = SimBed.create(GuestConfig.builder().isolated(true).build(),
                HostConfig.DEFAULTS.withMaxVersion(VmbusVersion.WIN10_V5_1));
        final Throwable e = assertThrows(CompletionException.class, () -> bed.await(bed.guest.connect()));
        assertEquals(Errno.ECONNREFUSED, ((ErrnoException) e.getCause()).errno());
    }

    @Test
    void linux514RulesRefusePcieAndHvsockInAnIsolatedGuest() {
        final SimBed bed = SimBed.create(GuestConfig.builder().isolated(true)
                .isolationPolicy(IsolationPolicy.LINUX_5_14).build(), HostConfig.DEFAULTS);
        bed.await(bed.host.offer(OfferSpec.of(Guids.PCIE, Guids.instance(1))));
        bed.await(bed.host.offer(OfferSpec.hvsock(HVSOCK_SERVICE, Guids.instance(2))));
        bed.connect();
        assertEquals(2, bed.events(BusEvent.OfferIgnored.class).size());
        assertTrue(bed.guest.bus().devices().isEmpty());
    }

    @Test
    void hvsockOffersAreRecognisedByTheirFlagAndMatchOnlyHvsockDrivers() {
        final SimBed bed = SimBed.create(GuestConfig.builder().isolated(true).build(), HostConfig.DEFAULTS);
        final TestDriver byGuid = TestDriver.passive("greedy", HVSOCK_SERVICE);
        final TestDriver sock = TestDriver.hvsock("hv_sock");
        bed.await(bed.guest.bus().registerDriver(byGuid));
        bed.await(bed.guest.bus().registerDriver(sock));
        final int relid = bed.await(bed.host.offer(OfferSpec.hvsock(HVSOCK_SERVICE, Guids.instance(9))));
        bed.connect();

        final VmbusChannel ch = bed.guest.channel(relid).orElseThrow();
        assertEquals(DeviceType.UNKNOWN, ch.deviceType());
        assertTrue(byGuid.probed.isEmpty(), "an id-table match must not bind an hv_sock channel");
        assertEquals(1, sock.probed.size());
        assertEquals(0, bed.guest.unknownGuids(), "hv_sock service GUIDs are not 'unknown'");
    }

    @Test
    void anUnknownGuidIsLoggedOnceAndItsDevicesStayUnbound() {
        final SimBed bed = SimBed.create();
        final Guid mystery = Guid.parse("{12345678-9abc-def0-1234-56789abcdef0}");
        bed.await(bed.host.offer(OfferSpec.of(mystery, Guids.instance(1))));
        bed.await(bed.host.offer(OfferSpec.of(mystery, Guids.instance(2))));
        bed.await(bed.host.offer(OfferSpec.of(UnsupportedDevices.AVMA1, Guids.instance(3))));
        bed.connect();
        assertEquals(1, bed.guest.unknownGuids());
        assertEquals(3, bed.guest.bus().devices().size());
        for (final VmbusDevice d : bed.guest.bus().devices()) {
            assertEquals(DeviceType.UNKNOWN, d.deviceType());
            assertEquals(DeviceState.UNBOUND, d.state());
        }
    }

    private static byte[] offerBytes(final Guid cls, final Guid inst, final int relid, final int sub) {
        return new OfferChannel(new ChannelOffer(cls, inst, 0, 0, new byte[0], sub), relid, 0, false, false, 16)
                .encode();
    }

    @Test
    void anOfferForATakenRelidIsRefusedWithoutTouchingTheLiveChannel() {
        final SimBed bed = SimBed.create();
        final TestDriver blob = TestDriver.opening("blob", Guids.BLOB);
        bed.await(bed.guest.bus().registerDriver(blob));
        final int relid = bed.offer(OfferSpec.of(Guids.BLOB, Guids.instance(1)));
        bed.connect();
        final VmbusChannel live = bed.guest.channel(relid).orElseThrow();

        bed.host.sendRaw(offerBytes(Guids.SCSI, Guids.instance(5), relid, 0));
        bed.exec.runUntilIdle();

        assertEquals(List.of(IgnoreReason.RELID_IN_USE), bed.events(BusEvent.OfferIgnored.class).stream()
                .map(BusEvent.OfferIgnored::reason).toList());
        assertEquals(live, bed.guest.channel(relid).orElseThrow());
        assertEquals(0, bed.posted(ChannelMessageType.RELID_RELEASED), "releasing it would free the live channel");
        assertEquals(HostChannelState.OPEN, bed.host.channel(relid).orElseThrow().state());
        assertEquals(0, bed.guest.offersInProgress());
    }

    @ParameterizedTest(name = "relid = {0}")
    @ValueSource(ints = {0, 2048, 0x7fffffff, -1})
    void anOutOfRangeRelidIsRefused(final int relid) {
        final SimBed bed = SimBed.create();
        bed.connect();
        bed.host.sendRaw(offerBytes(Guids.SCSI, Guids.instance(5), relid, 0));
        bed.exec.runUntilIdle();
        assertEquals(List.of(IgnoreReason.RELID_OUT_OF_RANGE), bed.events(BusEvent.OfferIgnored.class).stream()
                .map(BusEvent.OfferIgnored::reason).toList());
        assertTrue(bed.guest.channels().isEmpty());
        assertEquals(0, bed.posted(ChannelMessageType.RELID_RELEASED));
        assertEquals(0, bed.guest.offersInProgress());
    }

    @Test
    void subChannelsJoinTheirPrimaryAndTheDriverHearsOfThem() {
        final SimBed bed = SimBed.create();
        final List<VmbusChannel> seen = new ArrayList<>();
        final TestDriver scsi = TestDriver.custom("storvsc", ProbeType.SYNCHRONOUS, d -> {
            d.channel().setSubChannelCallback(seen::add);
            return CompletableFuture.completedFuture(null);
        }, Guids.SCSI);
        bed.await(bed.guest.bus().registerDriver(scsi));
        final int primary = bed.offer(OfferSpec.of(Guids.SCSI, Guids.instance(1)));
        bed.connect();
        final int sc1 = bed.await(bed.host.offerSubChannel(primary, 1));
        final int sc2 = bed.await(bed.host.offerSubChannel(primary, 2));
        bed.exec.runUntilIdle();

        final VmbusChannel p = bed.guest.channel(primary).orElseThrow();
        assertEquals(List.of(sc1, sc2), p.subChannels().stream().map(VmbusChannel::relid).toList());
        assertEquals(List.of(sc1, sc2), seen.stream().map(VmbusChannel::relid).toList());
        assertEquals(p, seen.get(0).primary().orElseThrow());
        assertEquals(1, bed.guest.bus().devices().size(), "sub-channels are not devices");
        assertEquals(2, bed.events(BusEvent.SubChannelAdded.class).size());
    }

    @Test
    void orphanSubChannelsAndDuplicatePrimariesAreDeclinedAndReleased() {
        final SimBed bed = SimBed.create();
        final int primary = bed.offer(OfferSpec.of(Guids.SCSI, Guids.instance(1)));
        bed.connect();
        bed.host.sendRaw(offerBytes(Guids.SCSI, Guids.instance(2), 40, 1));
        bed.host.sendRaw(offerBytes(Guids.SCSI, Guids.instance(1), 41, 0));
        bed.exec.runUntilIdle();
        bed.await(bed.host.offerSubChannel(primary, 1));
        bed.host.sendRaw(offerBytes(Guids.SCSI, Guids.instance(1), 42, 1));
        bed.exec.runUntilIdle();

        assertEquals(List.of(IgnoreReason.ORPHAN_SUB_CHANNEL, IgnoreReason.DUPLICATE_OFFER,
                IgnoreReason.DUPLICATE_OFFER), bed.events(BusEvent.OfferIgnored.class).stream()
                .map(BusEvent.OfferIgnored::reason).toList());
        assertEquals(List.of(40, 41, 42), bed.events(BusEvent.RelidReleased.class).stream()
                .map(BusEvent.RelidReleased::relid).toList());
        assertEquals(1, bed.guest.channel(primary).orElseThrow().subChannels().size());
        assertEquals(0, bed.guest.offersInProgress());
        // The host never offered relids 40-42, so it counts their release as unexpected.
        assertEquals(3, bed.host.drops().count(DropReason.UNEXPECTED));
    }
}
