package org.vmbussim.mgmt.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.vmbussim.mgmt.message.ChannelMessage;
import org.vmbussim.mgmt.message.ChannelMessageDecoder;
import org.vmbussim.mgmt.message.CloseChannel;
import org.vmbussim.mgmt.message.DropReason;
import org.vmbussim.mgmt.message.GpaRange;
import org.vmbussim.mgmt.message.GpadlBody;
import org.vmbussim.mgmt.message.GpadlCreated;
import org.vmbussim.mgmt.message.GpadlHeader;
import org.vmbussim.mgmt.message.GpadlMessages;
import org.vmbussim.mgmt.message.GpadlTeardown;
import org.vmbussim.mgmt.message.GpadlTorndown;
import org.vmbussim.mgmt.message.HypercallStatus;
import org.vmbussim.mgmt.message.InitiateContact;
import org.vmbussim.mgmt.message.MessageDirection;
import org.vmbussim.mgmt.message.MessageDrops;
import org.vmbussim.mgmt.message.ModifyChannel;
import org.vmbussim.mgmt.message.ModifyChannelResponse;
import org.vmbussim.mgmt.message.OfferChannel;
import org.vmbussim.mgmt.message.OpenChannel;
import org.vmbussim.mgmt.message.OpenChannelResult;
import org.vmbussim.mgmt.message.RelidReleased;
import org.vmbussim.mgmt.message.RequestOffers;
import org.vmbussim.mgmt.message.RescindChannelOffer;
import org.vmbussim.mgmt.message.TlConnectRequest;
import org.vmbussim.mgmt.message.Unload;
import org.vmbussim.mgmt.message.UnloadResponse;
import org.vmbussim.mgmt.message.VersionResponse;
import org.vmbussim.mgmt.message.VmbusProtocol;
import org.vmbussim.mgmt.message.VmbusVersion;
import org.vmbussim.mgmt.support.RateLimitedLog;
import org.vmbussim.mgmt.testing.Guids;
import org.vmbussim.mgmt.testing.ManualControlExecutor;
import org.vmbussim.mgmt.testing.RecordingDataPaths;
import org.vmbussim.wire.Guid;
import org.vmbussim.wire.LittleEndian;

/** The simulated host driven by hand-made guest messages: it checks everything the guest sends. */
class HostTest {
    private final ManualControlExecutor exec = new ManualControlExecutor();
    private final RecordingDataPaths paths = new RecordingDataPaths();
    private final List<ChannelMessage> received = new ArrayList<>();
    private VmbusHost host;

    @BeforeEach
    void connect() {
        host = new VmbusHost(HostConfig.DEFAULTS.withGuestPfnLimit(0x100000), exec, paths);
        final ChannelMessageDecoder d = new ChannelMessageDecoder(MessageDirection.HOST_TO_GUEST,
                new MessageDrops("test-guest", new RateLimitedLog(LoggerFactory.getLogger(HostTest.class),
                        exec::nanoTime)));
        host.attachGuest(bytes -> received.add(d.decode(bytes).orElseThrow()));
        post(4, InitiateContact.forVersion(VmbusVersion.WIN10_V5_3, 0, 2, 0, 0, 0));
        post(1, new RequestOffers());
        received.clear();
    }

    private void post(final int connId, final ChannelMessage m) {
        assertEquals(HypercallStatus.SUCCESS, host.postMessage(connId, m.encode()));
        exec.runUntilIdle();
    }

    private void post(final ChannelMessage m) {
        post(VmbusProtocol.MESSAGE_CONNECTION_ID, m);
    }

    private <T extends ChannelMessage> T last(final Class<T> type) {
        return type.cast(received.get(received.size() - 1));
    }

    private int offerBlob(final int n) {
        final int relid = exec.await(host.offer(OfferSpec.of(Guids.BLOB, Guids.instance(n))));
        exec.runUntilIdle();
        return relid;
    }

