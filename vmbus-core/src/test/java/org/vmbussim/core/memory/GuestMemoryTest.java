package org.vmbussim.core.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vmbussim.uapi.Errno;
import org.vmbussim.uapi.ErrnoException;
import org.vmbussim.wire.MemoryAccessException;

class GuestMemoryTest {
    private static final long BASE = 0x100;
    private static final int PAGES = 64;
    private static final long BASE_GPA = BASE << 12;
    private static final long END_GPA = (BASE + PAGES) << 12;

    private final GuestMemory memory = GuestMemory.builder().name("test-ram").basePfn(BASE).pageCount(PAGES).build();

    // ----------------------------------------------------------------------------------- builder

    @Test
    void builderDefaultsToNonZeroBase() {
        final GuestMemory m = GuestMemory.builder().pageCount(1).build();
        assertEquals(GuestMemory.DEFAULT_BASE_PFN, m.basePfn());
        assertEquals(GuestMemory.DEFAULT_BASE_PFN << 12, m.baseGpa());
        assertEquals("guest-ram", m.name());
    }

    @Test
    void builderRefusesZeroBaseAndBadSizes() {
        assertThrows(IllegalArgumentException.class, () -> GuestMemory.builder().basePfn(0).pageCount(1).build());
        assertThrows(IllegalArgumentException.class, () -> GuestMemory.builder().basePfn(-1).pageCount(1).build());
        assertThrows(IllegalArgumentException.class, () -> GuestMemory.builder().pageCount(0).build());
        assertThrows(IllegalArgumentException.class, () -> GuestMemory.builder().build());
        assertThrows(IllegalArgumentException.class,
                () -> GuestMemory.builder().basePfn(HvPage.MAX_PFN).pageCount(1).build());
    }

