package org.vmbussim.core.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publication order (catalogue R4 b) with teeth: the real {@link OutgoingRing} and {@link IncomingRing}
 * run over {@link WeakMemoryRing}, which delays and reorders plain stores and serves plain loads from a
 * stale cache, and never deliver a torn packet; the same rings through a wrapper that downgrades the
 * writer's {@code write_index} release store to a plain store (or the reader's acquire load to a plain
 * load) do deliver one. The mutants are the proof that the first test could fail.
 */
class WeakMemoryOrderTest {
    private static final Logger LOG = LoggerFactory.getLogger(WeakMemoryOrderTest.class);
    private static final int RING_LENGTH = RingControlLayout.HEADER_LENGTH + 2 * 4096;
    private static final int SEEDS = 60;
    private static final int STEPS = 1_500;
    private static final int DRAIN_PERCENT = 30;

    /** What one seeded run saw. */
    private record Run(long seed, int delivered, int written, int readsWithQueuedStores, String firstViolation) {
    }

    private static Run run(final long seed, final UnaryOperator<RingMemory> writerSide,
            final UnaryOperator<RingMemory> readerSide) {
        final WeakMemoryRing model = new WeakMemoryRing(RING_LENGTH, seed, DRAIN_PERCENT);
        final WeakMemoryRing.View writerView = model.view();
        final WeakMemoryRing.View readerView = model.view();
        RingHeader.initialise(writerView);
        final Random random = new Random(seed ^ 0x9E3779B97F4A7C15L);
        final int start = random.nextInt(writerView.dataLength() / 8) * 8;
        writerView.putIntVolatile(RingControlLayout.WRITE_INDEX_OFFSET, start);
        writerView.putIntVolatile(RingControlLayout.READ_INDEX_OFFSET, start);
        final OutgoingRing out = new OutgoingRing(writerSide.apply(writerView));
        final Reader reader = new Reader(new IncomingRing(readerSide.apply(readerView)), model, random);
        // The reader also runs in the middle of a write, between two of the writer's memory operations.
        model.interleave(writerView, reader::readSome, 10);
        long nextToWrite = 0;
        for (int step = 0; step < STEPS && reader.violation == null; step++) {
            if (random.nextBoolean()) {
                final byte[] packet = Packets.inBand(payloadOf(nextToWrite), 0, 0);
                if (out.write(packet, 0, packet.length, nextToWrite, null) instanceof WriteResult.Written) {
                    nextToWrite++;
                }
            } else {
                reader.readSome();
            }
        }
        return new Run(seed, (int) reader.nextToRead, (int) nextToWrite, reader.readsWithQueuedStores,
                reader.violation);
    }

    /** The reading end: batches of up to four packets, each checked against what was written. */
    private static final class Reader {
        private final IncomingRing in;
        private final WeakMemoryRing model;
        private final Random random;
        private final byte[] buffer = new byte[8192];
        private long nextToRead;
        private int readsWithQueuedStores;
        private String violation;

        Reader(final IncomingRing in, final WeakMemoryRing model, final Random random) {
            this.in = in;
            this.model = model;
            this.random = random;
        }

        void readSome() {
            if (violation != null) {
                return;
            }
            if (model.queuedStores() > 0) {
                readsWithQueuedStores++;
            }
            try {
                in.begin();
                for (int n = random.nextInt(4); n >= 0 && violation == null; n--) {
                    final ReadResult result = in.next(buffer);
                    if (!(result instanceof ReadResult.Packet packet)) {
                        break;
                    }
                    violation = check(packet, nextToRead);
                    nextToRead++;
                }
                in.close();
            } catch (final RingCorruptedException e) {
                violation = "packet " + nextToRead + " read as a corrupt ring: " + e.getMessage();
            }
        }
    }

    /** Packet n carries its number in its trans_id and a payload derived from it, 0 to 299 bytes. */
    private static byte[] payloadOf(final long n) {
        return Packets.payload(n, (int) (n * 7919 % 300));
    }

