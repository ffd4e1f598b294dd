package org.vmbussim.mgmt.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.vmbussim.core.channel.ChannelEnd;
import org.vmbussim.core.channel.ChannelState;
import org.vmbussim.core.memory.GuestMemory;
import org.vmbussim.core.packet.Packet;
import org.vmbussim.core.packet.PacketParser;
import org.vmbussim.core.packet.PacketType;
import org.vmbussim.core.ring.ReadResult;
import org.vmbussim.core.sched.DeterministicScheduler;
import org.vmbussim.mgmt.bus.DeviceId;
import org.vmbussim.mgmt.bus.OpenParams;
import org.vmbussim.mgmt.bus.VmbusDevice;
import org.vmbussim.mgmt.bus.VmbusDriver;
import org.vmbussim.mgmt.host.OfferSpec;
import org.vmbussim.mgmt.spi.DataPathSpec;
import org.vmbussim.wire.Guid;

/** The control plane bound to real rings: offer, probe, open, packets both ways, rescind, pages returned. */
class SimulatedVmTest {
    private static final Guid CLASS = Guid.parse("{0590b792-db64-45cc-81db-b8d70c577c9e}");
    private static final Guid INSTANCE = Guid.parse("{11111111-2222-3333-4444-555555555555}");

    private final DeterministicScheduler scheduler = new DeterministicScheduler(3);
    private final List<Long> completions = new ArrayList<>();
    private final List<String> modelEvents = new ArrayList<>();
    private ChannelEnd guestEnd;

    private final HostDeviceModel echo = new HostDeviceModel() {
        @Override
        public void channelOpened(final ChannelEnd hostEnd, final DataPathSpec spec, final GuestMemory memory) {
            modelEvents.add("opened " + spec.relid());
            hostEnd.setHandler((end, packet, info) -> {
                final Packet p = PacketParser.parse(packet, 0, info.length());
                final ByteBuf body = Unpooled.wrappedBuffer(new byte[] {9, 9, 9, 9});
                assertTrue(end.sendCompletion(p.transactionId(), body, 0, 4).isSent());
            });
        }

        @Override
        public void channelClosed(final ChannelEnd hostEnd, final DataPathSpec spec) {
            modelEvents.add("closed " + spec.relid());
        }
    };

    private final VmbusDriver driver = new VmbusDriver() {
        @Override
        public String name() {
            return "echo-driver";
        }

        @Override
        public List<DeviceId> idTable() {
            return List.of(DeviceId.of(CLASS));
        }

        @Override
        public CompletableFuture<Void> probe(final VmbusDevice device, final DeviceId matched) {
            return device.channel().open(OpenParams.symmetric(4 * 4096)).thenAccept(path -> {
                guestEnd = path.unwrap(ChannelEnd.class);
                guestEnd.configureRequestor(8);
                guestEnd.setHandler(SimulatedVmTest.this::onGuestPacket);
            });
        }

        @Override
        public void remove(final VmbusDevice device) {
            // the bus closes the channel; nothing of our own to release
        }
    };

    private void onGuestPacket(final ChannelEnd end, final ByteBuf packet, final ReadResult.Packet info) {
        final Packet p = PacketParser.parse(packet, 0, info.length());
        assertEquals(PacketType.COMPLETION, p.type());
        completions.add(end.requestor().lookupAndRelease(p.transactionId()));
    }

    @Test
    void offeredDeviceIsProbedOpenedServedAndRescinded() throws Exception {
        final SimulatedVm vm = SimulatedVm.builder().memoryPages(256).scheduler(scheduler)
                .hostModel(CLASS, echo).build();
        final int freeAtStart = vm.memory().freePageCount();
        vm.bus().registerDriver(driver);
        scheduler.await(vm.boot(), 5, TimeUnit.SECONDS);
        final int relid = scheduler.await(vm.host().offer(OfferSpec.of(CLASS, INSTANCE)), 5, TimeUnit.SECONDS);
        scheduler.runUntilIdleAdvancingTime(TimeUnit.SECONDS.toNanos(1));
        assertNotNull(guestEnd, "probe opened the channel");
        assertEquals(List.of("opened " + relid), modelEvents);
        assertEquals(vm.memory().freePageCount(), freeAtStart - 8, "two 4-page rings");

        for (long cookie = 100; cookie < 110; cookie++) {
            assertTrue(guestEnd.sendInBand(Unpooled.wrappedBuffer(new byte[8]), 0, 8, true, cookie).isSent());
            if (cookie % 4 == 3) {
                scheduler.runUntilIdle(); // a requestor of 8: let completions free ids
            }
        }
        scheduler.runUntilIdle();
        assertEquals(10, completions.size());
        assertEquals(100L, completions.get(0));
        assertEquals(0, guestEnd.requestor().inUse());

        scheduler.await(vm.host().rescind(relid), 5, TimeUnit.SECONDS);
        scheduler.runUntilIdleAdvancingTime(TimeUnit.SECONDS.toNanos(5));
        assertEquals(ChannelState.CLOSED, guestEnd.state());
        assertEquals(List.of("opened " + relid, "closed " + relid), modelEvents);
        assertEquals(freeAtStart, vm.memory().freePageCount(), "ring pages returned after the rescind");
        assertEquals(List.of(), scheduler.uncaughtErrors());
        vm.close();
    }
}