    private static long[] pfns(final long first, final int n) {
        final long[] p = new long[n];
        for (int i = 0; i < n; i++) {
            p[i] = first + i;
        }
        return p;
    }

    private void gpadl(final int relid, final int handle, final long[] pfns) {
        for (final ChannelMessage m : GpadlMessages.forRange(relid, handle,
                new GpaRange(pfns.length * 4096, 0, pfns))) {
            post(m);
        }
    }

    @Test
    void hypercallChecksSizeAndConnectionId() {
        assertEquals(HypercallStatus.INVALID_PARAMETER, host.postMessage(1, new byte[241]));
        assertEquals(HypercallStatus.INVALID_CONNECTION_ID, host.postMessage(7, new RequestOffers().encode()));
        final VmbusHost qemuLike = new VmbusHost(HostConfig.DEFAULTS.withMaxVersion(VmbusVersion.WIN10), exec, paths);
        assertEquals(HypercallStatus.INVALID_CONNECTION_ID, qemuLike.postMessage(4, new RequestOffers().encode()));
    }

    @Test
    void offersGoOutInRelidOrderWithMonitorAndConnectionIds() {
        final int r1 = offerBlob(1);
        final int r2 = offerBlob(2);
        final OfferChannel o2 = last(OfferChannel.class);
        assertEquals(List.of(1, 2), List.of(r1, r2));
        assertEquals(2, o2.childRelid());
        assertEquals(1, o2.monitorId());
        assertTrue(o2.monitorAllocated());
        assertEquals(18, o2.connectionId());
    }

    @Test
    void aGpadlAssembledFromHeaderAndBodiesOpensAndTearsDown() {
        final int relid = offerBlob(1);
        gpadl(relid, 0xE1E10, pfns(0x1000, 64));
        assertEquals(new GpadlCreated(relid, 0xE1E10, 0), last(GpadlCreated.class));
        post(new OpenChannel(relid, relid, 0xE1E10, 0, 32, new byte[0]));
        assertEquals(new OpenChannelResult(relid, relid, 0), last(OpenChannelResult.class));
        assertEquals(64, paths.opened().get(0).spec().gpadlPfns().length);
        assertEquals(32, paths.opened().get(0).spec().downstreamRingPages());
        // The rings' GPADL cannot go while the channel is open.
        post(new GpadlTeardown(relid, 0xE1E10));
        assertEquals(1, host.drops().count(DropReason.UNEXPECTED));
        post(new CloseChannel(relid));
        assertTrue(paths.opened().get(0).isClosed());
        post(new GpadlTeardown(relid, 0xE1E10));
        assertEquals(new GpadlTorndown(0xE1E10), last(GpadlTorndown.class));
    }

    @Test
    void badGpadlsAreRefusedWithAFailureStatus() {
        final int relid = offerBlob(1);
        gpadl(relid, 1, pfns(0xFFFFF, 2));
        assertEquals(VmbusHost.STATUS_UNSUCCESSFUL, last(GpadlCreated.class).creationStatus(), "PFN outside memory");
        gpadl(relid, 2, pfns(0x10, 2));
        gpadl(relid, 2, pfns(0x20, 2));
        assertEquals(new GpadlCreated(relid, 2, VmbusHost.STATUS_UNSUCCESSFUL), last(GpadlCreated.class),
                "duplicate handle");
        gpadl(99, 3, pfns(0x10, 2));
        assertEquals(new GpadlCreated(99, 3, VmbusHost.STATUS_UNSUCCESSFUL), last(GpadlCreated.class),
                "unknown relid");
        // range_buflen says 3 pages, the header carries 1, a body then brings 4: overrun.
        final byte[] range = new byte[16];
        LittleEndian.putInt(range, 0, 3 * 4096);
        LittleEndian.putLong(range, 8, 0x40);
        post(new GpadlHeader(relid, 4, 8 + 3 * 8, 1, range));
        post(new GpadlBody(0, 4, pfns(0x41, 4)));
        assertEquals(new GpadlCreated(relid, 4, VmbusHost.STATUS_UNSUCCESSFUL), last(GpadlCreated.class));
        post(new GpadlHeader(relid, 5, 16, 0, new byte[0]));
        assertEquals(VmbusHost.STATUS_UNSUCCESSFUL, last(GpadlCreated.class).creationStatus(), "no ranges");
        final int before = received.size();
        post(new GpadlBody(0, 77, pfns(1, 1)));
        assertEquals(before, received.size(), "a body for no GPADL gets no answer");
        assertEquals(1, host.drops().count(DropReason.UNEXPECTED));
    }

