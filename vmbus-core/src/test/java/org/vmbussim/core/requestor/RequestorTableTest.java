package org.vmbussim.core.requestor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestorTableTest {
    private static final long[] SENTINELS = {RequestorTable.NO_REQUESTOR, RequestorTable.REQUEST_ERROR,
        RequestorTable.ID_NO_RESPONSE, -4L, Long.MIN_VALUE, Long.MAX_VALUE};

    @Test
    void idsAreOneBasedAndHandedOutInOrder() {
        final RequestorTable table = new RequestorTable(4);
        assertEquals(1, table.allocate(100));
        assertEquals(2, table.allocate(200));
        assertEquals(3, table.allocate(300));
        assertEquals(3, table.inUse());
        assertEquals(200, table.lookup(2));
        assertEquals(3, table.inUse(), "lookup frees nothing");
    }

    @Test
    void freedIdsAreReusedLastInFirstOut() {
        final RequestorTable table = new RequestorTable(8);
        for (int i = 0; i < 5; i++) {
            table.allocate(i);
        }
        assertEquals(1, table.release(2, 1));
        assertEquals(3, table.release(4, 3));
        assertEquals(4, table.allocate(50), "most recently freed first");
        assertEquals(2, table.allocate(51));
        assertEquals(6, table.allocate(52), "then the untouched tail");
    }

    @Test
    void badIdsReturnRequestErrorAndChangeNothing() {
        final RequestorTable table = new RequestorTable(4);
        assertEquals(1, table.allocate(10));
        assertEquals(2, table.allocate(20));
        final List<Long> bad = new ArrayList<>(List.of(0L, 3L, 4L, 5L, 1L << 32));
        for (final long s : SENTINELS) {
            bad.add(s);
        }
        for (final long id : bad) {
            assertEquals(RequestorTable.REQUEST_ERROR, table.lookupAndRelease(id), "id " + id);
            assertEquals(RequestorTable.REQUEST_ERROR, table.release(id, 10), "id " + id);
            assertEquals(RequestorTable.REQUEST_ERROR, table.lookup(id), "id " + id);
        }
        assertEquals(2, table.inUse());
        assertEquals(3, table.allocate(30), "free list untouched");
        assertEquals(10, table.lookup(1));
        assertEquals(20, table.lookup(2));
    }

    @Test
    void duplicateCompletionCompletesNothing() {
        final RequestorTable table = new RequestorTable(4);
        final long id = table.allocate(7);
        final long other = table.allocate(8);
        assertEquals(7, table.lookupAndRelease(id));
        assertEquals(RequestorTable.REQUEST_ERROR, table.lookupAndRelease(id));
        assertEquals(RequestorTable.REQUEST_ERROR, table.release(id, 7));
        assertEquals(1, table.inUse());
        assertEquals(8, table.lookup(other));
        assertEquals(id, table.allocate(9), "the id was freed once and comes back once");
        assertEquals(3, table.allocate(10));
    }

    @Test
    void lateCompletionDoesNotCompleteTheRequestThatReusedTheId() {
        final RequestorTable table = new RequestorTable(4);
        final long id = table.allocate(1000);
        // The waiter gave up and released its own id; a new request gets the same id (LIFO).
        assertEquals(1000, table.release(id, 1000));
        assertEquals(id, table.allocate(2000));
        // The host's late completion for the first request names the old owner: refused, slot kept.
        assertEquals(RequestorTable.REQUEST_ERROR, table.release(id, 1000));
        assertEquals(2000, table.lookup(id));
        assertEquals(1, table.inUse());
        assertEquals(2000, table.release(id, 2000));
        assertEquals(0, table.inUse());
    }

    @Test
    void fullTableIsRetryableAndRecovers() {
        final RequestorTable table = new RequestorTable(3);
        assertEquals(1, table.allocate(1));
        assertEquals(2, table.allocate(2));
        assertEquals(3, table.allocate(3));
        for (int attempt = 0; attempt < 3; attempt++) {
            assertEquals(RequestorTable.REQUEST_ERROR, table.allocate(4));
        }
        assertEquals(3, table.inUse());
        assertEquals(2, table.lookupAndRelease(2));
        assertEquals(2, table.allocate(4), "a completion makes room");
        assertEquals(RequestorTable.REQUEST_ERROR, table.allocate(5));
    }

    @Test
    void sizeZeroIsTheNoRequestorChannel() {
        final RequestorTable table = new RequestorTable(0);
        assertEquals(RequestorTable.NO_REQUESTOR, table.allocate(5));
        assertEquals(RequestorTable.NO_REQUESTOR, table.release(1, 5));
        assertEquals(RequestorTable.NO_REQUESTOR, table.lookupAndRelease(1));
        assertEquals(RequestorTable.NO_REQUESTOR, table.lookup(1));
        assertEquals(0, table.inUse());
        assertEquals(0, table.drainAll().length);
    }

    @Test
    void sentinelsHaveTheLinuxValues() {
        assertEquals(0xFFFF_FFFF_FFFF_FFFFL, RequestorTable.NO_REQUESTOR);
        assertEquals(0xFFFF_FFFF_FFFF_FFFEL, RequestorTable.REQUEST_ERROR);
        assertEquals(0xFFFF_FFFF_FFFF_FFFFL, RequestorTable.ADDR_ANY);
        assertEquals(0xFFFF_FFFF_FFFF_FFFDL, RequestorTable.ID_NO_RESPONSE);
    }

    @Test
    void callerBugsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RequestorTable(-1));
        assertThrows(IllegalArgumentException.class, () -> new RequestorTable(RequestorTable.MAX_SIZE + 1));
        final RequestorTable table = new RequestorTable(2);
        assertThrows(IllegalArgumentException.class, () -> table.allocate(-1));
        assertThrows(IllegalArgumentException.class, () -> table.allocate(RequestorTable.REQUEST_ERROR));
        assertEquals(0, table.inUse());
    }

    @Test
    void drainAllReturnsEveryOutstandingCookieAndEmptiesTheTable() {
        final RequestorTable table = new RequestorTable(130);
        for (int i = 0; i < 130; i++) {
            table.allocate(1000 + i);
        }
        for (int id = 1; id <= 130; id += 3) {
            table.lookupAndRelease(id);
        }
        final long[] expected = new long[130 - 44];
        int n = 0;
        for (int id = 1; id <= 130; id++) {
            if ((id - 1) % 3 != 0) {
                expected[n++] = 1000 + id - 1;
            }
        }
        assertArrayEquals(expected, table.drainAll());
        assertEquals(0, table.inUse());
        assertEquals(RequestorTable.REQUEST_ERROR, table.lookupAndRelease(2), "drained ids are no longer live");
        assertEquals(1, table.allocate(1), "the table is as new");
        assertEquals(2, table.allocate(2));
    }

    @Test
    void lockedVariantsWorkUnderTheCallersLock() {
        final RequestorTable table = new RequestorTable(2);
        table.lock();
        try {
            final long id = table.allocateLocked(77);
            assertEquals(77, table.releaseLocked(id, 77));
        } finally {
            table.unlock();
        }
        assertEquals(0, table.inUse());
    }

    @Test
    void lockedVariantsAssertTheLockIsHeld() {
        final RequestorTable table = new RequestorTable(2);
        // Surefire runs with -ea for org.vmbussim.
        assertThrows(AssertionError.class, () -> table.allocateLocked(1));
        assertThrows(AssertionError.class, () -> table.releaseLocked(1, RequestorTable.ADDR_ANY));
    }

    /**
     * A seeded random walk against a model: ids are never 0, never live twice, each releases exactly
     * once, bad and stale releases change nothing, a full table is retryable.
     */
    @ParameterizedTest(name = "seed = {0}")
    @ValueSource(longs = {1L, 42L, 0xFEEDL, 987_654_321L})
    void randomSequencesKeepTheInvariants(final long seed) {
        final Random random = new Random(seed);
        final int size = 1 + random.nextInt(64);
        final RequestorTable table = new RequestorTable(size);
        final Map<Long, Long> live = new HashMap<>();
        final List<Long> freedOrder = new ArrayList<>();
        long nextCookie = 0;
        for (int step = 0; step < 20_000; step++) {
            final String context = "seed=" + seed + " step=" + step + " size=" + size;
            final int op = random.nextInt(10);
            if (op < 4) {
                final long cookie = nextCookie++;
                final long id = table.allocate(cookie);
                if (live.size() == size) {
                    assertEquals(RequestorTable.REQUEST_ERROR, id, context + ": full");
                } else {
                    assertTrue(id >= 1 && id <= size, context + ": id " + id);
                    assertTrue(!live.containsKey(id), context + ": id " + id + " already live");
                    if (!freedOrder.isEmpty()) {
                        assertEquals(freedOrder.remove(freedOrder.size() - 1), id, context + ": LIFO");
                    }
                    live.put(id, cookie);
                }
            } else if (op < 7 && !live.isEmpty()) {
                final Long id = pick(live, random);
                final long cookie = live.get(id);
                final long got = random.nextBoolean() ? table.release(id, cookie) : table.lookupAndRelease(id);
                assertEquals(cookie, got, context + ": release of live id " + id);
                live.remove(id);
                freedOrder.add(id);
                assertEquals(RequestorTable.REQUEST_ERROR, table.lookupAndRelease(id), context + ": second release");
            } else if (op < 8 && !live.isEmpty()) {
                final Long id = pick(live, random);
                final long wrongCookie = live.get(id) + 1 + random.nextInt(1000);
                assertEquals(RequestorTable.REQUEST_ERROR, table.release(id, wrongCookie), context + ": ABA");
                assertEquals(live.get(id).longValue(), table.lookup(id), context);
            } else {
                final long id = random.nextBoolean() ? SENTINELS[random.nextInt(SENTINELS.length)]
                        : random.nextInt(size + 3);
                if (!live.containsKey(id)) {
                    assertEquals(RequestorTable.REQUEST_ERROR, table.lookupAndRelease(id), context + ": id " + id);
                }
            }
            assertEquals(live.size(), table.inUse(), context);
        }
        final long[] drained = table.drainAll();
        assertEquals(live.size(), drained.length);
        assertEquals(live.values().stream().sorted().toList(),
                Arrays.stream(drained).sorted().boxed().toList(), "seed=" + seed);
        assertEquals(0, table.inUse());
    }

    private static Long pick(final Map<Long, Long> live, final Random random) {
        final List<Long> ids = new ArrayList<>(live.keySet());
        ids.sort(null);
        return ids.get(random.nextInt(ids.size()));
    }

    /** Several threads allocate and release at once: no id is ever owned by two requests. */
    @Test
    void concurrentUseNeverHandsOutALiveIdTwice() throws Exception {
        final int size = 16;
        final int threads = 4;
        final RequestorTable table = new RequestorTable(size);
        final AtomicLongArray owner = new AtomicLongArray(size + 1);
        final ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            final List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                final int thread = t;
                results.add(pool.submit(() -> {
                    final Random random = new Random(1000 + thread);
                    final List<long[]> mine = new ArrayList<>();
                    int full = 0;
                    for (int i = 0; i < 20_000; i++) {
                        if (mine.isEmpty() || (mine.size() < 6 && random.nextBoolean())) {
                            final long cookie = ((long) thread << 32) | i;
                            final long id = table.allocate(cookie);
                            if (id == RequestorTable.REQUEST_ERROR) {
                                full++;
                                continue;
                            }
                            if (!owner.compareAndSet((int) id, 0, cookie + 1)) {
                                throw new AssertionError("id " + id + " handed out while owned by "
                                        + (owner.get((int) id) - 1));
                            }
                            mine.add(new long[] {id, cookie});
                        } else {
                            final long[] entry = mine.remove(random.nextInt(mine.size()));
                            // Clear ownership before the release: once released, another thread may get it.
                            owner.set((int) entry[0], 0);
                            if (table.release(entry[0], entry[1]) != entry[1]) {
                                throw new AssertionError("release of own id " + entry[0] + " failed");
                            }
                        }
                    }
                    for (final long[] entry : mine) {
                        owner.set((int) entry[0], 0);
                        table.release(entry[0], entry[1]);
                    }
                    return full;
                }));
            }
            for (final Future<Integer> f : results) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS), "worker threads left behind");
        }
        assertEquals(0, table.inUse());
        assertNotEquals(RequestorTable.REQUEST_ERROR, table.allocate(1));
    }
}