    private static String check(final ReadResult.Packet packet, final long expected) {
        if (packet.transactionId() != expected) {
            return "packet " + expected + " read with trans_id " + packet.transactionId();
        }
        final byte[] want = payloadOf(expected);
        final int paddedLength = OutgoingRing.length8(RingControlLayout.MIN_PACKET_LENGTH + want.length) * 8;
        if (packet.wireLength() != paddedLength) {
            return "packet " + expected + " read with length " + packet.wireLength() + ", written " + paddedLength;
        }
        final byte[] got = Arrays.copyOfRange(packet.buffer(), RingControlLayout.MIN_PACKET_LENGTH,
                RingControlLayout.MIN_PACKET_LENGTH + want.length);
        return Arrays.equals(want, got) ? null : "packet " + expected + " torn: payload differs from what was written";
    }

    private static UnaryOperator<RingMemory> unchanged() {
        return UnaryOperator.identity();
    }

    /** The mutant writer: write_index stored plainly, so it may become visible before the packet. */
    private static RingMemory plainWriteIndexStore(final RingMemory memory) {
        final WeakMemoryRing.View view = (WeakMemoryRing.View) memory;
        return new ForwardingRingMemory(memory) {
            @Override
            public void putIntRelease(final int headerOffset, final int value) {
                if (headerOffset == RingControlLayout.WRITE_INDEX_OFFSET) {
                    view.putIntPlain(headerOffset, value);
                } else {
                    super.putIntRelease(headerOffset, value);
                }
            }
        };
    }

    /** The mutant reader: write_index loaded plainly, so the payload loads may see older bytes (L8). */
    private static RingMemory plainWriteIndexLoad(final RingMemory memory) {
        final WeakMemoryRing.View view = (WeakMemoryRing.View) memory;
        return new ForwardingRingMemory(memory) {
            @Override
            public int getIntAcquire(final int headerOffset) {
                return headerOffset == RingControlLayout.WRITE_INDEX_OFFSET
                        ? view.getIntPlain(headerOffset) : super.getIntAcquire(headerOffset);
            }
        };
    }

    @Test
    void theRealRingsNeverDeliverATornPacketUnderReorderedStoresAndStaleLoads() {
        long delivered = 0;
        long delayedReads = 0;
        for (long seed = 1; seed <= SEEDS; seed++) {
            final Run run = run(seed, unchanged(), unchanged());
            assertEquals(null, run.firstViolation(), "seed " + seed);
            assertTrue(run.written() - run.delivered() < 64, "seed " + seed + ": the reader kept up");
            delivered += run.delivered();
            delayedReads += run.readsWithQueuedStores();
        }
        assertTrue(delivered > SEEDS * 200L, "packets delivered: " + delivered);
        assertTrue(delayedReads > SEEDS * 100L, "reads made while stores were still queued: " + delayedReads);
    }

    @Test
    void aPlainWriteIndexStoreDeliversATornPacket() {
        assertMutantCaught(WeakMemoryOrderTest::plainWriteIndexStore, unchanged(), "plain write_index store");
    }

    @Test
    void aPlainWriteIndexLoadDeliversATornPacket() {
        assertMutantCaught(unchanged(), WeakMemoryOrderTest::plainWriteIndexLoad, "plain write_index load");
    }

    private static void assertMutantCaught(final UnaryOperator<RingMemory> writerSide,
            final UnaryOperator<RingMemory> readerSide, final String mutant) {
        int caught = 0;
        int delivered = 0;
        String example = null;
        for (long seed = 1; seed <= SEEDS; seed++) {
            final Run run = run(seed, writerSide, readerSide);
            if (run.firstViolation() != null) {
                caught++;
                // A stale descriptor is caught by the reader's checks (a corrupt ring); a stale payload is not.
                if (!run.firstViolation().contains("corrupt ring")) {
                    delivered++;
                    example = example == null ? "seed " + seed + " " + run.firstViolation() : example;
                }
            }
        }
        // The point is that the ordering test has teeth: most seeds must expose the mutant, and some of them
        // by a packet the reader accepted and handed over with bytes the writer never wrote there.
        assertTrue(caught > SEEDS / 2, mutant + ": caught by " + caught + " of " + SEEDS + " seeds");
        assertTrue(delivered > 0, mutant + ": no seed delivered a torn packet (only corrupt rings)");
        LOG.info("{}: {} of {} seeds fail, {} by delivering a torn packet, e.g. {}", mutant, caught, SEEDS,
                delivered, example);
    }
}
