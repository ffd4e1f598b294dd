package org.vmbussim.core.ring;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.vmbussim.wire.LittleEndian;

/**
 * A writer thread and a reader thread over one ring, each waiting (with a timeout) only for the
 * signals the rings say to send: the writer's {@code signalPeer} wakes the reader, the reader's
 * {@code close()} wakes a writer that registered {@code pending_send_sz}. Packet {@code n} has a
 * seeded random size and content derived from {@code n}, so the reader can check every byte.
 */
final class TwoThreadRun {
    private static final long WAIT_MILLIS = 10_000;

    private final Semaphore readerWake = new Semaphore(0);
    private final Semaphore writerWake = new Semaphore(0);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final OutgoingRing writer;
    private final IncomingRing reader;
    private final long seed;
    private final int packets;
    private final int maxPayload;
    private final boolean batched;
    private final Thread writerThread;
    private final Thread readerThread;
    private volatile int received;
    private volatile long publishingCloses;
    private volatile long spaceRequests;
    private volatile long commits;

    /** With {@code batched}, the writer sends through {@link OutgoingRing.Batch}es of 1–8 packets. */
    TwoThreadRun(final TestRing ring, final long seed, final int packets, final boolean batched) {
        this.batched = batched;
        this.writer = new OutgoingRing(ring.memory());
        this.reader = new IncomingRing(ring.memory());
        this.seed = seed;
        this.packets = packets;
        this.maxPayload = Math.min(3000, ring.dataLength() / 2);
        this.writerThread = new Thread(guarded(this::write), "ring-writer-" + seed);
        this.readerThread = new Thread(guarded(this::read), "ring-reader-" + seed);
    }

    private Runnable guarded(final Runnable body) {
        return () -> {
            try {
                body.run();
            } catch (final Throwable t) { // NOPMD: reported to the test thread
                failure.compareAndSet(null, t);
                readerWake.release();
                writerWake.release();
            }
        };
    }

    void runWithin(final long millis) throws InterruptedException {
        writerThread.start();
        readerThread.start();
        writerThread.join(millis);
        readerThread.join(Math.max(1, millis / 2));
        if (writerThread.isAlive() || readerThread.isAlive()) {
            failure.compareAndSet(null, new AssertionError("run did not finish in " + millis + " ms"));
            writerThread.interrupt();
            readerThread.interrupt();
            writerThread.join(WAIT_MILLIS);
            readerThread.join(WAIT_MILLIS);
        }
    }

    private byte[] packet(final int n) {
        final int payloadLength = new Random(seed * 31 + n).nextInt(maxPayload);
        return Packets.inBand(Packets.payload(seed ^ n, payloadLength), 0, 0);
    }

    private void write() {
        if (batched) {
            writeBatched();
            return;
        }
        for (int n = 0; n < packets && failure.get() == null; n++) {
            final byte[] packet = packet(n);
            while (true) {
                final WriteResult r = writer.write(packet, 0, packet.length, n, null);
                if (r instanceof WriteResult.Written) {
                    if (((WriteResult.Written) r).signalPeer()) {
                        readerWake.release();
                    }
                    break;
                }
                final SpaceRequest request = writer.requestSpace(((WriteResult.Full) r).bytesNeeded());
                spaceRequests++;
                if (request == SpaceRequest.REGISTERED) {
                    await(writerWake, "writer waiting for space at packet " + n);
                } else if (request == SpaceRequest.UNSUPPORTED) {
                    throw new AssertionError("the ring was initialised with FEAT_PENDING_SEND_SZ");
                }
            }
        }
    }

    private void writeBatched() {
        final Random sizes = new Random(seed ^ 0xBA7C4L);
        int n = 0;
        while (n < packets && failure.get() == null) {
            final int want = 1 + sizes.nextInt(8);
            final OutgoingRing.Batch batch = writer.beginBatch();
            int needed = 0;
            while (batch.packets() < want && n < packets) {
                final byte[] packet = packet(n);
                final WriteResult r = batch.write(packet, 0, packet.length, n, null);
                if (r instanceof WriteResult.Full) {
                    needed = ((WriteResult.Full) r).bytesNeeded();
                    break;
                }
                n++;
            }
            final boolean wroteAny = batch.packets() > 0;
            if (batch.commit()) {
                readerWake.release();
            }
            commits++;
            if (needed != 0 && !wroteAny) {
                spaceRequests++;
                if (writer.requestSpace(needed) == SpaceRequest.REGISTERED) {
                    await(writerWake, "batching writer waiting for space at packet " + n);
                }
            }
        }
    }

    private void read() {
        final Random random = new Random(seed);
        final byte[] buffer = new byte[4096];
        while (received < packets && failure.get() == null) {
            final boolean batched = random.nextBoolean();
            if (batched) {
                reader.maskInterrupts();
            }
            reader.begin();
            final int before = received;
            try {
                for (ReadResult r = reader.next(buffer); r instanceof ReadResult.Packet; r = reader.next(buffer)) {
                    check((ReadResult.Packet) r, received);
                    received++;
                }
            } finally {
                if (reader.close()) {
                    writerWake.release();
                }
            }
            if (received != before) {
                publishingCloses++;
            }
            if (reader.unmaskAndCheck() || received == packets) {
                continue;
            }
            await(readerWake, "reader waiting for data after packet " + received);
        }
    }

    private void check(final ReadResult.Packet p, final int n) {
        if (p.ringIndex() % 8 != 0) {
            throw new AssertionError("packet " + n + " at unaligned index " + p.ringIndex());
        }
        final byte[] expected = packet(n);
        final byte[] copy = Arrays.copyOf(p.buffer(), expected.length);
        LittleEndian.putLong(expected, 8, n);
        if (!Arrays.equals(expected, copy) || p.transactionId() != n) {
            throw new AssertionError("packet " + n + " differs: " + p);
        }
    }

    private static void await(final Semaphore semaphore, final String what) {
        try {
            if (!semaphore.tryAcquire(WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                throw new AssertionError("lost wake-up: " + what + " for " + WAIT_MILLIS + " ms");
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + what, e);
        }
    }

    Throwable failure() {
        return failure.get();
    }

    int packets() {
        return packets;
    }

    int received() {
        return received;
    }

    long publishingCloses() {
        return publishingCloses;
    }

    long commits() {
        return commits;
    }

    long spaceRequests() {
        return spaceRequests;
    }

    OutgoingRing writer() {
        return writer;
    }

    IncomingRing reader() {
        return reader;
    }

    boolean anyThreadAlive() {
        return writerThread.isAlive() || readerThread.isAlive();
    }
}
