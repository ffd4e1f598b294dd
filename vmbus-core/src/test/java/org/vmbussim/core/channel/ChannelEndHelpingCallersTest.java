package org.vmbussim.core.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.Test;
import org.vmbussim.core.memory.GuestMemory;
import org.vmbussim.core.packet.Packet;
import org.vmbussim.core.packet.PacketParser;
import org.vmbussim.core.sched.ThreadedScheduler;

/**
 * Callers that wait in {@link ThreadedScheduler#await} run the channel's drains themselves: each side's handler
 * must still run one packet at a time (never on two threads at once), and every request complete once.
 */
class ChannelEndHelpingCallersTest {
    private static final int CALLERS = 4;
    private static final int PER_CALLER = 3_000;

    @Test
    void eachSidesHandlerStillRunsOneAtATimeWhileWaitingCallersHelp() throws Exception {
        final GuestMemory memory = GuestMemory.builder().pageCount(64).build();
        final AtomicReferenceArray<CompletableFuture<Long>> pending = new AtomicReferenceArray<>(CALLERS);
        final AtomicInteger guestInside = new AtomicInteger();
        final AtomicInteger hostInside = new AtomicInteger();
        final AtomicLong overlaps = new AtomicLong();
        try (ThreadedScheduler scheduler = new ThreadedScheduler("help-test", 2)) {
            final ChannelPair pair = ChannelPair.open("helping", memory, scheduler, 2 * 4096, 8,
                    (end, packet, info) -> {
                        if (guestInside.incrementAndGet() != 1) {
                            overlaps.incrementAndGet();
                        }
                        try {
                            final Packet p = PacketParser.parse(packet, 0, info.length());
                            final long cookie = end.requestor().lookupAndRelease(p.transactionId());
                            pending.get((int) cookie).complete(packet.getLongLE(info.dataOffset()));
                        } finally {
                            guestInside.decrementAndGet();
                        }
                    },
                    (end, packet, info) -> {
                        if (hostInside.incrementAndGet() != 1) {
                            overlaps.incrementAndGet();
                        }
                        try {
                            final Packet p = PacketParser.parse(packet, 0, info.length());
                            final ByteBuf echo = Unpooled.buffer(8).writeLongLE(packet.getLongLE(info.dataOffset()));
                            if (!end.sendCompletion(p.transactionId(), echo, 0, 8).isSent()) {
                                throw new AssertionError("host ring full with at most " + CALLERS + " requests");
                            }
                        } finally {
                            hostInside.decrementAndGet();
                        }
                    });
            final Thread[] callers = new Thread[CALLERS];
            final AtomicLong failures = new AtomicLong();
            for (int t = 0; t < CALLERS; t++) {
                final int slot = t;
                callers[t] = new Thread(() -> {
                    try {
                        for (int i = 0; i < PER_CALLER; i++) {
                            final CompletableFuture<Long> reply = new CompletableFuture<>();
                            pending.set(slot, reply);
                            final long value = (long) slot << 32 | i;
                            final ByteBuf body = Unpooled.buffer(8).writeLongLE(value);
                            SendResult r;
                            while (!(r = pair.guest().sendInBand(body, 0, 8, true, slot)).isSent()) {
                                pair.guest().awaitSpace(Math.max(r.bytesNeeded(), 64)).get(5, TimeUnit.SECONDS);
                            }
                            if (scheduler.await(reply, 10, TimeUnit.SECONDS) != value) {
                                failures.incrementAndGet();
                            }
                        }
                    } catch (final Exception e) {
                        failures.incrementAndGet();
                        throw new IllegalStateException(e);
                    }
                }, "caller-" + t);
                callers[t].start();
            }
            for (final Thread c : callers) {
                c.join(TimeUnit.SECONDS.toMillis(60));
                assertTrue(!c.isAlive(), c.getName() + " finished");
            }
            assertEquals(0, failures.get(), "every caller got its own reply");
            assertEquals(0, overlaps.get(), "a handler ran on two threads at once");
            assertEquals(0, pair.guest().requestor().inUse());
            pair.close();
            assertTrue(scheduler.shutdown(5, TimeUnit.SECONDS));
            assertEquals(0, scheduler.uncaughtErrorCount());
        }
        assertEquals(64, memory.freePageCount());
    }
}
