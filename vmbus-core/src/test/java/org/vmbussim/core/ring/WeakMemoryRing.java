package org.vmbussim.core.ring;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A seeded, single-threaded model of weak shared memory for the two ends of one ring (a test double;
 * jcstress is not available here). The ring's bytes live in one committed array; each end gets a
 * {@link View} ({@link RingMemory}) with its own
 * <ul>
 *   <li><b>store buffer</b>: plain stores ({@link RingMemory#copyIn}, {@link RingMemory#putLong}) and
 *       release stores are queued, in 8-byte pieces, and drain to the committed array later, at random
 *       moments and in random order, except that a release store drains only after every store queued
 *       before it, and nothing queued after a release store overtakes it (release = "earlier stores
 *       first"); stores to overlapping bytes keep their order (coherence). A full fence and a volatile
 *       store drain the whole buffer. An end always sees its own queued stores (store forwarding);</li>
 *   <li><b>load cache</b>: plain loads ({@link RingMemory#copyOut}, {@link RingMemory#getLong}) are
 *       served from a snapshot of the committed array, refreshed at random moments and at every acquire
 *       or volatile load and full fence (acquire = "later loads see at least what the acquired value
 *       published"). A plain load may therefore return an older value than an earlier load of another
 *       word did: load-load reordering.</li>
 * </ul>
 * Before every operation of either end the model may drain some queued stores of both ends and refresh
 * their caches ({@link #step()}), driven by one seeded {@link Random}: a run replays from its seed.
 *
 * <p>The model is stronger than real hardware in places (control words never tear; an acquire load
 * refreshes the whole cache), which only makes it harder for a correct ring to fail. It has the two
 * reorderings that matter for publication order: a writer's payload becoming visible after its index,
 * and a reader's payload loads being satisfied before its index load.
 */
final class WeakMemoryRing {
    private static final int PIECE = Long.BYTES;

    private final byte[] committed;
    private final int dataLength;
    private final Random random;
    private final int drainPercent;
    private final List<View> views = new ArrayList<>();
    private View interrupted;
    private Runnable otherSide;
    private int interleavePercent;
    private boolean interleaving;

    /**
     * @param ringLength   bytes, header page included
     * @param seed         the seed of every reordering decision
     * @param drainPercent chance, per end and operation, that queued stores drain (lower = more delay)
     */
    WeakMemoryRing(final int ringLength, final long seed, final int drainPercent) {
        this.dataLength = RingControlLayout.checkRingLength(ringLength);
        this.committed = new byte[ringLength];
        this.random = new Random(seed);
        this.drainPercent = drainPercent;
    }

    /** A new end of the ring, with an empty store buffer and a fresh cache. */
    View view() {
        final View view = new View();
        views.add(view);
        return view;
    }

    /**
     * Lets the other end run between two memory operations of {@code view}: before each of its operations,
     * with the given chance, {@code otherSide} runs to completion (one thread playing both ends, as the
     * hardware could interleave them). The other end's own operations are never interrupted.
     */
    void interleave(final View view, final Runnable other, final int percent) {
        this.interrupted = view;
        this.otherSide = other;
        this.interleavePercent = percent;
    }

    private void step(final View caller) {
        step();
        if (caller == interrupted && !interleaving && random.nextInt(100) < interleavePercent) {
            interleaving = true;
            try {
                otherSide.run();
            } finally {
                interleaving = false;
            }
        }
    }

    /** Lets time pass: each end's buffer may drain some stores and its cache may refresh. */
    void step() {
        for (final View view : views) {
            if (random.nextInt(100) < drainPercent) {
                view.drainSome(1 + random.nextInt(4));
            }
            if (random.nextInt(100) < drainPercent) {
                view.refresh();
            }
        }
    }

    /** Stores queued in all ends' buffers, not yet visible to the other end. */
    int queuedStores() {
        int n = 0;
        for (final View view : views) {
            n += view.buffer.size();
        }
        return n;
    }

    private static int readIntLe(final byte[] bytes, final int at) {
        return (bytes[at] & 0xFF) | (bytes[at + 1] & 0xFF) << 8 | (bytes[at + 2] & 0xFF) << 16
                | (bytes[at + 3] & 0xFF) << 24;
    }

    private static byte[] intLe(final int value) {
        return new byte[] {(byte) value, (byte) (value >>> 8), (byte) (value >>> 16), (byte) (value >>> 24)};
    }

    /** One queued store: bytes at an absolute ring offset. */
    private record Store(int ringOffset, byte[] bytes, boolean release) {
        boolean overlaps(final Store other) {
            return ringOffset < other.ringOffset + other.bytes.length && other.ringOffset < ringOffset + bytes.length;
        }
    }

    /** One end's view of the ring. */
    final class View implements RingMemory {
        private final List<Store> buffer = new ArrayList<>();
        private final byte[] cache = committed.clone();

        /** A plain (unordered) store of a control word: the mutation of a release store. */
        void putIntPlain(final int headerOffset, final int value) {
            step(this);
            RingBounds.checkControlWord(headerOffset);
            buffer.add(new Store(headerOffset, intLe(value), false));
        }

        /** A plain load of a control word: the committed value, no cache refresh (the mutation of an acquire). */
        int getIntPlain(final int headerOffset) {
            step(this);
            RingBounds.checkControlWord(headerOffset);
            return loadInt(headerOffset);
        }

        void drainSome(final int count) {
            for (int n = 0; n < count && !buffer.isEmpty(); n++) {
                final int i = random.nextInt(buffer.size());
                if (mayDrain(i)) {
                    commit(buffer.remove(i));
                }
            }
        }

        void drainAll() {
            while (!buffer.isEmpty()) {
                commit(buffer.remove(0));
            }
        }

        void refresh() {
            System.arraycopy(committed, 0, cache, 0, committed.length);
        }

        private boolean mayDrain(final int index) {
            final Store store = buffer.get(index);
            for (int j = 0; j < index; j++) {
                final Store earlier = buffer.get(j);
                if (earlier.release() || store.release() || earlier.overlaps(store)) {
                    return false;
                }
            }
            return true;
        }

        private void commit(final Store store) {
            System.arraycopy(store.bytes(), 0, committed, store.ringOffset(), store.bytes().length);
            System.arraycopy(store.bytes(), 0, cache, store.ringOffset(), store.bytes().length);
        }

        /** A byte as this end sees it: its own latest queued store, else the cache. */
        private byte loadCached(final int ringOffset) {
            for (int j = buffer.size() - 1; j >= 0; j--) {
                final Store s = buffer.get(j);
                if (ringOffset >= s.ringOffset() && ringOffset < s.ringOffset() + s.bytes().length) {
                    return s.bytes()[ringOffset - s.ringOffset()];
                }
            }
            return cache[ringOffset];
        }

        /** A control word: own queued store, else the committed value (control words never tear here). */
        private int loadInt(final int headerOffset) {
            for (int j = buffer.size() - 1; j >= 0; j--) {
                final Store s = buffer.get(j);
                if (s.ringOffset() == headerOffset) {
                    return readIntLe(s.bytes(), 0);
                }
            }
            return readIntLe(committed, headerOffset);
        }

        private void queueData(final int dataIndex, final byte[] bytes) {
            // Split at 8-byte boundaries of the data area and at its end, so parts of one copy drain apart.
            int done = 0;
            while (done < bytes.length) {
                final int index = (dataIndex + done) % dataLength;
                final int piece = Math.min(bytes.length - done, Math.min(PIECE - index % PIECE, dataLength - index));
                buffer.add(new Store(RingControlLayout.DATA_OFFSET + index,
                        Arrays.copyOfRange(bytes, done, done + piece), false));
                done += piece;
            }
        }

        @Override
        public int dataLength() {
            return dataLength;
        }

        @Override
        public int getIntAcquire(final int headerOffset) {
            step(this);
            RingBounds.checkControlWord(headerOffset);
            final int value = loadInt(headerOffset);
            refresh();
            return value;
        }

        @Override
        public void putIntRelease(final int headerOffset, final int value) {
            step(this);
            RingBounds.checkControlWord(headerOffset);
            buffer.add(new Store(headerOffset, intLe(value), true));
        }

        @Override
        public int getIntVolatile(final int headerOffset) {
            return getIntAcquire(headerOffset);
        }

        @Override
        public void putIntVolatile(final int headerOffset, final int value) {
            step(this);
            RingBounds.checkControlWord(headerOffset);
            drainAll();
            commit(new Store(headerOffset, intLe(value), false));
        }

        @Override
        public void fullFence() {
            step(this);
            drainAll();
            refresh();
        }

        @Override
        public void copyIn(final int dataIndex, final byte[] src, final int srcOffset, final int length) {
            step(this);
            RingBounds.checkDataCopy(dataIndex, length, dataLength);
            queueData(dataIndex, Arrays.copyOfRange(src, srcOffset, srcOffset + length));
        }

        @Override
        public void copyIn(final int dataIndex, final ByteBuf src, final int srcIndex, final int length) {
            step(this);
            RingBounds.checkDataCopy(dataIndex, length, dataLength);
            final byte[] bytes = new byte[length];
            src.getBytes(srcIndex, bytes);
            queueData(dataIndex, bytes);
        }

        @Override
        public void copyOut(final int dataIndex, final byte[] dst, final int dstOffset, final int length) {
            step(this);
            RingBounds.checkDataCopy(dataIndex, length, dataLength);
            for (int i = 0; i < length; i++) {
                dst[dstOffset + i] = loadCached(RingControlLayout.DATA_OFFSET + (dataIndex + i) % dataLength);
            }
        }

        @Override
        public void putLong(final int dataIndex, final long value) {
            step(this);
            RingBounds.checkDataLong(dataIndex, dataLength);
            final byte[] bytes = new byte[Long.BYTES];
            for (int i = 0; i < Long.BYTES; i++) {
                bytes[i] = (byte) (value >>> (Byte.SIZE * i));
            }
            queueData(dataIndex, bytes);
        }

        @Override
        public long getLong(final int dataIndex) {
            step(this);
            RingBounds.checkDataLong(dataIndex, dataLength);
            long value = 0;
            for (int i = Long.BYTES - 1; i >= 0; i--) {
                value = value << Byte.SIZE | (loadCached(RingControlLayout.DATA_OFFSET + dataIndex + i) & 0xFF);
            }
            return value;
        }
    }
}
