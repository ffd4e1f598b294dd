package org.vmbussim.core.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.vmbussim.core.memory.GuestMemory;
import org.vmbussim.core.packet.Packet;
import org.vmbussim.core.packet.PacketParser;
import org.vmbussim.core.packet.PacketType;
import org.vmbussim.core.sched.ThreadedScheduler;

/** Two sender threads, a threaded scheduler, small rings and a small requestor: everything completes once. */
class ChannelEndThreadedTest {
    private static final int PER_THREAD = 20_000;

    @Test
    void everyRequestCompletesExactlyOnceUnderRingAndRequestorPressure() throws Exception {
        final GuestMemory memory = GuestMemory.builder().pageCount(64).build();
        final AtomicLong completions = new AtomicLong();
        final AtomicLong checksum = new AtomicLong();
        final AtomicLong unknownIds = new AtomicLong();
        try (ThreadedScheduler scheduler = new ThreadedScheduler("chan-test", 2)) {
            final ChannelPair pair = ChannelPair.open("stress", memory, scheduler, 2 * 4096, 8,
                    (end, packet, info) -> {
                        final Packet p = PacketParser.parse(packet, 0, info.length());
                        final long cookie = end.requestor().lookupAndRelease(p.transactionId());
                        if (p.type() != PacketType.COMPLETION || cookie < 0) {
                            unknownIds.incrementAndGet();
                            return;
                        }
                        checksum.addAndGet(cookie ^ packet.getLongLE(info.dataOffset()));
                        completions.incrementAndGet();
                    },
                    (end, packet, info) -> {
                        final Packet p = PacketParser.parse(packet, 0, info.length());
                        final ByteBuf echo = Unpooled.buffer(8).writeLongLE(packet.getLongLE(info.dataOffset()));
                        while (!end.sendCompletion(p.transactionId(), echo, 0, 8).isSent()) {
                            end.awaitSpace(64).orTimeout(5, TimeUnit.SECONDS).join();
                        }
                    });
            final Thread[] senders = new Thread[2];
            for (int t = 0; t < senders.length; t++) {
                final int base = t * PER_THREAD;
                senders[t] = new Thread(() -> {
                    for (int i = 0; i < PER_THREAD; i++) {
                        final long cookie = base + i;
                        final ByteBuf body = Unpooled.buffer(8).writeLongLE(cookie * 31);
                        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                        SendResult r;
                        while (!(r = pair.guest().sendInBand(body, 0, 8, true, cookie)).isSent()) {
                            assertTrue(System.nanoTime() < deadline, "stuck: " + r);
                            if (r.status() == SendResult.Status.RING_FULL) {
                                pair.guest().awaitSpace(r.bytesNeeded()).orTimeout(5, TimeUnit.SECONDS).join();
                            } else {
                                Thread.onSpinWait();
                            }
                        }
                    }
                }, "sender-" + t);
                senders[t].start();
            }
            for (final Thread s : senders) {
                s.join(TimeUnit.SECONDS.toMillis(60));
                assertTrue(!s.isAlive(), s.getName() + " finished");
            }
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (completions.get() < 2L * PER_THREAD && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertEquals(2L * PER_THREAD, completions.get());
            assertEquals(0, unknownIds.get());
            long expected = 0;
            for (long c = 0; c < 2L * PER_THREAD; c++) {
                expected += c ^ (c * 31);
            }
            assertEquals(expected, checksum.get(), "every payload came back with its own request");
            assertEquals(0, pair.guest().requestor().inUse());
            pair.close();
            assertTrue(scheduler.shutdown(5, TimeUnit.SECONDS));
            assertEquals(0, scheduler.uncaughtErrorCount());
        }
        assertEquals(64, memory.freePageCount());
    }
}
