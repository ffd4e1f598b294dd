package org.vmbussim.mgmt.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vmbussim.mgmt.bus.BusConfig;
import org.vmbussim.mgmt.bus.BusEvent;
import org.vmbussim.mgmt.bus.ChannelState;
import org.vmbussim.mgmt.bus.DeviceState;
import org.vmbussim.mgmt.bus.IoTicket;
import org.vmbussim.mgmt.bus.OpenParams;
import org.vmbussim.mgmt.bus.ProbeType;
import org.vmbussim.mgmt.bus.RemoveReason;
import org.vmbussim.mgmt.bus.VmbusChannel;
import org.vmbussim.mgmt.bus.VmbusDevice;
import org.vmbussim.mgmt.host.HostChannelState;
import org.vmbussim.mgmt.host.HostConfig;
import org.vmbussim.mgmt.host.OfferSpec;
import org.vmbussim.mgmt.host.VmbusHost;
import org.vmbussim.mgmt.message.ChannelMessageType;
import org.vmbussim.mgmt.message.DropReason;
import org.vmbussim.mgmt.message.RescindChannelOffer;
import org.vmbussim.mgmt.spi.ChannelDataPath;
import org.vmbussim.mgmt.testing.Guids;
import org.vmbussim.mgmt.testing.SimBed;
import org.vmbussim.mgmt.testing.TestDriver;
import org.vmbussim.uapi.Errno;
import org.vmbussim.uapi.ErrnoException;
import org.vmbussim.uapi.Result;

/** Rescind, removal with a bounded drain, driver unregister and re-register, unload, and failed opens. */
class LifecycleTest {
    private SimBed bed;

    @AfterEach
    void nothingLeftBehind() {
        if (bed != null) {
            bed.exec.runUntilIdle();
            assertEquals(0, bed.exec.pending(), "timers left behind");
        }
    }

    private static Errno errnoOf(final Throwable t) {
        final Throwable c = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        return ((ErrnoException) c).errno();
    }

    @Test
    void rescindDuringAnAsynchronousProbeFailsTheOpenAndReleasesEverything() {
        bed = SimBed.create();
        final CompletableFuture<ChannelDataPath> open = new CompletableFuture<>();
        final TestDriver drv = TestDriver.custom("slow", ProbeType.PREFER_ASYNCHRONOUS, d -> d.channel()
                .open(OpenParams.symmetric(TestDriver.RING_BYTES)).whenComplete((p, e) -> {
                    if (e != null) {
                        open.completeExceptionally(e);
                    } else {
                        open.complete(p);
                    }
                }).thenApply(p -> (Void) null), Guids.BLOB);
        bed.await(bed.guest.bus().registerDriver(drv));
        final int relid = bed.await(bed.host.offer(OfferSpec.of(Guids.BLOB, Guids.instance(1))));
        // The host sits on OPENCHANNEL: the probe is stuck waiting for the result when the rescind comes.
        bed.host.ignoreNext(ChannelMessageType.OPEN_CHANNEL, 1);
        bed.await(bed.guest.connect());
        bed.exec.runFor(Duration.ofMillis(10));
        assertFalse(open.isDone());
        assertEquals(ChannelState.OPENING, bed.guest.channel(relid).orElseThrow().state());

        final CompletableFuture<Void> gone = bed.host.rescind(relid);
        bed.exec.await(gone, Duration.ofMillis(100));

        assertEquals(Errno.ENODEV, errnoOf(assertThrows(CompletionException.class, open::join)));
        final List<Class<?>> order = bed.events.stream().<Class<?>>map(Object::getClass).toList();
        assertEquals(List.of(BusEvent.DeviceAdded.class, BusEvent.ChannelRescinded.class, BusEvent.ProbeFailed.class,
                BusEvent.DeviceRemoved.class, BusEvent.RelidReleased.class), order);
        assertEquals(Errno.ENODEV, bed.events(BusEvent.ProbeFailed.class).get(0).errno());
        assertEquals(0, bed.pages.livePages(), "ring pages freed: GPADL torn down on the revoked channel");
        assertTrue(bed.guest.channels().isEmpty());
        assertTrue(bed.guest.bus().devices().isEmpty());
        assertTrue(bed.host.channels().isEmpty());
    }

    @Test
    void rescindWithRequestsInFlightDrainsThenFailsTheRestWithEnodev() {
        bed = SimBed.create(GuestConfig.builder().bus(new BusConfig(Duration.ofMillis(200).toNanos(),
                Duration.ofSeconds(30).toNanos())).build(), HostConfig.DEFAULTS);
        final TestDriver blob = TestDriver.opening("blob", Guids.BLOB);
        bed.await(bed.guest.bus().registerDriver(blob));
        final int relid = bed.offer(OfferSpec.of(Guids.BLOB, Guids.instance(1)));
        bed.connect();
        final VmbusDevice dev = bed.guest.bus().devices().get(0);
        final AtomicInteger failedWithEnodev = new AtomicInteger();
        final List<IoTicket> tickets = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            tickets.add(dev.ioGate().enter(failedWithEnodev::incrementAndGet).orThrow());
        }

