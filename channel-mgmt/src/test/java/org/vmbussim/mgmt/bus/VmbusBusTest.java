package org.vmbussim.mgmt.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.vmbussim.mgmt.guest.GuestConfig;
import org.vmbussim.mgmt.host.HostConfig;
import org.vmbussim.mgmt.host.OfferSpec;
import org.vmbussim.mgmt.testing.Guids;
import org.vmbussim.mgmt.testing.SimBed;
import org.vmbussim.mgmt.testing.TestDriver;
import org.vmbussim.uapi.Errno;
import org.vmbussim.uapi.ErrnoException;

class VmbusBusTest {

    private static SimBed bed(final Duration probeTimeout) {
        return SimBed.create(GuestConfig.builder().bus(new BusConfig(Duration.ofSeconds(1).toNanos(),
                probeTimeout.toNanos())).build(), HostConfig.DEFAULTS);
    }

    @Test
    void aProbeThatNeverFinishesTimesOutAndALateSuccessIsUndone() {
        final SimBed bed = bed(Duration.ofSeconds(2));
        final CompletableFuture<Void> never = new CompletableFuture<>();
        final TestDriver stuck = TestDriver.custom("stuck", ProbeType.PREFER_ASYNCHRONOUS,
                d -> d.channel().open(OpenParams.symmetric(TestDriver.RING_BYTES)).thenCompose(p -> never),
                Guids.BLOB);
        bed.await(bed.guest.bus().registerDriver(stuck));
        bed.offer(OfferSpec.of(Guids.BLOB, Guids.instance(1)));
        bed.connect();
        bed.exec.runFor(Duration.ofSeconds(3));

        final BusEvent.ProbeFailed failed = bed.events(BusEvent.ProbeFailed.class).get(0);
        assertEquals(Errno.ETIMEDOUT, failed.errno());
        final VmbusDevice dev = bed.guest.bus().devices().get(0);
        assertEquals(DeviceState.UNBOUND, dev.state());
        assertEquals(ChannelState.OPEN, dev.channel().state(), "the bus closed what the failed probe opened");
        assertEquals(0, bed.pages.livePages());

        never.complete(null);
        bed.exec.runUntilIdle();
        assertEquals(List.of(dev), stuck.removed, "a probe that succeeds too late is removed again");
        assertEquals(DeviceState.UNBOUND, dev.state());
    }

