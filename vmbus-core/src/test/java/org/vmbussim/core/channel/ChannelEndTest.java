package org.vmbussim.core.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vmbussim.core.memory.GuestMemory;
import org.vmbussim.core.memory.HvPage;
import org.vmbussim.core.packet.GpaRange;
import org.vmbussim.core.packet.Packet;
import org.vmbussim.core.packet.PacketParser;
import org.vmbussim.core.packet.PacketType;
import org.vmbussim.core.ring.ReadResult;
import org.vmbussim.core.ring.RingControlLayout;
import org.vmbussim.core.sched.DeterministicScheduler;
import org.vmbussim.uapi.Errno;
import org.vmbussim.uapi.ErrnoException;

class ChannelEndTest {
    private static final int RING = 3 * HvPage.PAGE_SIZE;

    private final GuestMemory memory = GuestMemory.builder().name("guest").pageCount(256).build();
    private final DeterministicScheduler scheduler = new DeterministicScheduler(7);
    private final List<Packet> hostGot = new ArrayList<>();
    private final List<byte[]> hostPayloads = new ArrayList<>();
    private final List<Packet> guestGot = new ArrayList<>();
    private boolean hostAnswers = true;
    private ChannelPair pair;

    private void open(final int requestorSize) {
        pair = ChannelPair.open("relid 1", memory, scheduler, RING, requestorSize, this::onGuestPacket,
                this::onHostPacket);
    }

    private void onHostPacket(final ChannelEnd end, final ByteBuf packet, final ReadResult.Packet info) {
        final Packet p = PacketParser.parse(packet, 0, info.length());
        hostGot.add(p);
        final byte[] payload = new byte[info.payloadLength()];
        packet.getBytes(info.dataOffset(), payload);
        hostPayloads.add(payload);
        if (hostAnswers && p.isCompletionRequested()) {
            final ByteBuf answer = Unpooled.wrappedBuffer(new byte[] {1, 2, 3, 4});
            assertTrue(end.sendCompletion(p.transactionId(), answer, 0, 4).isSent());
        }
    }

    private void onGuestPacket(final ChannelEnd end, final ByteBuf packet, final ReadResult.Packet info) {
        final Packet p = PacketParser.parse(packet, 0, info.length());
        guestGot.add(p);
        if (p.type() == PacketType.COMPLETION) {
            assertTrue(end.requestor().lookupAndRelease(p.transactionId()) >= 0, "unknown id " + p.transactionId());
        }
    }