    @Test
    void builderRefusesTwoGibibytesWithClearMessage() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GuestMemory.builder().pageCount(GuestMemory.MAX_PAGE_COUNT + 1).build());
        assertTrue(e.getMessage().contains("2 GiB"), e.getMessage());
        assertEquals(524_287, GuestMemory.MAX_PAGE_COUNT);
    }

    // ----------------------------------------------------------------------------------- PFN checks

    @ParameterizedTest(name = "pfn={0}")
    @ValueSource(longs = {0, 1, BASE - 1, BASE + PAGES, BASE + PAGES + 1, Long.MAX_VALUE, -1, Long.MIN_VALUE,
        0xFFFF_FFFFL, BASE - PAGES})
    void pfnsOutsideRamAreRefusedNamingPfnAndRange(final long pfn) {
        assertFalse(memory.isValidPfn(pfn));
        final InvalidPfnException e = assertThrows(InvalidPfnException.class, () -> memory.checkPfn(pfn));
        assertEquals(pfn, e.pfn());
        assertEquals(InvalidPfnException.NO_INDEX, e.pfnIndex());
        assertTrue(e.getMessage().contains("pfn=0x" + Long.toHexString(pfn)), e.getMessage());
        assertTrue(e.getMessage().contains("[0x100, 0x140)"), e.getMessage());
        assertTrue(e.getMessage().contains("test-ram"), e.getMessage());
    }

    @Test
    void firstAndLastPfnAreValid() {
        memory.checkPfn(BASE);
        memory.checkPfn(BASE + PAGES - 1);
        assertEquals(BASE + PAGES, memory.endPfn());
        assertEquals(PAGES * 4096, memory.sizeBytes());
    }

    // ----------------------------------------------------------------------------------- accessors

    @Test
    void accessorsAreLittleEndianByGpa() {
        memory.putLongLE(BASE_GPA + 8, 0x0102030405060708L);
        assertEquals(0x08, memory.getByte(BASE_GPA + 8));
        assertEquals(0x0708, memory.getShortLE(BASE_GPA + 8));
        assertEquals(0x05060708, memory.getIntLE(BASE_GPA + 8));
        assertEquals(0x0102030405060708L, memory.getLongLE(BASE_GPA + 8));
        memory.putIntLE(END_GPA - 4, 0xCAFEBABE);
        assertEquals(0xCAFEBABE, memory.getIntLE(END_GPA - 4));
        memory.putShortLE(BASE_GPA, 0xBEEF);
        assertEquals((short) 0xBEEF, memory.getShortLE(BASE_GPA));
        memory.putByte(END_GPA - 5, (byte) 7);
        assertArrayEquals(new byte[] {7, (byte) 0xBE, (byte) 0xBA, (byte) 0xFE, (byte) 0xCA},
                memory.getBytes(END_GPA - 5, 5));
    }

    @Test
    void accessesOutsideRamThrowMemoryAccessExceptionNeverIndexOutOfBounds() {
        final long[][] bad = {
            {BASE_GPA - 1, 1}, {END_GPA, 1}, {END_GPA - 1, 2}, {0, 1}, {-1, 1}, {Long.MIN_VALUE, 1},
            {Long.MAX_VALUE, 1}, {BASE_GPA, -1}, {BASE_GPA, END_GPA - BASE_GPA + 1}, {BASE_GPA + 1, Long.MAX_VALUE},
        };
        for (final long[] b : bad) {
            final MemoryAccessException e = assertThrows(MemoryAccessException.class,
                    () -> memory.checkRange(b[0], b[1]), Arrays.toString(b));
            assertEquals(b[0], e.address());
            assertFalse(memory.contains(b[0], b[1]));
        }
        assertThrows(MemoryAccessException.class, () -> memory.getLongLE(END_GPA - 7));
        assertThrows(MemoryAccessException.class, () -> memory.putIntLE(BASE_GPA - 2, 1));
        assertThrows(MemoryAccessException.class, () -> memory.getByte(END_GPA));
        assertThrows(MemoryAccessException.class, () -> memory.putBytes(END_GPA - 1, new byte[2]));
        assertTrue(memory.contains(END_GPA, 0));
        assertTrue(memory.contains(BASE_GPA, END_GPA - BASE_GPA));
    }

    @Test
    void failedWriteChangesNothing() {
        final byte[] ones = new byte[16];
        Arrays.fill(ones, (byte) 1);
        assertThrows(MemoryAccessException.class, () -> memory.putBytes(END_GPA - 8, ones));
        assertThrows(MemoryAccessException.class, () -> memory.putLongLE(END_GPA - 4, -1L));
        assertArrayEquals(new byte[8], memory.getBytes(END_GPA - 8, 8));
    }

    @Test
    void sharedViewAliasesGuestMemoryAndIsBounded() {
        final ByteBuffer view = memory.sharedView(BASE_GPA + 4096, 8192);
        assertTrue(view.isDirect());
        assertEquals(0, view.position());
        assertEquals(8192, view.limit());
        assertSame(ByteOrder.LITTLE_ENDIAN, view.order());
        view.putInt(4, 0x11223344);
        assertEquals(0x11223344, memory.getIntLE(BASE_GPA + 4096 + 4));
        memory.putLongLE(BASE_GPA + 4096 + 8184, 42);
        assertEquals(42, view.getLong(8184));
        assertThrows(MemoryAccessException.class, () -> memory.sharedView(END_GPA - 4096, 4097));
        assertThrows(MemoryAccessException.class, () -> memory.sharedView(BASE_GPA - 4096, 4096));
        assertThrows(MemoryAccessException.class, () -> memory.sharedView(BASE_GPA, -1));
    }

    // ----------------------------------------------------------------------------------- allocator

    @Test
    void contiguousAllocationIsZeroedFirstFitFromTheBottom() {
        final long first = memory.allocateContiguous(4);
        assertEquals(BASE, first);
        assertEquals(BASE + 4, memory.allocateContiguous(2));
        assertEquals(PAGES - 6, memory.freePageCount());
        for (long pfn = first; pfn < first + 4; pfn++) {
            assertTrue(memory.isAllocated(pfn));
        }
        assertArrayEquals(new byte[4 * 4096], memory.getBytes(first << 12, 4 * 4096));
    }

    @Test
    void contiguousAllocationSkipsHolesTooSmall() {
        final long a = memory.allocateContiguous(2);
        final long b = memory.allocateContiguous(2);
        memory.allocateContiguous(1);
        memory.freePages(a, a + 1);
        // A 3-page request does not fit in the 2-page hole at the bottom.
        assertEquals(b + 3, memory.allocateContiguous(3));
        assertEquals(a, memory.allocateContiguous(2));
        memory.freePages(b);
    }

    @Test
    void scatteredAllocationIsNeitherContiguousNorAscending() {
        final long[] pfns = memory.allocatePages(8);
        assertEquals(8, new HashSet<>(boxed(pfns)).size());
        for (int i = 1; i < pfns.length; i++) {
            assertNotEquals(pfns[i - 1] + 1, pfns[i], "adjacent ascending pages at " + i + ": "
                    + Arrays.toString(pfns));
        }
        assertFalse(isAscending(pfns), Arrays.toString(pfns));
        for (final long pfn : pfns) {
            assertTrue(memory.isValidPfn(pfn) && memory.isAllocated(pfn));
        }
    }

    @Test
    void scatteredAllocationCanTakeEveryLastPage() {
        final long[] all = memory.allocatePages(PAGES);
        assertEquals(PAGES, new HashSet<>(boxed(all)).size());
        assertEquals(0, memory.freePageCount());
        memory.freePages(all);
        assertEquals(PAGES, memory.freePageCount());
    }

    @Test
    void outOfMemoryIsEnomemAndLeaksNothing() {
        final long ring = memory.allocateContiguous(PAGES / 2);
        memory.allocatePages(PAGES / 4);
        final int free = memory.freePageCount();
        final ErrnoException scattered = assertThrows(ErrnoException.class, () -> memory.allocatePages(free + 1));
        assertEquals(Errno.ENOMEM, scattered.errno());
        assertEquals(free, memory.freePageCount());
        // Enough free pages in total but no run long enough (process pages sit at the top, scattered).
        final ErrnoException contiguous = assertThrows(ErrnoException.class,
                () -> memory.allocateContiguous(free));
        assertEquals(Errno.ENOMEM, contiguous.errno());
        assertTrue(contiguous.getMessage().contains("largest free run"), contiguous.getMessage());
        assertEquals(free, memory.freePageCount());
        assertEquals(BASE, ring);
    }

    @Test
    void freedPagesComeBackZeroed() {
        final long[] pfns = memory.allocatePages(PAGES);
        final byte[] junk = new byte[4096];
        Arrays.fill(junk, (byte) 0x5A);
        for (final long pfn : pfns) {
            memory.putBytes(pfn << 12, junk);
        }
        memory.freePages(pfns);
        // Free pages are scrubbed at once (the host may read any GPA) ...
        assertArrayEquals(new byte[PAGES * 4096], memory.getBytes(BASE_GPA, PAGES * 4096));
        // ... and scrubbed again on allocation, in case someone wrote a free page meanwhile.
        memory.putBytes(BASE_GPA, junk);
        final long ring = memory.allocateContiguous(PAGES);
        assertArrayEquals(new byte[PAGES * 4096], memory.getBytes(ring << 12, PAGES * 4096));
    }

    @Test
    void freeingTwiceOrOutsideRamIsACallerBug() {
        final long pfn = memory.allocateContiguous(1);
        memory.freePages(pfn);
        assertThrows(IllegalStateException.class, () -> memory.freePages(pfn));
        assertThrows(IllegalArgumentException.class, () -> memory.freePages(BASE - 1));
        assertThrows(IllegalArgumentException.class, () -> memory.freePages(-1L));
        assertThrows(IllegalArgumentException.class, () -> memory.allocatePages(0));
        assertThrows(IllegalArgumentException.class, () -> memory.allocateContiguous(-1));
        assertEquals(PAGES, memory.freePageCount());
    }

    @Test
    void freeValidatesEveryPfnBeforeFreeingAny() {
        final long[] pfns = memory.allocatePages(3);
        final int free = memory.freePageCount();
        assertThrows(IllegalArgumentException.class, () -> memory.freePages(pfns[0], pfns[1], pfns[0]));
        assertThrows(IllegalArgumentException.class, () -> memory.freePages(pfns[0], BASE + PAGES));
        assertThrows(IllegalStateException.class, () -> memory.freePages(pfns[2], findFreePfn()));
        assertEquals(free, memory.freePageCount());
        for (final long pfn : pfns) {
            assertTrue(memory.isAllocated(pfn));
        }
    }

    // ----------------------------------------------------------------------------------- pins

    @Test
    void pinCountsCountReferences() {
        final long[] pfns = memory.allocatePages(2);
        memory.pin(pfns[0]);
        memory.pin(pfns[0]);
        memory.pinAll(new long[] {pfns[1], pfns[1], pfns[0]});
        assertEquals(3, memory.pinCount(pfns[0]));
        assertEquals(2, memory.pinCount(pfns[1]));
        assertEquals(2, memory.pinnedPageCount());
        memory.unpinAll(new long[] {pfns[0], pfns[0], pfns[1]});
        assertEquals(1, memory.pinCount(pfns[0]));
        assertEquals(1, memory.pinCount(pfns[1]));
        memory.unpin(pfns[1]);
        assertEquals(1, memory.pinnedPageCount());
        memory.unpin(pfns[0]);
        assertEquals(0, memory.pinnedPageCount());
    }

    @Test
    void pinningFreeOrForeignPagesAndUnpinningUnpinnedOnesAreCallerBugs() {
        final long pfn = memory.allocateContiguous(1);
        assertThrows(IllegalStateException.class, () -> memory.pin(findFreePfn()));
        assertThrows(IllegalArgumentException.class, () -> memory.pin(BASE + PAGES));
        assertThrows(IllegalArgumentException.class, () -> memory.pinCount(Long.MIN_VALUE));
        assertThrows(IllegalStateException.class, () -> memory.unpin(pfn));
        // All or nothing: the valid first entry is not left pinned.
        assertThrows(IllegalStateException.class, () -> memory.pinAll(new long[] {pfn, findFreePfn()}));
        assertEquals(0, memory.pinCount(pfn));
        memory.pin(pfn);
        assertThrows(IllegalStateException.class, () -> memory.unpinAll(new long[] {pfn, pfn}));
        assertEquals(1, memory.pinCount(pfn));
        assertEquals(1, memory.pinnedPageCount());
        memory.unpin(pfn);
        assertEquals(0, memory.pinnedPageCount());
    }

    @Test
    void pageFreedWhilePinnedStaysAliveUntilTheLastUnpin() {
        final long pfn = memory.allocatePages(1)[0];
        memory.putLongLE(pfn << 12, 0x1122334455667788L);
        memory.pin(pfn);
        memory.pin(pfn);
        final int free = memory.freePageCount();
        memory.freePages(pfn);
        assertTrue(memory.isAllocated(pfn));
        assertEquals(free, memory.freePageCount());
        assertEquals(0x1122334455667788L, memory.getLongLE(pfn << 12), "pinned page must keep its data");
        assertThrows(IllegalStateException.class, () -> memory.freePages(pfn));
        assertThrows(IllegalStateException.class, () -> memory.pin(pfn));
        memory.unpin(pfn);
        assertTrue(memory.isAllocated(pfn));
        memory.unpin(pfn);
        assertFalse(memory.isAllocated(pfn));
        assertEquals(free + 1, memory.freePageCount());
        assertEquals(0, memory.getLongLE(pfn << 12), "released page must be zeroed");
        assertEquals(0, memory.pinnedPageCount());
    }

    // ----------------------------------------------------------------------------------- properties

    @ParameterizedTest(name = "seed={0}")
    @ValueSource(longs = {1, 2, 3, 0xC0FFEE})
    void randomAllocateFreePinSequencesKeepTheBooksStraight(final long seed) {
        final Random random = new Random(seed);
        final String why = "seed=" + seed;
        final List<long[]> owned = new ArrayList<>();
        final List<Long> pinned = new ArrayList<>();
        for (int step = 0; step < 2_000; step++) {
            final int action = random.nextInt(5);
            try {
                if (action == 0) {
                    owned.add(memory.allocatePages(1 + random.nextInt(6)));
                } else if (action == 1) {
                    final int n = 1 + random.nextInt(6);
                    final long first = memory.allocateContiguous(n);
                    final long[] run = new long[n];
                    for (int i = 0; i < n; i++) {
                        run[i] = first + i;
                    }
                    owned.add(run);
                } else if (action == 2 && !owned.isEmpty()) {
                    memory.freePages(owned.remove(random.nextInt(owned.size())));
                } else if (action == 3 && !owned.isEmpty()) {
                    final long[] block = owned.get(random.nextInt(owned.size()));
                    final long pfn = block[random.nextInt(block.length)];
                    memory.pin(pfn);
                    pinned.add(pfn);
                } else if (action == 4 && !pinned.isEmpty()) {
                    memory.unpin(pinned.remove(random.nextInt(pinned.size())));
                }
            } catch (final ErrnoException e) {
                assertEquals(Errno.ENOMEM, e.errno(), why);
            }
            final Set<Long> live = new HashSet<>();
            for (final long[] block : owned) {
                for (final long pfn : block) {
                    assertTrue(live.add(pfn), why + ": page handed out twice: " + pfn);
                }
            }
            final Set<Long> pinnedOnly = new HashSet<>(pinned);
            pinnedOnly.removeAll(live);
            assertEquals(PAGES - live.size() - pinnedOnly.size(), memory.freePageCount(), why + " step " + step);
            assertEquals(new HashSet<>(pinned).size(), memory.pinnedPageCount(), why + " step " + step);
        }
        for (final long[] block : owned) {
            memory.freePages(block);
        }
        for (final long pfn : pinned) {
            memory.unpin(pfn);
        }
        assertEquals(PAGES, memory.freePageCount(), why);
        assertEquals(0, memory.pinnedPageCount(), why);
        assertArrayEquals(new byte[PAGES * 4096], memory.getBytes(BASE_GPA, PAGES * 4096), why);
    }

    @Test
    void concurrentAllocationNeverHandsOutAPageTwice() throws Exception {
        final GuestMemory big = GuestMemory.builder().basePfn(0x1000).pageCount(4096).build();
        final int threads = 4;
        final ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            final CountDownLatch start = new CountDownLatch(1);
            final List<Future<List<Long>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    start.await();
                    final List<Long> kept = new ArrayList<>();
                    for (int i = 0; i < 200; i++) {
                        final long[] pfns = big.allocatePages(3);
                        big.pinAll(pfns);
                        big.freePages(pfns[0]);
                        big.unpinAll(pfns);
                        kept.add(pfns[1]);
                        kept.add(pfns[2]);
                        kept.add(big.allocateContiguous(1));
                    }
                    return kept;
                }));
            }
            start.countDown();
            final Set<Long> all = new HashSet<>();
            for (final Future<List<Long>> f : results) {
                for (final long pfn : f.get(30, TimeUnit.SECONDS)) {
                    assertTrue(all.add(pfn), "page handed out twice: " + pfn);
                }
            }
            assertEquals(4096 - all.size(), big.freePageCount());
            assertEquals(0, big.pinnedPageCount());
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
    }

    // -----------------------------------------------------------------------------------

    private long findFreePfn() {
        for (long pfn = BASE; pfn < BASE + PAGES; pfn++) {
            if (!memory.isAllocated(pfn)) {
                return pfn;
            }
        }
        throw new AssertionError("no free page");
    }

    private static List<Long> boxed(final long[] values) {
        final List<Long> list = new ArrayList<>();
        for (final long v : values) {
            list.add(v);
        }
        return list;
    }

    private static boolean isAscending(final long[] values) {
        for (int i = 1; i < values.length; i++) {
            if (values[i] < values[i - 1]) {
                return false;
            }
        }
        return true;
    }

    @Test
    void freeingAListWithADuplicateFreesNothing() {
        final long[] pfns = memory.allocatePages(3);
        final int free = memory.freePageCount();
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> memory.freePages(pfns[0], pfns[1], pfns[0]));
        assertTrue(e.getMessage().contains("listed twice"), e.getMessage());
        assertEquals(free, memory.freePageCount(), "validated before anything was freed");
        memory.freePages(pfns);
        assertEquals(free + 3, memory.freePageCount());
    }
}
