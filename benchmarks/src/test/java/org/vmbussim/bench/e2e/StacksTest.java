package org.vmbussim.bench.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.vmbussim.azblob.vsp.store.StorageEngine;

/** The two ways into one store that every end-to-end benchmark drives, checked for what they return. */
class StacksTest {
    private static final int SIZE = 64 * 1024;

    @Test
    void fastPathAndHttpServeTheSameStoreBothWays() {
        try (StorageEngine store = StoreSetup.newStore();
             FastPathStack fast = FastPathStack.start(store, FastPathStack.Scheduling.THREADED, 2, 2, SIZE);
             HttpStack http = HttpStack.start(store)) {
            StoreSetup.preload(store, new int[] {4096, SIZE}, 2);
            for (final BlobTarget t : List.of(fast.channel(0), fast.channel(1), http)) {
                StoreSetup.verify(t, 4096);
                StoreSetup.verify(t, SIZE);
            }
            final long sentBefore = fast.requestsSubmitted();
            final byte[] written = new byte[SIZE];
            Arrays.fill(written, (byte) 0x5a);
            final String blob = BlobWorkload.writeBlob(SIZE, 1);
            fast.channel(1).put(blob, written, BlobTarget.RetryListener.IGNORE);
            final ByteBuffer into = ByteBuffer.allocate(SIZE);
            assertEquals(SIZE, http.get(blob, into, BlobTarget.RetryListener.IGNORE));
            assertArrayEquals(written, into.array(), "a fast-path PUT is what HTTP reads back");
            written[0] = 1;
            http.put(blob, written, BlobTarget.RetryListener.IGNORE);
            assertEquals(SIZE, fast.channel(0).get(blob, into, BlobTarget.RetryListener.IGNORE));
            assertArrayEquals(written, into.array(), "an HTTP PUT is what the fast path reads back");
            assertEquals(2, fast.requestsSubmitted() - sentBefore, "each fast-path call is one request on a ring");
            assertEquals(2, fast.channelCount());
            assertEquals(0, http.retries());
        }
        assertEquals(List.of(), leftThreads());
    }

    @Test
    void pumpModeRunsTheWholePathOnTheCallingThread() {
        try (StorageEngine store = StoreSetup.newStore();
             FastPathStack fast = FastPathStack.start(store, FastPathStack.Scheduling.PUMP, 1, 1, SIZE)) {
            StoreSetup.preload(store, new int[] {4096}, 1);
            assertEquals(List.of(), Thread.getAllStackTraces().keySet().stream()
                    .map(Thread::getName).filter(n -> n.startsWith("bench-vmbus")).toList());
            StoreSetup.verify(fast.channel(0), 4096);
            fast.channel(0).put(BlobWorkload.writeBlob(4096, 0), BlobWorkload.payload(4096),
                    BlobTarget.RetryListener.IGNORE);
            assertEquals(2, fast.requestsSubmitted());
        }
    }

    @Test
    void verifyRefusesATargetThatReturnsOtherBytes() {
        final BlobTarget wrong = new BlobTarget() {
            @Override
            public int get(final String blob, final ByteBuffer into, final RetryListener onRetry) {
                into.clear();
                into.put(new byte[into.remaining()]);
                return into.capacity();
            }

            @Override
            public void put(final String blob, final byte[] data, final RetryListener onRetry) {
                throw new UnsupportedOperationException();
            }
        };
        assertThrows(IllegalStateException.class, () -> StoreSetup.verify(wrong, 4096));
    }

    @Test
    void refusesImpossibleStacks() {
        try (StorageEngine store = StoreSetup.newStore()) {
            assertThrows(IllegalArgumentException.class,
                    () -> FastPathStack.start(store, FastPathStack.Scheduling.THREADED, 0, 1, SIZE));
            assertThrows(IllegalArgumentException.class,
                    () -> FastPathStack.start(store, FastPathStack.Scheduling.THREADED, 1, 0, SIZE));
            assertThrows(IllegalArgumentException.class,
                    () -> FastPathStack.start(store, FastPathStack.Scheduling.THREADED, 1, 1, 100));
        }
    }

    @Test
    void payloadsAreSeededAndSized() {
        assertArrayEquals(BlobWorkload.payload(4096), BlobWorkload.payload(4096));
        assertEquals(1000, BlobWorkload.payload(1000).length);
        assertTrue(!Arrays.equals(Arrays.copyOf(BlobWorkload.payload(8192), 4096), BlobWorkload.payload(4096)),
                "each size has its own content");
        assertEquals("read-4096", BlobWorkload.readBlob(4096));
        assertEquals("write-4096-3", BlobWorkload.writeBlob(4096, 3));
    }

    static List<String> leftThreads() {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> left;
        do {
            left = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                    .filter(n -> n.startsWith("bench-vmbus") || n.startsWith("vsp-")).toList();
            if (left.isEmpty()) {
                break;
            }
            Thread.onSpinWait();
        } while (System.nanoTime() < deadline);
        return left;
    }
}
