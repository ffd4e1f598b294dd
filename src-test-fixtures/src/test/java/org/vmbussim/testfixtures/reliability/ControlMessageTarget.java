package org.vmbussim.testfixtures.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.vmbussim.azblob.protocol.AzBlobProtocol;
import org.vmbussim.core.sched.DeterministicScheduler;
import org.vmbussim.mgmt.device.DeviceType;
import org.vmbussim.mgmt.message.AllOffersDelivered;
import org.vmbussim.mgmt.message.ChannelMessage;
import org.vmbussim.mgmt.message.ChannelOffer;
import org.vmbussim.mgmt.message.CloseChannel;
import org.vmbussim.mgmt.message.GpadlCreated;
import org.vmbussim.mgmt.message.GpadlTeardown;
import org.vmbussim.mgmt.message.GpadlTorndown;
import org.vmbussim.mgmt.message.HypercallStatus;
import org.vmbussim.mgmt.message.InitiateContact;
import org.vmbussim.mgmt.message.ModifyChannel;
import org.vmbussim.mgmt.message.OfferChannel;
import org.vmbussim.mgmt.message.OpenChannel;
import org.vmbussim.mgmt.message.OpenChannelResult;
import org.vmbussim.mgmt.message.RelidReleased;
import org.vmbussim.mgmt.message.RequestOffers;
import org.vmbussim.mgmt.message.RescindChannelOffer;
import org.vmbussim.mgmt.message.Unload;
import org.vmbussim.mgmt.message.UnloadResponse;
import org.vmbussim.mgmt.message.VersionResponse;
import org.vmbussim.mgmt.message.VmbusProtocol;
import org.vmbussim.testfixtures.bed.AzureBlobTestBed;
import org.vmbussim.wire.Guid;

/**
 * Control messages on one side of a booted VM with the Azure Blob driver bound and the provider serving:
 * valid messages of every type that side receives (about the live relids and others), mutated two times in
 * three, delivered through {@code VmbusGuest.deliverMessage} (the host's messages to the guest) or
 * {@code VmbusHost.postMessage} (the guest's to the host), so decoder and handlers both run.
 *
 * <p>Oracle: no exception escapes a scheduler task; {@code postMessage} answers with a status; at the end of
 * each epoch, after the clock has run past every bound, no offer is left in progress and the bed closes with
 * no page pinned.
 */
final class ControlMessageTarget implements FuzzTarget {
    private final boolean toGuest;

    ControlMessageTarget(final boolean toGuest) {
        this.toGuest = toGuest;
    }

    @Override
    public String name() {
        return toGuest ? "control-to-guest" : "control-to-host";
    }

    @Override
    public int epochLength() {
        return 5_000;
    }

    @Override
    public Harness newHarness() {
        final AzureBlobTestBed bed = AzureBlobTestBed.builder().memoryPages(4096).typicalDeviceSet(true).build();
        final DeterministicScheduler scheduler = (DeterministicScheduler) bed.scheduler();
        return new Harness() {
            private int fed;

            @Override
            public String feed(final Random random) {
                final int relid = random.nextInt(4) != 0 ? bed.blobRelids().get(0) : random.nextInt(40);
                final ChannelMessage base = toGuest ? hostMessage(random, relid) : guestMessage(random, relid);
                byte[] bytes = base.encode();
                if (random.nextInt(3) != 0) {
                    bytes = Mutator.mutate(bytes, random, 3);
                }
                final String outcome;
                if (toGuest) {
                    bed.vm().guest().deliverMessage(bytes);
                    outcome = base.getClass().getSimpleName();
                } else {
                    final HypercallStatus status = bed.vm().host().postMessage(random.nextInt(10) == 0
                            ? random.nextInt(8) : VmbusProtocol.MESSAGE_CONNECTION_ID, bytes);
                    outcome = base.getClass().getSimpleName() + "-" + status;
                }
                scheduler.runUntilIdle();
                if (++fed % 50 == 0) {
                    scheduler.runUntilIdleAdvancingTime(TimeUnit.MILLISECONDS.toNanos(200));
                }
                assertEquals(List.of(), scheduler.uncaughtErrors(), "scheduler task errors");
                return outcome;
            }

            @Override
            public void close() {
                try {
                    scheduler.runUntilIdleAdvancingTime(TimeUnit.MINUTES.toNanos(3));
                    assertEquals(List.of(), scheduler.uncaughtErrors(), "scheduler task errors");
                    assertEquals(0, bed.vm().guest().offersInProgress(), "offers left in progress");
                } finally {
                    bed.close();
                }
                assertEquals(0, bed.vm().memory().pinnedPageCount(), "pinned pages after the bed closed");
                assertTrue(bed.provider().channels().isEmpty(), "provider channels left");
            }
        };
    }

    /** What a host may send a guest. */
    private static ChannelMessage hostMessage(final Random random, final int relid) {
        switch (random.nextInt(9)) {
            case 0: {
                final Guid type = random.nextBoolean() ? AzBlobProtocol.HV_AZURE_BLOB_GUID
                        : DeviceType.values()[random.nextInt(DeviceType.values().length)].classId();
                return new OfferChannel(ChannelOffer.of(type, Guid.parse(String.format(
                        "{a2b10b00-0000-4000-8000-0000000000%02x}", random.nextInt(256)))), relid, random.nextInt(256),
                        random.nextBoolean(), random.nextBoolean(), random.nextInt(64));
            }
            case 1:
                return new RescindChannelOffer(relid);
            case 2:
                return new OpenChannelResult(relid, random.nextInt(4), random.nextInt(3) == 0 ? 0 : random.nextInt());
            case 3:
                return new GpadlCreated(relid, random.nextInt(8), random.nextInt(2));
            case 4:
                return new GpadlTorndown(random.nextInt(8));
            case 5:
                return new VersionResponse(random.nextBoolean(), random.nextInt(3), random.nextInt(8));
            case 6:
                return new AllOffersDelivered();
            case 7:
                return new UnloadResponse();
            default:
                return new RescindChannelOffer(random.nextInt(300));
        }
    }

    /** What a guest may post to the host. */
    private static ChannelMessage guestMessage(final Random random, final int relid) {
        switch (random.nextInt(9)) {
            case 0:
                return new CloseChannel(relid);
            case 1:
                return new GpadlTeardown(relid, random.nextInt(8));
            case 2:
                return new OpenChannel(relid, random.nextInt(4), random.nextInt(8), random.nextInt(4),
                        random.nextInt(40), new byte[0]);
            case 3:
                return new RelidReleased(relid);
            case 4:
                return new RequestOffers();
            case 5:
                return new InitiateContact(random.nextInt(), random.nextInt(4), random.nextLong(), random.nextLong(),
                        random.nextLong());
            case 6:
                return new ModifyChannel(relid, random.nextInt(8));
            case 7:
                return new Unload();
            default:
                return new CloseChannel(random.nextInt(300));
        }
    }
}