    @Test
    void openIsRefusedForAForeignGpadlOrBadRingSplit() {
        final int r1 = offerBlob(1);
        final int r2 = offerBlob(2);
        gpadl(r1, 10, pfns(0x100, 8));
        post(new OpenChannel(r2, r2, 10, 0, 4, new byte[0]));
        assertEquals(VmbusHost.STATUS_UNSUCCESSFUL, last(OpenChannelResult.class).status(), "r1's GPADL");
        post(new OpenChannel(r1, r1, 10, 0, 1, new byte[0]));
        assertEquals(VmbusHost.STATUS_UNSUCCESSFUL, last(OpenChannelResult.class).status(), "send ring of 1 page");
        post(new OpenChannel(r1, r1, 10, 0, 7, new byte[0]));
        assertEquals(VmbusHost.STATUS_UNSUCCESSFUL, last(OpenChannelResult.class).status(), "receive ring of 1 page");
        post(new OpenChannel(r1, r1, 10, 0, 4, new byte[0]));
        assertEquals(0, last(OpenChannelResult.class).status());
        post(new OpenChannel(r1, r1, 10, 0, 4, new byte[0]));
        assertEquals(VmbusHost.STATUS_UNSUCCESSFUL, last(OpenChannelResult.class).status(), "already open");
        assertEquals(1, paths.openNow());
    }

    @Test
    void rescindWaitsForTheReleaseAndSubChannelsGoFirst() {
        final int primary = offerBlob(1);
        final int sub = exec.await(host.offerSubChannel(primary, 1));
        exec.runUntilIdle();
        received.clear();
        final var gone = host.rescind(primary);
        exec.runUntilIdle();
        assertEquals(List.of(new RescindChannelOffer(sub)), received, "the primary waits for its sub-channel");
        post(new RelidReleased(sub));
        assertEquals(List.of(new RescindChannelOffer(sub), new RescindChannelOffer(primary)), received);
        assertFalse(gone.isDone());
        assertEquals(HostChannelState.REVOKED, host.channel(primary).orElseThrow().state());
        post(new RelidReleased(primary));
        assertTrue(gone.isDone());
        assertTrue(host.channels().isEmpty());
        assertEquals(1, offerBlob(3), "relid 1 is free again");
    }