        final CompletableFuture<Void> gone = bed.host.rescind(relid);
        bed.exec.runFor(Duration.ofMillis(50));
        // New I/O is refused at once, before the drain ends, without touching the channel.
        final Result<IoTicket> late = dev.ioGate().enter(() -> { });
        assertEquals(Errno.ENODEV, late.errnoOrNull());
        assertTrue(tickets.get(0).finish(), "a request that completes during the drain finishes normally");
        assertFalse(gone.isDone());

        bed.exec.await(gone, Duration.ofSeconds(1));
        assertEquals(2, failedWithEnodev.get());
        assertFalse(tickets.get(1).finish(), "an aborted request cannot complete a second time");
        final BusEvent.DeviceRemoved removed = bed.events(BusEvent.DeviceRemoved.class).get(0);
        assertEquals(RemoveReason.RESCINDED, removed.reason());
        assertEquals(2, removed.abortedIo());
        assertEquals(List.of(dev), blob.removed);
        assertEquals(0, bed.pages.livePages());
        assertEquals(0, bed.guestPaths.openNow());
        assertEquals(0, bed.hostPaths.openNow());
    }

    @Test
    void aSecondRescindAndARescindOfAnUnknownRelidAreNoOps() {
        bed = SimBed.create();
        final int relid = bed.offer(OfferSpec.of(Guids.SCSI, Guids.instance(1)));
        bed.connect();
        bed.host.sendRaw(new RescindChannelOffer(relid).encode());
        bed.host.sendRaw(new RescindChannelOffer(relid).encode());
        bed.host.sendRaw(new RescindChannelOffer(999).encode());
        bed.exec.runUntilIdle();
        assertEquals(1, bed.events(BusEvent.ChannelRescinded.class).size());
        assertEquals(1, bed.events(BusEvent.RelidReleased.class).size());
        assertEquals(2, bed.guest.drops().count(DropReason.UNEXPECTED));
    }

    @Test
    void subChannelsAreRescindedBeforeTheirPrimary() {
        bed = SimBed.create();
        final TestDriver scsi = TestDriver.custom("storvsc", ProbeType.SYNCHRONOUS, d -> {
            d.channel().setSubChannelCallback(sc -> sc.open(OpenParams.symmetric(TestDriver.RING_BYTES)));
            return d.channel().open(OpenParams.symmetric(TestDriver.RING_BYTES)).thenApply(p -> (Void) null);
        }, Guids.SCSI);
        bed.await(bed.guest.bus().registerDriver(scsi));
        final int primary = bed.offer(OfferSpec.of(Guids.SCSI, Guids.instance(1)));
        bed.connect();
        final int sc = bed.await(bed.host.offerSubChannel(primary, 1));
        bed.exec.runUntilIdle();
        assertEquals(ChannelState.OPENED, bed.guest.channel(sc).orElseThrow().state());
        assertEquals(2, bed.hostPaths.openNow());

        bed.exec.await(bed.host.rescind(primary), Duration.ofSeconds(1));
        assertEquals(List.of(sc, primary), bed.events(BusEvent.ChannelRescinded.class).stream()
                .map(BusEvent.ChannelRescinded::relid).toList());
        assertEquals(List.of(sc, primary), bed.events(BusEvent.RelidReleased.class).stream()
                .map(BusEvent.RelidReleased::relid).toList());
        assertEquals(0, bed.pages.livePages());
        assertEquals(0, bed.guestPaths.openNow());
    }

    @Test
    void unregisteringADriverUnbindsItsDevicesAndReRegisteringBindsThemAgain() {
        bed = SimBed.create();
        final TestDriver blob = TestDriver.opening("blob", Guids.BLOB);
        bed.await(bed.guest.bus().registerDriver(blob));
        final int r1 = bed.offer(OfferSpec.of(Guids.BLOB, Guids.instance(1)));
        final int r2 = bed.offer(OfferSpec.of(Guids.BLOB, Guids.instance(2)));
        bed.connect();
        assertEquals(2, bed.guestPaths.openNow());

        bed.await(bed.guest.bus().unregisterDriver(blob));
        assertEquals(2, blob.removed.size());
        for (final VmbusDevice d : bed.guest.bus().devices()) {
            assertEquals(DeviceState.UNBOUND, d.state());
            assertEquals(ChannelState.OPEN, d.channel().state(), "the bus closed the channel the driver left open");
        }
        assertEquals(0, bed.guestPaths.openNow());
        assertEquals(0, bed.pages.livePages());
        assertEquals(HostChannelState.OFFERED, bed.host.channel(r1).orElseThrow().state());
        assertEquals(List.of(RemoveReason.DRIVER_UNREGISTERED, RemoveReason.DRIVER_UNREGISTERED),
                bed.events(BusEvent.DeviceRemoved.class).stream().map(BusEvent.DeviceRemoved::reason).toList());
        assertEquals(0, bed.posted(ChannelMessageType.RELID_RELEASED), "unbinding is not releasing");

        bed.await(bed.guest.bus().registerDriver(blob));
        assertEquals(4, blob.probed.size());
        assertEquals(2, bed.guestPaths.openNow());
        assertEquals(2, bed.host.channel(r2).orElseThrow().timesOpened());
        assertEquals(Errno.EEXIST, errnoOf(assertThrows(CompletionException.class,
                () -> bed.await(bed.guest.bus().registerDriver(TestDriver.passive("blob", Guids.BLOB))))));
    }

    @Test
    void unloadRemovesEverythingReleasesRelidsAndTheGuestCanConnectAgain() {
        bed = SimBed.create();
        final TestDriver blob = TestDriver.opening("blob", Guids.BLOB);
        bed.await(bed.guest.bus().registerDriver(blob));
        bed.offer(OfferSpec.of(Guids.BLOB, Guids.instance(1)));
        bed.offer(OfferSpec.of(Guids.SCSI, Guids.instance(2)));
        bed.connect();

        bed.await(bed.guest.unload());
        assertEquals(ConnectionState.DISCONNECTED, bed.guest.connectionState());
        assertTrue(bed.guest.bus().devices().isEmpty());
        assertTrue(bed.guest.channels().isEmpty());
        assertEquals(2, bed.posted(ChannelMessageType.RELID_RELEASED));
        assertEquals(1, bed.posted(ChannelMessageType.UNLOAD));
        assertTrue(bed.toGuest.contains(ChannelMessageType.UNLOAD_RESPONSE));
        assertEquals(List.of(RemoveReason.UNLOAD, RemoveReason.UNLOAD),
                bed.events(BusEvent.DeviceRemoved.class).stream().map(BusEvent.DeviceRemoved::reason).toList());
        assertEquals(0, bed.pages.livePages());
        assertTrue(bed.host.version().isEmpty());
        assertEquals(0, bed.host.drops().total());

        bed.connect();
        assertEquals(2, bed.guest.bus().devices().size(), "the host offers its devices again");
        assertEquals(2, blob.probed.size());
    }

    @Test
    void aRefusedOpenFailsWithEagainAndTearsTheGpadlDown() {
        bed = SimBed.create();
        final int relid = bed.offer(OfferSpec.of(Guids.BLOB, Guids.instance(1)));
        bed.connect();
        bed.await(bed.host.failNextOpens(relid, 1, VmbusHost.STATUS_UNSUCCESSFUL));
        final VmbusChannel ch = bed.guest.channel(relid).orElseThrow();

        final CompletableFuture<ChannelDataPath> first = ch.open(OpenParams.symmetric(TestDriver.RING_BYTES));
        assertEquals(Errno.EAGAIN, errnoOf(assertThrows(CompletionException.class, () -> bed.await(first))));
        assertEquals(ChannelState.OPEN, ch.state());
        assertEquals(0, bed.pages.livePages());
        assertEquals(1, bed.posted(ChannelMessageType.GPADL_TEARDOWN));
        assertEquals(0, bed.posted(ChannelMessageType.CLOSE_CHANNEL), "nothing to close after a refusal");

        final ChannelDataPath second = bed.await(ch.open(OpenParams.symmetric(TestDriver.RING_BYTES)));
        assertTrue(bed.guestPaths.opened().contains(second));
        assertEquals(Errno.EBUSY, errnoOf(assertThrows(CompletionException.class,
                () -> bed.await(ch.open(OpenParams.symmetric(TestDriver.RING_BYTES))))));
        bed.await(ch.close());
        assertEquals(Errno.EINVAL, errnoOf(assertThrows(CompletionException.class, () -> bed.await(ch.close()))));
        assertEquals(0, bed.pages.livePages());
        assertEquals(HostChannelState.OFFERED, bed.host.channel(relid).orElseThrow().state());
    }

    @Test
    void aHostThatNeverCreatesTheGpadlTimesOutAndTheGuestKeepsThePages() {
        bed = SimBed.create();
        final int relid = bed.offer(OfferSpec.of(Guids.BLOB, Guids.instance(1)));
        bed.connect();
        bed.host.ignoreNext(ChannelMessageType.GPADL_HEADER, 1);
        final VmbusChannel ch = bed.guest.channel(relid).orElseThrow();
        final CompletableFuture<ChannelDataPath> open = ch.open(OpenParams.symmetric(TestDriver.RING_BYTES));
        assertEquals(Errno.ETIMEDOUT, errnoOf(assertThrows(CompletionException.class,
                () -> bed.exec.await(open, Duration.ofSeconds(20)))));
        bed.exec.runUntilIdle();
        // Without GPADL_TORNDOWN the host might still write the pages: they are kept, and counted.
        assertEquals(8, bed.pages.livePages());
        assertEquals(8, bed.guest.ringPagesKept());
        assertEquals(ChannelState.OPEN, ch.state());
    }

    @Test
    void openFailsCleanlyWithoutMemoryOrWhenTheDataPathRefuses() {
        bed = SimBed.create();
        final int relid = bed.offer(OfferSpec.of(Guids.BLOB, Guids.instance(1)));
        bed.connect();
        final VmbusChannel ch = bed.guest.channel(relid).orElseThrow();
        bed.pages.failNext(1);
        assertEquals(Errno.ENOMEM, errnoOf(assertThrows(CompletionException.class,
                () -> bed.await(ch.open(OpenParams.symmetric(TestDriver.RING_BYTES))))));
        bed.guestPaths.refuseNext(1);
        assertEquals(Errno.ENOMEM, errnoOf(assertThrows(CompletionException.class,
                () -> bed.await(ch.open(OpenParams.symmetric(TestDriver.RING_BYTES))))));
        bed.exec.runUntilIdle();
        assertEquals(1, bed.posted(ChannelMessageType.CLOSE_CHANNEL), "the host had opened it: close it again");
        assertEquals(0, bed.pages.livePages());
        assertEquals(HostChannelState.OFFERED, bed.host.channel(relid).orElseThrow().state());
        assertEquals(0, bed.hostPaths.openNow());
    }

    @Test
    void versionNegotiationFallsBackFromNewestToWhatTheHostSpeaks() {
        bed = SimBed.create(GuestConfig.builder().build(),
                HostConfig.DEFAULTS.withMaxVersion(org.vmbussim.mgmt.message.VmbusVersion.WIN10));
        assertEquals(org.vmbussim.mgmt.message.VmbusVersion.WIN10, bed.connect());
        // 6.0 to 5.0 go to connection id 4, where a 4.0 host does not listen; 4.1 is refused; 4.0 is taken.
        assertEquals(List.of(ChannelMessageType.INITIATE_CONTACT, ChannelMessageType.INITIATE_CONTACT,
                ChannelMessageType.REQUEST_OFFERS), bed.toHost);
        bed.exec.runUntilIdle();
        bed.await(bed.guest.unload());
        assertEquals(1, bed.posted(ChannelMessageType.UNLOAD));
    }

    @Test
    void aHostThatDoesNotAnswerContactTimesOut() {
        bed = SimBed.create();
        bed.host.ignoreNext(ChannelMessageType.INITIATE_CONTACT, 1);
        assertEquals(Errno.ETIMEDOUT, errnoOf(assertThrows(CompletionException.class,
                () -> bed.exec.await(bed.guest.connect(), Duration.ofSeconds(10)))));
        assertEquals(ConnectionState.DISCONNECTED, bed.guest.connectionState());
    }

    @Test
    void hotAddAndHotRemoveWorkBeforeAndAfterTheGuestConnects() {
        bed = SimBed.create();
        final TestDriver blob = TestDriver.opening("blob", Guids.BLOB);
        bed.await(bed.guest.bus().registerDriver(blob));
        final int early = bed.offer(OfferSpec.of(Guids.BLOB, Guids.instance(1)));
        final int withdrawn = bed.offer(OfferSpec.of(Guids.BLOB, Guids.instance(2)));
        bed.await(bed.host.rescind(withdrawn));
        bed.connect();
        assertEquals(List.of(early), bed.guest.channels().stream().map(VmbusChannel::relid).toList(),
                "a device removed before the guest asked was never offered");
        assertTrue(bed.events(BusEvent.ChannelRescinded.class).isEmpty());

        final int hot = bed.offer(OfferSpec.of(Guids.BLOB, Guids.instance(3)));
        assertEquals(2, hot, "the withdrawn relid is reused");
        assertEquals(2, blob.probed.size());
        assertEquals(2, bed.guestPaths.openNow());
        bed.exec.await(bed.host.rescind(hot), Duration.ofSeconds(1));
        assertEquals(1, bed.guestPaths.openNow());
        assertEquals(List.of(early), bed.guest.bus().devices().stream().map(d -> d.channel().relid()).toList());
    }
}