    @Test
    void aThrowingOrNullProbeFailsTheBindNotTheBus() {
        final SimBed bed = bed(Duration.ofSeconds(30));
        final TestDriver throwing = TestDriver.custom("throws", ProbeType.SYNCHRONOUS, d -> {
            throw new ErrnoException(Errno.EPROTO, "test");
        }, Guids.BLOB);
        final TestDriver nulls = TestDriver.custom("nulls", ProbeType.SYNCHRONOUS, d -> null, Guids.SCSI);
        bed.await(bed.guest.bus().registerDriver(throwing));
        bed.await(bed.guest.bus().registerDriver(nulls));
        bed.offer(OfferSpec.of(Guids.BLOB, Guids.instance(1)));
        bed.offer(OfferSpec.of(Guids.SCSI, Guids.instance(2)));
        bed.connect();
        assertEquals(List.of(Errno.EPROTO, Errno.EIO), bed.events(BusEvent.ProbeFailed.class).stream()
                .map(BusEvent.ProbeFailed::errno).toList());
        for (final VmbusDevice d : bed.guest.bus().devices()) {
            assertEquals(DeviceState.UNBOUND, d.state());
            assertNull(d.driver());
        }
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheOthers() {
        final SimBed bed = bed(Duration.ofSeconds(30));
        bed.guest.bus().addListener(e -> {
            throw new IllegalStateException("listener bug");
        });
        final List<BusEvent> seen = new ArrayList<>();
        bed.guest.bus().addListener(seen::add);
        bed.offer(OfferSpec.of(Guids.BLOB, Guids.instance(1)));
        bed.connect();
        assertEquals(1, seen.size());
    }

    @Test
    void unregisteringDuringAProbeWaitsForItThenRemoves() {
        final SimBed bed = bed(Duration.ofMinutes(10));
        final CompletableFuture<Void> gate = new CompletableFuture<>();
        final TestDriver slow = TestDriver.custom("slow", ProbeType.SYNCHRONOUS, d -> gate, Guids.BLOB);
        bed.await(bed.guest.bus().registerDriver(slow));
        bed.offer(OfferSpec.of(Guids.BLOB, Guids.instance(1)));
        bed.connect();
        final VmbusDevice dev = bed.guest.bus().devices().get(0);
        assertEquals(DeviceState.PROBING, dev.state());
        final CompletableFuture<Void> unregistered = bed.guest.bus().unregisterDriver(slow);
        bed.exec.runUntilIdle();
        assertFalse(unregistered.isDone());
        gate.complete(null);
        bed.await(unregistered);
        assertEquals(List.of(dev), slow.removed);
        assertEquals(DeviceState.UNBOUND, dev.state());
        final Throwable again = bed.await(bed.guest.bus().unregisterDriver(slow).handle((v, e) -> e));
        assertEquals(Errno.ENOENT, ((ErrnoException) again).errno());
    }

    @Test
    void unbindAndProbeOneDeviceAsSysfsDoes() {
        final SimBed bed = bed(Duration.ofSeconds(30));
        final TestDriver blob = TestDriver.opening("blob", Guids.BLOB);
        bed.await(bed.guest.bus().registerDriver(blob));
        bed.offer(OfferSpec.of(Guids.BLOB, Guids.instance(1)));
        bed.offer(OfferSpec.of(Guids.BLOB, Guids.instance(2)));
        bed.connect();
        final VmbusDevice one = bed.guest.bus().devices().get(0);
        final VmbusDevice two = bed.guest.bus().devices().get(1);

        bed.await(bed.guest.bus().unbindDevice(two));
        assertEquals(DeviceState.UNBOUND, two.state());
        assertEquals(ChannelState.OPEN, two.channel().state(), "the bus closed its channel");
        assertEquals(DeviceState.BOUND, one.state());
        assertEquals(List.of(two), blob.removed);
        assertEquals(RemoveReason.UNBIND, bed.events(BusEvent.DeviceRemoved.class).get(0).reason());
        assertEquals(Errno.EINVAL, errnoOf(bed.guest.bus().unbindDevice(two), bed));

        bed.await(bed.guest.bus().probeDevice(two));
        assertEquals(DeviceState.BOUND, two.state());
        assertEquals(ChannelState.OPENED, two.channel().state());
        assertEquals(Errno.EBUSY, errnoOf(bed.guest.bus().probeDevice(two), bed));
        assertEquals(0, bed.guest.drops().total());
    }

    @Test
    void probingReportsAFailedProbeAndADeviceNoDriverMatches() {
        final SimBed bed = bed(Duration.ofSeconds(30));
        bed.offer(OfferSpec.of(Guids.BLOB, Guids.instance(1)));
        bed.offer(OfferSpec.of(Guids.SCSI, Guids.instance(2)));
        bed.connect();
        final VmbusDevice blobDev = bed.guest.bus().devices().get(0);
        final VmbusDevice scsiDev = bed.guest.bus().devices().get(1);
        bed.await(bed.guest.bus().registerDriver(TestDriver.custom("refuses", ProbeType.SYNCHRONOUS,
                d -> CompletableFuture.failedFuture(new ErrnoException(Errno.EPROTO, "test")), Guids.BLOB)));
        assertEquals(Errno.EPROTO, errnoOf(bed.guest.bus().probeDevice(blobDev), bed));
        assertEquals(DeviceState.UNBOUND, blobDev.state());
        assertEquals(Errno.ENOENT, errnoOf(bed.guest.bus().probeDevice(scsiDev), bed));
        assertEquals(Errno.EINVAL, errnoOf(bed.guest.bus().unbindDevice(scsiDev), bed));

        final int relid = scsiDev.channel().relid();
        bed.exec.await(bed.host.rescind(relid), Duration.ofSeconds(1));
        assertEquals(Errno.ENODEV, errnoOf(bed.guest.bus().probeDevice(scsiDev), bed));
        assertEquals(Errno.ENODEV, errnoOf(bed.guest.bus().unbindDevice(scsiDev), bed));
    }

    private static Errno errnoOf(final CompletableFuture<Void> f, final SimBed bed) {
        final Throwable e = bed.await(f.handle((v, x) -> x));
        return e == null ? null : ((ErrnoException) e).errno();
    }

    @Test
    void deviceIdentity() {
        final SimBed bed = bed(Duration.ofSeconds(30));
        bed.offer(OfferSpec.of(Guids.BLOB, Guids.instance(1)));
        bed.connect();
        final VmbusDevice dev = bed.guest.bus().devices().get(0);
        assertEquals("00000001-0000-4000-8000-00000000beef", dev.name());
        assertEquals("vmbus:92b7900564dbcc4581dbb8d70c577c9e", dev.modalias());
        assertEquals(0x1414, dev.vendorId());
        dev.setDriverData("state");
        assertEquals("state", dev.driverData());
    }
}