    private static ByteBuf payload(final int length, final int seed) {
        final byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (seed + i);
        }
        return Unpooled.wrappedBuffer(b);
    }

    @AfterEach
    void noLeaks() {
        if (pair != null) {
            pair.close();
        }
        assertEquals(256, memory.freePageCount(), "ring pages returned");
        assertEquals(List.of(), scheduler.uncaughtErrors());
    }

    @Test
    void shouldCarryARequestAndItsCompletionThroughTheRequestor() {
        open(16);
        final SendResult sent = pair.guest().sendInBand(payload(20, 5), 0, 20, true, 77);
        assertEquals(1, sent.transactionId(), "first requestor id is 1");
        assertEquals(1, pair.guest().requestor().inUse());
        scheduler.runUntilIdle();
        assertEquals(1, hostGot.size());
        assertEquals(1, hostGot.get(0).transactionId());
        assertArrayEquals(payload(20, 5).array(), java.util.Arrays.copyOf(hostPayloads.get(0), 20));
        assertEquals(24, hostPayloads.get(0).length, "payload padded to 8");
        assertEquals(1, guestGot.size());
        assertEquals(PacketType.COMPLETION, guestGot.get(0).type());
        assertEquals(0, pair.guest().requestor().inUse());
        assertEquals(1, pair.guest().statistics().signalsSent());
        assertEquals(1, pair.host().statistics().signalsSent());
    }

    @Test
    void shouldSignalOnlyOnTheEmptyToNonEmptyTransition() {
        open(0);
        for (int i = 0; i < 5; i++) {
            assertTrue(pair.guest().sendInBand(payload(8, i), 0, 8, false, 1000 + i).isSent());
        }
        assertEquals(1, pair.guest().statistics().signalsSent());
        scheduler.runUntilIdle();
        assertEquals(5, hostGot.size());
        assertEquals(1004, hostGot.get(4).transactionId(), "no requestor: the caller's id goes on the wire");
        assertTrue(pair.guest().sendInBand(payload(8, 9), 0, 8, false, 1).isSent());
        assertEquals(2, pair.guest().statistics().signalsSent(), "drained ring: the next write signals again");
    }

    @Test
    void shouldSendGpaDirectRangesTheHostCanParse() {
        open(4);
        final GpaRange range = GpaRange.of(0x10, 3 * HvPage.PAGE_SIZE - 0x20, 0x150, 0x151, 0x160);
        final SendResult sent = pair.guest().sendGpaDirect(List.of(range), payload(56, 1), 0, 56, 5);
        assertTrue(sent.isSent());
        hostAnswers = false;
        scheduler.runUntilIdle();
        final Packet p = hostGot.get(0);
        assertEquals(PacketType.DATA_USING_GPA_DIRECT, p.type());
        assertEquals(List.of(range), p.ranges());
        assertEquals(56, p.payloadLength());
        assertEquals(1, pair.guest().requestor().inUse(), "still waiting for its completion");
        pair.guest().requestor().drainAll();
    }

    @Test
    void shouldRefuseWhenTheRequestorIsFullWithoutPublishing() {
        open(2);
        hostAnswers = false;
        assertTrue(pair.guest().sendInBand(payload(8, 0), 0, 8, true, 1).isSent());
        assertTrue(pair.guest().sendInBand(payload(8, 0), 0, 8, true, 2).isSent());
        final SendResult third = pair.guest().sendInBand(payload(8, 0), 0, 8, true, 3);
        assertEquals(SendResult.Status.REQUESTOR_FULL, third.status());
        assertEquals(Errno.EAGAIN, third.errno());
        scheduler.runUntilIdle();
        assertEquals(2, hostGot.size());
        assertEquals(1, pair.guest().statistics().requestorFullEvents());
        assertEquals(2, pair.guest().requestor().drainAll().length);
    }

    @Test
    void shouldWaitForSpaceAndBeWokenWhenTheHostDrains() throws Exception {
        open(0);
        final int dataBytes = RING - RingControlLayout.HEADER_LENGTH;
        int sent = 0;
        SendResult r;
        while ((r = pair.guest().sendInBand(payload(1000, sent), 0, 1000, false, sent)).isSent()) {
            sent++;
        }
        assertEquals(SendResult.Status.RING_FULL, r.status());
        assertTrue(sent * 1024 <= dataBytes && (sent + 1) * 1024 + 8 > dataBytes - 8, "sent=" + sent);
        final CompletableFuture<Void> space = pair.guest().awaitSpace(r.bytesNeeded());
        assertFalse(space.isDone());
        scheduler.runUntilIdle();
        assertTrue(space.isDone(), "the host's read crossed pending_send_sz and signalled");
        assertEquals(sent, hostGot.size());
        assertTrue(pair.guest().sendInBand(payload(1000, 0), 0, 1000, false, 99).isSent());
        assertEquals(1, pair.host().statistics().signalsSent(), "one pending_send_sz wake-up");
    }

    @Test
    void rescindFailsSendsAndWaitersOnceAndIgnoresInterrupts() {
        open(4);
        hostAnswers = false;
        final List<ChannelState> seen = new ArrayList<>();
        pair.guest().addListener((end, state, cause) -> seen.add(state));
        int sends = 0;
        while (pair.guest().sendInBand(payload(1000, 0), 0, 1000, false, 1).isSent()) {
            assertTrue(++sends < 100, "the ring fills without a reader");
        }
        final CompletableFuture<Void> space = pair.guest().awaitSpace(1024);
        pair.guest().rescind();
        pair.guest().rescind();
        assertEquals(List.of(ChannelState.RESCINDED), seen);
        final ExecutionException e = assertThrows(ExecutionException.class, space::get);
        assertEquals(Errno.ENODEV, ((ErrnoException) e.getCause()).errno());
        final SendResult after = pair.guest().sendInBand(payload(8, 0), 0, 8, true, 1);
        assertEquals(SendResult.Status.GONE, after.status());
        assertEquals(Errno.ENODEV, after.errno());
        pair.host().sendInBand(payload(8, 0), 0, 8, false, 1);
        scheduler.runUntilIdle();
        assertTrue(guestGot.isEmpty(), "a rescinded channel ignores interrupts");
        assertFalse(space.isCancelled());
    }

    @Test
    void aCorruptIndexFromThePeerFaultsOnlyThatChannel() {
        open(4);
        final List<Throwable> causes = new ArrayList<>();
        pair.host().addListener((end, state, cause) -> causes.add(cause));
        // The "guest" publishes a write_index that is not a multiple of 8.
        pair.rings().guestToHost().putIntRelease(RingControlLayout.WRITE_INDEX_OFFSET, 12);
        pair.host().onPeerSignal();
        scheduler.runUntilIdle();
        assertEquals(ChannelState.FAULTED, pair.host().state());
        assertEquals(1, causes.size());
        assertEquals(SendResult.Status.FAULTED, pair.host().sendCompletion(1, null, 0, 0).status());
        assertEquals(ChannelState.OPEN, pair.guest().state());
        assertNull(pair.host().requestor());
    }

    @Test
    void hostRefusesAGpadlThatIsNotRingsInGuestRam() {
        final long[] outside = {memory.endPfn(), memory.endPfn() + 1, memory.endPfn() + 2, memory.endPfn() + 3};
        assertThrows(RingSetupException.class, () -> RingPair.attach(memory, outside, 2));
        final long b = memory.basePfn();
        assertThrows(RingSetupException.class, () -> RingPair.attach(memory, new long[] {b, b + 1, b + 5, b + 6}, 2));
        assertThrows(RingSetupException.class, () -> RingPair.attach(memory, new long[] {b, b + 1, b + 2, b + 3}, 1));
        assertThrows(RingSetupException.class, () -> RingPair.attach(memory, new long[] {b, b + 1, b + 2}, 1));
        assertThrows(RingSetupException.class, () -> RingPair.allocate(memory, 4096, 8192));
        assertThrows(RingSetupException.class, () -> RingPair.allocate(memory, 8192, 10000));
        assertEquals(256, memory.freePageCount());
    }
}
