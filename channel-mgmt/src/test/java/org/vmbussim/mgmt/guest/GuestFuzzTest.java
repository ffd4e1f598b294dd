package org.vmbussim.mgmt.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vmbussim.mgmt.bus.ChannelState;
import org.vmbussim.mgmt.bus.VmbusChannel;
import org.vmbussim.mgmt.device.DeviceType;
import org.vmbussim.mgmt.host.OfferSpec;
import org.vmbussim.mgmt.message.ChannelOffer;
import org.vmbussim.mgmt.message.ChannelMessageType;
import org.vmbussim.mgmt.message.OfferChannel;
import org.vmbussim.mgmt.message.RescindChannelOffer;
import org.vmbussim.mgmt.testing.Guids;
import org.vmbussim.mgmt.testing.SimBed;
import org.vmbussim.mgmt.testing.TestDriver;
import org.vmbussim.wire.LittleEndian;

/**
 * A hostile or careless host, seeded: random raw messages, offers with random relids, types and sub-channel
 * indexes, rescinds of random relids, hot-adds and hot-removes, drivers coming and going. No exception may
 * escape a guest task (the deterministic executor would rethrow it), and afterwards no offer is left in progress,
 * every live relid belongs to one channel, and nothing stays open that the guest does not know about.
 */
class GuestFuzzTest {

    @ParameterizedTest(name = "seed = {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void aHostileHostCannotBreakTheGuest(final long seed) {
        try {
            run(seed);
        } catch (final RuntimeException | AssertionError e) {
            throw new AssertionError("seed " + seed, e);
        }
    }

    private static void run(final long seed) {
        final Random r = new Random(seed);
        final SimBed bed = SimBed.create();
        final TestDriver blob = TestDriver.opening("blob", Guids.BLOB, Guids.SCSI);
        bed.await(bed.guest.bus().registerDriver(blob));
        bed.connect();
        final List<DeviceType> types = List.of(DeviceType.AZURE_BLOB, DeviceType.SCSI, DeviceType.PCIE,
                DeviceType.UNKNOWN);
        for (int step = 0; step < 150; step++) {
            switch (r.nextInt(7)) {
                case 0: {
                    final byte[] b = new byte[r.nextInt(250)];
                    r.nextBytes(b);
                    if (b.length >= 4) {
                        LittleEndian.putInt(b, 0, r.nextInt(ChannelMessageType.COUNT + 2));
                    }
                    bed.host.sendRaw(b);
                    break;
                }
                case 1: {
                    final DeviceType t = types.get(r.nextInt(types.size()));
                    final ChannelOffer o = new ChannelOffer(t.classId(), Guids.instance(r.nextInt(4)),
                            r.nextInt(8) == 0 ? 0x2000 : 0, 0, new byte[0], r.nextInt(3) == 0 ? r.nextInt(3) : 0);
                    bed.host.sendRaw(new OfferChannel(o, r.nextInt(40) - 2, r.nextInt(256), r.nextBoolean(),
                            r.nextBoolean(), r.nextInt()).encode());
                    break;
                }
                case 2:
                    bed.host.sendRaw(new RescindChannelOffer(r.nextInt(40)).encode());
                    break;
                case 3:
                    bed.host.offer(OfferSpec.of(r.nextBoolean() ? Guids.BLOB : Guids.SCSI,
                            Guids.instance(100 + r.nextInt(50))));
                    break;
                case 4: {
                    final List<VmbusChannel> chs = bed.guest.channels();
                    if (!chs.isEmpty()) {
                        bed.host.rescind(chs.get(r.nextInt(chs.size())).relid());
                    }
                    break;
                }
                case 5:
                    if (r.nextBoolean()) {
                        bed.guest.bus().unregisterDriver(blob);
                    } else {
                        bed.guest.bus().registerDriver(blob);
                    }
                    break;
                default:
                    bed.exec.runFor(Duration.ofMillis(r.nextInt(20)));
                    break;
            }
            if (r.nextInt(4) == 0) {
                bed.exec.runUntilIdle();
            }
        }
        bed.exec.runUntilIdle();
        bed.exec.runFor(Duration.ofMinutes(2));
        assertEquals(0, bed.guest.offersInProgress());
        final Set<Integer> relids = new HashSet<>();
        for (final VmbusChannel ch : bed.guest.channels()) {
            assertTrue(relids.add(ch.relid()), "relid " + ch.relid() + " twice");
        }
        // Every ring page the guest still holds belongs to an open channel (or to a teardown the host never
        // confirmed, which the guest counts).
        final long openPages = bed.guest.channels().stream()
                .filter(ch -> ch.state() == ChannelState.OPENED).count() * 8;
        assertEquals(openPages + bed.guest.ringPagesKept(), bed.pages.livePages());
        assertEquals(bed.guest.channels().stream()
                .filter(ch -> ch.state() == ChannelState.OPENED).count(),
                bed.guestPaths.openNow());
    }
}