    /**
     * RELIABILITY C4, OpenVMM {@code test_gpadl_on_revoked_channel}: between the rescind and the guest's
     * RELID_RELEASED the guest may still create GPADLs for the channel and tear them down (Linux tears down
     * the rings' GPADL after the rescind, in {@code vmbus_close}); both are answered. Once the relid is
     * released, its leftover GPADLs are gone and a new one for it is refused.
     */
    @Test
    void aGpadlCanBeCreatedAndTornDownOnARevokedButUnreleasedChannel() {
        final int relid = offerBlob(1);
        gpadl(relid, 10, pfns(0x100, 8));
        post(new OpenChannel(relid, relid, 10, 0, 4, new byte[0]));
        assertEquals(0, last(OpenChannelResult.class).status());
        final var gone = host.rescind(relid);
        exec.runUntilIdle();
        assertEquals(new RescindChannelOffer(relid), last(RescindChannelOffer.class));
        assertEquals(HostChannelState.REVOKED, host.channel(relid).orElseThrow().state());
        assertEquals(0, paths.openNow(), "the host side closed at the rescind");

        gpadl(relid, 11, pfns(0x200, 4));
        assertEquals(new GpadlCreated(relid, 11, 0), last(GpadlCreated.class), "created on the revoked channel");
        post(new GpadlTeardown(relid, 11));
        assertEquals(new GpadlTorndown(11), last(GpadlTorndown.class));
        post(new CloseChannel(relid));
        post(new GpadlTeardown(relid, 10));
        assertEquals(new GpadlTorndown(10), last(GpadlTorndown.class), "the rings' GPADL after the rescind");
        gpadl(relid, 12, pfns(0x300, 2));
        assertEquals(new GpadlCreated(relid, 12, 0), last(GpadlCreated.class));
        assertEquals(0, host.drops().count(DropReason.UNEXPECTED), "nothing above was unexpected");
        assertFalse(gone.isDone());

        post(new RelidReleased(relid));
        assertTrue(gone.isDone());
        assertTrue(host.channels().isEmpty());
        post(new GpadlTeardown(relid, 12));
        assertEquals(1, host.drops().count(DropReason.UNEXPECTED), "GPADL 12 went with the relid");
        gpadl(relid, 13, pfns(0x400, 2));
        assertEquals(new GpadlCreated(relid, 13, VmbusHost.STATUS_UNSUCCESSFUL), last(GpadlCreated.class),
                "no GPADL for a released relid");
    }

    @Test
    void unloadResetsAndReOffers() {
        final int relid = offerBlob(1);
        gpadl(relid, 10, pfns(0x100, 8));
        post(new OpenChannel(relid, relid, 10, 0, 4, new byte[0]));
        post(new Unload());
        assertEquals(new UnloadResponse(), last(UnloadResponse.class));
        assertEquals(0, paths.openNow());
        assertTrue(host.version().isEmpty());
        assertEquals(HostChannelState.PENDING, host.channel(relid).orElseThrow().state());
        final int before = received.size();
        post(new RequestOffers());
        assertEquals(before, received.size(), "no connection, no offers");
        post(4, InitiateContact.forVersion(VmbusVersion.COPPER, 0, 2, 0, 0, 0));
        assertEquals(new VersionResponse(false, 0, 0), last(VersionResponse.class));
        post(4, InitiateContact.forVersion(VmbusVersion.WIN10_V5_2, 0, 2, 0, 0, 0));
        assertEquals(new VersionResponse(true, 0, 1), last(VersionResponse.class));
        post(new RequestOffers());
        assertEquals(relid, ((OfferChannel) received.get(received.size() - 2)).childRelid());
    }

    @Test
    void modifyChannelIsAnsweredFrom53AndHvsockConnectIsNotSupported() {
        final int relid = offerBlob(1);
        gpadl(relid, 10, pfns(0x100, 8));
        post(new OpenChannel(relid, relid, 10, 0, 4, new byte[0]));
        post(new ModifyChannel(relid, 3));
        assertEquals(new ModifyChannelResponse(relid, 0), last(ModifyChannelResponse.class));
        assertEquals(3, host.channel(relid).orElseThrow().targetVp());
        post(new TlConnectRequest(Guid.NIL, Guid.NIL));
        assertEquals(1, host.drops().count(DropReason.UNEXPECTED));
        post(new RelidReleased(55));
        assertEquals(2, host.drops().count(DropReason.UNEXPECTED));
    }

    @Test
    void rawBytesFromTheHostReachTheGuestAsTheyAre() {
        final List<byte[]> raw = new ArrayList<>();
        host.attachGuest(raw::add);
        host.sendRaw(new byte[] {1, 2, 3});
        exec.runUntilIdle();
        assertEquals(List.of(3), raw.stream().map(b -> b.length).toList());
    }
}
