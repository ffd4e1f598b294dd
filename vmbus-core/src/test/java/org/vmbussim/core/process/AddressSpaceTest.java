package org.vmbussim.core.process;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.vmbussim.core.memory.GuestMemory;
import org.vmbussim.core.memory.PfnListRegion;
import org.vmbussim.uapi.Errno;
import org.vmbussim.uapi.ErrnoException;
import org.vmbussim.wire.MemoryAccessException;

class AddressSpaceTest {
    private static final int PAGES = 256;

    private final GuestMemory memory = GuestMemory.builder().basePfn(0x300).pageCount(PAGES).build();
    private final ProcessTable processes = new ProcessTable(memory);
    private final SimProcess process = processes.spawn(Credentials.of(1000, 1000));
    private final AddressSpace space = process.addressSpace();

    @AfterEach
    void nothingLeaks() {
        processes.exitAll();
        assertEquals(0, memory.pinnedPageCount(), "pinned pages left behind");
        assertEquals(PAGES, memory.freePageCount(), "guest pages left behind");
    }

    // ----------------------------------------------------------------------------------- mmap / munmap

    @Test
    void mmapPlacesZeroedPagesTopDownBelowTheBase() {
        final long a = space.mmap(3 * 4096, Protection.READ_WRITE);
        final long b = space.mmap(1, Protection.READ_ONLY);
        assertEquals(AddressSpace.MMAP_BASE - 3 * 4096, a);
        assertEquals(a - 4096, b);
        assertEquals(4, space.mappedPageCount());
        assertArrayEquals(new byte[3 * 4096], space.getBytes(a, 3 * 4096));
        assertEquals(Optional.of(Protection.READ_ONLY), space.protectionAt(b + 4095));
        assertEquals(Optional.empty(), space.protectionAt(b - 1));
        assertEquals(Optional.empty(), space.protectionAt(AddressSpace.MMAP_BASE));
    }

    @Test
    void mmapRefusesBadLengths() {
        assertErrno(Errno.EINVAL, () -> space.mmap(0, Protection.READ_WRITE));
        assertErrno(Errno.EINVAL, () -> space.mmap(-4096, Protection.READ_WRITE));
        assertErrno(Errno.ENOMEM, () -> space.mmap(Long.MAX_VALUE, Protection.READ_WRITE));
        assertErrno(Errno.ENOMEM, () -> space.mmap((PAGES + 1) * 4096L, Protection.READ_WRITE));
        assertEquals(0, space.mappedPageCount());
    }

    @Test
    void mmapFixedReplacesAndRefusesBadAddresses() {
        final long va = 0x40_0000;
        assertEquals(va, space.mmapFixed(va, 4 * 4096, Protection.READ_WRITE));
        space.putLongLE(va + 4096, 77);
        assertEquals(va + 4096, space.mmapFixed(va + 4096, 4096, Protection.READ_ONLY));
        assertEquals(0, space.getLongLE(va + 4096), "replaced page must be fresh");
        assertEquals(4, space.mappedPageCount());
        assertErrno(Errno.EINVAL, () -> space.mmapFixed(va + 1, 4096, Protection.READ_WRITE));
        assertErrno(Errno.EINVAL, () -> space.mmapFixed(0, 4096, Protection.READ_WRITE));
        assertErrno(Errno.EINVAL, () -> space.mmapFixed(AddressSpace.TASK_SIZE, 4096, Protection.READ_WRITE));
        assertErrno(Errno.EINVAL, () -> space.mmapFixed(-4096, 4096, Protection.READ_WRITE));
        assertErrno(Errno.ENOMEM, () -> space.mmapFixed(va, PAGES * 4096L, Protection.READ_WRITE));
        assertEquals(Optional.of(Protection.READ_ONLY), space.protectionAt(va + 4096), "failed mmap changed nothing");
    }

    @Test
    void munmapSplitsMappingsAndReturnsPages() {
        final long va = space.mmap(5 * 4096, Protection.READ_WRITE);
        space.putLongLE(va + 4 * 4096, 5);
        space.munmap(va + 4096, 2 * 4096);
        assertEquals(3, space.mappedPageCount());
        assertEquals(PAGES - 3, memory.freePageCount());
        assertFalse(space.contains(va + 4096, 1));
        assertTrue(space.contains(va, 4096));
        assertEquals(5, space.getLongLE(va + 4 * 4096));
        space.munmap(va, 10 * 4096); // holes are fine
        assertEquals(0, space.mappedPageCount());
        assertErrno(Errno.EINVAL, () -> space.munmap(va + 1, 4096));
        assertErrno(Errno.EINVAL, () -> space.munmap(va, 0));
        assertErrno(Errno.EINVAL, () -> space.munmap(AddressSpace.TASK_SIZE - 4096, 8192));
        assertErrno(Errno.EINVAL, () -> space.munmap(4096, Long.MAX_VALUE));
    }

    @Test
    void mprotectChangesPartOfAMapping() {
        final long va = space.mmap(3 * 4096, Protection.READ_WRITE);
        space.mprotect(va + 4096, 4096, Protection.READ_ONLY);
        space.putByte(va, (byte) 1);
        space.putByte(va + 2 * 4096, (byte) 1);
        assertThrows(MemoryAccessException.class, () -> space.putByte(va + 4096, (byte) 1));
        assertEquals(0, space.getByte(va + 4096));
        space.mprotect(va, 3 * 4096, Protection.NONE);
        assertThrows(MemoryAccessException.class, () -> space.getByte(va));
        assertErrno(Errno.ENOMEM, () -> space.mprotect(va, 4 * 4096, Protection.READ_WRITE));
        assertEquals(Optional.of(Protection.NONE), space.protectionAt(va), "failed mprotect changed nothing");
    }

    // ----------------------------------------------------------------------------------- user copies

    @Test
    void readsAndWritesCrossScatteredPages() {
        final long va = space.mmap(3 * 4096, Protection.READ_WRITE);
        assertNotEquals(space.translate(va) + 1, space.translate(va + 4096), "pages should not be contiguous");
        final byte[] data = new byte[8192];
        new Random(3).nextBytes(data);
        space.putBytes(va + 100, data);
        assertArrayEquals(data, space.getBytes(va + 100, data.length));
        space.putLongLE(va + 4092, 0x0102030405060708L);
        assertEquals(0x0102030405060708L, space.getLongLE(va + 4092));
        assertEquals(0x05060708, space.getIntLE(va + 4092));
        assertEquals(0x0304, space.getShortLE(va + 4096) & 0xFFFF);
        assertEquals(0x0405, space.getShortLE(va + 4095) & 0xFFFF);
        assertEquals(0x03040506, space.getIntLE(va + 4094));
        assertEquals(0x05, space.getByte(va + 4095));
        // Byte at va+4096 lives at offset 0 of the second page's PFN.
        assertEquals(0x04, memory.getByte(space.translate(va + 4096) << 12));
    }

    @Test
    void anyUnmappedByteFaultsAndAFailedCopyChangesNothing() {
        final long va = space.mmapFixed(0x10_0000, 2 * 4096, Protection.READ_WRITE);
        final byte[] ones = new byte[100];
        Arrays.fill(ones, (byte) 1);
        final MemoryAccessException e = assertThrows(MemoryAccessException.class,
                () -> space.putBytes(va + 2 * 4096 - 99, ones));
        assertEquals(va + 2 * 4096 - 99, e.address());
        assertArrayEquals(new byte[99], space.getBytes(va + 2 * 4096 - 99, 99));
        assertThrows(MemoryAccessException.class, () -> space.getBytes(va - 1, 2));
        assertThrows(MemoryAccessException.class, () -> space.getLongLE(va + 2 * 4096 - 4));
        assertThrows(MemoryAccessException.class, () -> space.getIntLE(0));
        assertThrows(MemoryAccessException.class, () -> space.getByte(-1));
        assertThrows(MemoryAccessException.class, () -> space.getBytes(Long.MAX_VALUE, 1));
        assertThrows(MemoryAccessException.class, () -> space.checkRange(va, Long.MAX_VALUE));
        assertThrows(MemoryAccessException.class, () -> space.checkRange(va, -1));
        assertTrue(space.contains(va, 2 * 4096));
        assertTrue(space.contains(0, 0));
    }

    @Test
    void writesToReadOnlyMappingsFaultAndChangeNothing() {
        final long rw = space.mmapFixed(0x20_0000, 4096, Protection.READ_WRITE);
        space.mmapFixed(rw + 4096, 4096, Protection.READ_ONLY);
        final byte[] twos = new byte[16];
        Arrays.fill(twos, (byte) 2);
        assertThrows(MemoryAccessException.class, () -> space.putBytes(rw + 4088, twos));
        assertThrows(MemoryAccessException.class, () -> space.putLongLE(rw + 4092, -1));
        assertArrayEquals(new byte[8], space.getBytes(rw + 4088, 8));
        assertEquals(0, space.getLongLE(rw + 4096), "read-only page is still readable");
    }

    // ----------------------------------------------------------------------------------- pinning

    @Test
    void pinReturnsPfnsInBufferOrderAndTheFirstPageOffset() {
        final long va = space.mmap(4 * 4096, Protection.READ_WRITE);
        final PinnedBuffer pin = space.pin(va + 0x123, 2 * 4096, Access.HOST_WRITES);
        assertEquals(0x123, pin.firstPageOffset());
        assertEquals(3, pin.pageCount());
        assertEquals(2 * 4096, pin.length());
        assertEquals(Access.HOST_WRITES, pin.access());
        for (int i = 0; i < 3; i++) {
            assertEquals(space.translate(va + i * 4096L), pin.pfnAt(i));
            assertEquals(1, memory.pinCount(pin.pfnAt(i)));
        }
        assertEquals(3, memory.pinnedPageCount());
        // The host's view sees what the process wrote.
        space.putLongLE(va + 0x123 + 4090, 0x55AA55AA55AA55AAL);
        final PfnListRegion host = pin.hostView();
        assertEquals(0x55AA55AA55AA55AAL, host.getLongLE(4090));
        host.putIntLE(0, 99);
        assertEquals(99, space.getIntLE(va + 0x123));
        pin.unpin();
        assertEquals(0, memory.pinnedPageCount());
        assertFalse(pin.isPinned());
        assertThrows(IllegalStateException.class, pin::unpin);
        pin.close(); // idempotent after unpin
    }

    @Test
    void overlappingPinsCountEachReference() {
        final long va = space.mmap(2 * 4096, Protection.READ_WRITE);
        try (PinnedBuffer a = space.pin(va + 4000, 200, Access.HOST_READS);
                PinnedBuffer b = space.pin(va + 4090, 10, Access.HOST_WRITES)) {
            assertEquals(2, a.pageCount());
            assertEquals(2, b.pageCount());
            assertEquals(2, memory.pinCount(a.pfnAt(1)));
            assertEquals(2, memory.pinnedPageCount());
        }
        assertEquals(0, memory.pinnedPageCount());
    }

    @ParameterizedTest(name = "length={0}")
    @ValueSource(longs = {0, -1, Long.MIN_VALUE})
    void pinOfNoBytesIsEinval(final long length) {
        final long va = space.mmap(4096, Protection.READ_WRITE);
        assertErrno(Errno.EINVAL, () -> space.pin(va, length, Access.HOST_READS));
    }

    @Test
    void pinFaultsAnywhereInTheBufferLeaveNothingPinned() {
        final long va = space.mmapFixed(0x30_0000, 3 * 4096, Protection.READ_WRITE);
        space.munmap(va + 4096, 4096); // a hole in the middle
        final long[][] cases = {
            {va, 3 * 4096}, {va + 4095, 2}, {va, 4097}, {va + 2 * 4096, 4097}, {va + 3 * 4096 - 1, 2},
            {va - 1, 2}, {0, 1}, {-4096, 4096}, {va, Long.MAX_VALUE}, {Long.MAX_VALUE, 1}, {Long.MAX_VALUE - 10, 20},
            {AddressSpace.TASK_SIZE - 1, 2},
        };
        for (final long[] c : cases) {
            for (final Access access : Access.values()) {
                assertErrno(Errno.EFAULT, () -> space.pin(c[0], c[1], access));
                assertEquals(0, memory.pinnedPageCount(), Arrays.toString(c) + " " + access);
            }
        }
        // The mapped pieces alone pin fine.
        space.pin(va, 4096, Access.HOST_WRITES).unpin();
        space.pin(va + 2 * 4096, 4096, Access.HOST_WRITES).unpin();
    }

    @Test
    void hostWritesNeedAWritableMapping() {
        final long va = space.mmapFixed(0x50_0000, 2 * 4096, Protection.READ_WRITE);
        space.mprotect(va + 4096, 4096, Protection.READ_ONLY);
        final ErrnoException e = assertThrows(ErrnoException.class, () -> space.pin(va, 8192, Access.HOST_WRITES));
        assertEquals(Errno.EFAULT, e.errno());
        assertTrue(e.getMessage().contains("READ_ONLY"), e.getMessage());
        assertEquals(0, memory.pinnedPageCount());
        // Reading is enough for a request buffer the host only reads.
        try (PinnedBuffer pin = space.pin(va, 8192, Access.HOST_READS)) {
            assertEquals(2, memory.pinnedPageCount());
            assertEquals(Access.HOST_READS, pin.access());
        }
    }

    @ParameterizedTest
    @EnumSource(Access.class)
    void protNoneCannotBePinnedAtAll(final Access access) {
        final long va = space.mmap(4096, Protection.NONE);
        assertErrno(Errno.EFAULT, () -> space.pin(va, 1, access));
        assertEquals(0, memory.pinnedPageCount());
    }

    @Test
    void munmapOfAPinnedRangeKeepsItsPagesAliveUntilUnpinned() {
        final long va = space.mmap(2 * 4096, Protection.READ_WRITE);
        space.putLongLE(va + 8, 0xFEEDL);
        final PinnedBuffer pin = space.pin(va, 2 * 4096, Access.HOST_WRITES);
        final int free = memory.freePageCount();
        space.munmap(va, 2 * 4096);
        assertFalse(space.contains(va, 1));
        assertEquals(free, memory.freePageCount(), "pinned pages must not be reused yet");
        final PfnListRegion host = pin.hostView();
        assertEquals(0xFEEDL, host.getLongLE(8), "host still sees the data");
        host.putLongLE(16, 1); // and may still write it: the pages are not anyone else's
        // A new mapping cannot receive the pinned pages.
        final long other = space.mmap(PAGES * 4096L - 2 * 4096, Protection.READ_WRITE);
        assertErrno(Errno.ENOMEM, () -> space.mmap(4096, Protection.READ_WRITE));
        pin.unpin();
        assertEquals(2, memory.freePageCount());
        assertEquals(0, memory.getLongLE(pin.pfnAt(0) << 12), "released page zeroed");
        space.munmap(other, PAGES * 4096L - 2 * 4096);
    }

    @Test
    void concurrentPinsFromManyThreadsBalance() throws Exception {
        final long va = space.mmap(64 * 4096, Protection.READ_WRITE);
        final int threads = 4;
        final ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            final CountDownLatch start = new CountDownLatch(1);
            final List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                final long seed = t;
                results.add(pool.submit(() -> {
                    final Random random = new Random(seed);
                    start.await();
                    final List<PinnedBuffer> held = new ArrayList<>();
                    int pins = 0;
                    for (int i = 0; i < 500; i++) {
                        final long at = va + random.nextInt(60 * 4096);
                        held.add(space.pin(at, 1 + random.nextInt(3 * 4096), Access.HOST_WRITES));
                        pins++;
                        if (held.size() > 8) {
                            held.remove(random.nextInt(held.size())).unpin();
                        }
                    }
                    held.forEach(PinnedBuffer::unpin);
                    return pins;
                }));
            }
            start.countDown();
            for (final Future<Integer> f : results) {
                assertEquals(500, f.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
        assertEquals(0, memory.pinnedPageCount());
    }

    // ----------------------------------------------------------------------------------- exit

    @Test
    void exitUnmapsEverythingButPinnedPagesSurviveUntilUnpinned() {
        final long va = space.mmap(4 * 4096, Protection.READ_WRITE);
        final PinnedBuffer pin = space.pin(va + 4096, 4096, Access.HOST_WRITES);
        assertTrue(process.exit());
        assertTrue(space.isDestroyed());
        assertEquals(0, space.mappedPageCount());
        assertEquals(PAGES - 1, memory.freePageCount());
        assertThrows(MemoryAccessException.class, () -> space.getByte(va));
        assertErrno(Errno.EFAULT, () -> space.mmap(4096, Protection.READ_WRITE));
        assertErrno(Errno.EFAULT, () -> space.pin(va, 1, Access.HOST_READS));
        assertErrno(Errno.EFAULT, () -> space.munmap(va, 4096));
        assertErrno(Errno.EFAULT, () -> space.mprotect(va, 4096, Protection.READ_ONLY));
        assertErrno(Errno.EFAULT, () -> space.mmapFixed(va, 4096, Protection.READ_ONLY));
        pin.unpin();
        assertEquals(PAGES, memory.freePageCount());
    }

    // ----------------------------------------------------------------------------------- property

    @ParameterizedTest(name = "seed={0}")
    @ValueSource(longs = {1, 2, 42, 0x5EED})
    void randomMapUnmapCopySequencesMatchAPageModel(final long seed) {
        final Random random = new Random(seed);
        final String why = "seed=" + seed;
        final long window = 0x60_0000;
        final int windowPages = 32;
        // Model: virtual page number -> page contents, plus protection.
        final TreeMap<Long, byte[]> pages = new TreeMap<>();
        final TreeMap<Long, Protection> prots = new TreeMap<>();
        for (int step = 0; step < 1_500; step++) {
            final long vpn = random.nextInt(windowPages);
            final int n = 1 + random.nextInt(4);
            final long va = window + vpn * 4096;
            final int action = random.nextInt(6);
            if (action == 0) {
                final Protection prot = Protection.values()[random.nextInt(3)];
                try {
                    space.mmapFixed(va, n * 4096L, prot);
                    for (long p = vpn; p < vpn + n; p++) {
                        pages.put(p, new byte[4096]);
                        prots.put(p, prot);
                    }
                } catch (final ErrnoException e) {
                    assertEquals(Errno.ENOMEM, e.errno(), why);
                }
            } else if (action == 1) {
                space.munmap(va, n * 4096L);
                for (long p = vpn; p < vpn + n; p++) {
                    pages.remove(p);
                    prots.remove(p);
                }
            } else {
                final long address = va + random.nextInt(4096);
                final int length = random.nextInt(3 * 4096);
                final boolean write = action < 4;
                final boolean allowed = allowed(prots, address, length, write);
                if (write) {
                    final byte[] data = new byte[length];
                    random.nextBytes(data);
                    if (allowed) {
                        space.putBytes(address, data);
                        for (int i = 0; i < length; i++) {
                            final long a = address + i;
                            pages.get((a - window) >> 12)[(int) (a & 0xFFF)] = data[i];
                        }
                    } else {
                        assertThrows(MemoryAccessException.class, () -> space.putBytes(address, data), why);
                    }
                } else if (allowed) {
                    final byte[] expected = new byte[length];
                    for (int i = 0; i < length; i++) {
                        final long a = address + i;
                        expected[i] = pages.get((a - window) >> 12)[(int) (a & 0xFFF)];
                    }
                    assertArrayEquals(expected, space.getBytes(address, length), why + " step " + step);
                } else {
                    assertThrows(MemoryAccessException.class, () -> space.getBytes(address, length), why);
                }
            }
            assertEquals(pages.size(), space.mappedPageCount(), why);
            assertEquals(PAGES - pages.size(), memory.freePageCount(), why);
        }
    }

    private static boolean allowed(final TreeMap<Long, Protection> prots, final long address, final int length,
            final boolean write) {
        final long window = 0x60_0000;
        for (long page = (address - window) >> 12; page <= (address + Math.max(length, 1) - 1 - window) >> 12;
                page++) {
            final Protection p = prots.get(page);
            if (length > 0 && (p == null || (write ? !p.canWrite() : !p.canRead()))) {
                return false;
            }
        }
        return true;
    }

    private static void assertErrno(final Errno expected, final Executable call) {
        final ErrnoException e = assertThrows(ErrnoException.class, call);
        assertEquals(expected, e.errno(), e.getMessage());
    }

    // ----------------------------------------------------------------------------------- pinned page lists

    @Test
    void buffersPinnedInOneOrderAreListedWhereTheCallerPutsThem() {
        final long data = space.mmap(3 * 4096, Protection.READ_WRITE);
        final long head = space.mmap(4096, Protection.READ_WRITE);
        final long[] expected = new long[4];
        try (PinnedBuffer dataAlone = space.pin(data + 100, 2 * 4096, Access.HOST_WRITES);
                PinnedBuffer headAlone = space.pin(head, 10, Access.HOST_READS)) {
            System.arraycopy(dataAlone.pfns(), 0, expected, 0, 3);
            expected[3] = headAlone.pfnAt(0);
        }

        final PinnedPageList list = space.pinnedPageList(4);
        assertEquals(1, list.pin(head, 10, Access.HOST_READS, 3)); // pinned first, listed last
        assertEquals(3, list.pin(data + 100, 2 * 4096, Access.HOST_WRITES, 0));
        assertEquals(4, memory.pinnedPageCount());
        final long[] pfns = list.pfnsForRange();
        assertArrayEquals(expected, pfns);
        assertSame(pfns, list.pfnsForRange(), "the range adopts the list's own array");

        list.close();
        assertFalse(list.isOpen());
        assertEquals(0, memory.pinnedPageCount());
        list.close(); // a second close unpins nothing more: the counts would go negative (ISE) if it did
        assertEquals(0, memory.pinnedPageCount());
        assertThrows(IllegalStateException.class, () -> list.pin(head, 10, Access.HOST_READS, 3));
    }

    @Test
    void closeAfterAPartialFillUnpinsOnlyWhatWasPinned() {
        final long va = space.mmap(2 * 4096, Protection.READ_WRITE);
        final PinnedPageList list = space.pinnedPageList(5);
        list.pin(va, 4096, Access.HOST_READS, 1);
        list.pin(va + 4096, 4096, Access.HOST_READS, 3);
        assertThrows(IllegalStateException.class, list::pfnsForRange, "slots 0, 2 and 4 are empty");
        assertEquals(2, memory.pinnedPageCount());
        list.close();
        assertEquals(0, memory.pinnedPageCount());
    }

    @Test
    void aFailedPinListsAndPinsNothingOfItsBuffer() {
        final long va = space.mmap(2 * 4096, Protection.READ_WRITE);
        space.munmap(va + 4096, 4096); // the buffer's second page is gone
        try (PinnedPageList list = space.pinnedPageList(2)) {
            final ErrnoException e = assertThrows(ErrnoException.class,
                    () -> list.pin(va, 2 * 4096, Access.HOST_WRITES, 0));
            assertEquals(Errno.EFAULT, e.errno());
            assertEquals(0, memory.pinnedPageCount());
            // The slots are free again: pinning there works, and close unpins exactly that.
            list.pin(va, 4096, Access.HOST_WRITES, 0);
            list.pin(va, 4096, Access.HOST_WRITES, 1);
            assertEquals(2, memory.pinCount(list.pfnsForRange()[0]));
        }
    }

    @Test
    void overlappingOrOverflowingSlotsAreRefusedBeforeAnythingIsPinned() {
        final long va = space.mmap(2 * 4096, Protection.READ_WRITE);
        try (PinnedPageList list = space.pinnedPageList(3)) {
            list.pin(va, 4096, Access.HOST_READS, 1);
            assertThrows(IllegalStateException.class, () -> list.pin(va, 2 * 4096, Access.HOST_READS, 0));
            assertThrows(IndexOutOfBoundsException.class, () -> list.pin(va, 2 * 4096, Access.HOST_READS, 2));
            assertThrows(IndexOutOfBoundsException.class, () -> list.pin(va, 4096, Access.HOST_READS, -1));
            assertEquals(1, memory.pinnedPageCount());
        }
    }

    @Test
    void badArgumentsGetThePinErrnoNotAnIndexError() {
        try (PinnedPageList list = space.pinnedPageList(1)) {
            assertEquals(Errno.EINVAL, assertThrows(ErrnoException.class,
                    () -> list.pin(0x40_0000, 0, Access.HOST_READS, 0)).errno());
            assertEquals(Errno.EFAULT, assertThrows(ErrnoException.class,
                    () -> list.pin(AddressSpace.TASK_SIZE - 10, 1L << 40, Access.HOST_READS, 0)).errno());
            assertEquals(Errno.EFAULT, assertThrows(ErrnoException.class,
                    () -> list.pin(0x40_0000, 1L << 40, Access.HOST_READS, 0)).errno(), "unmapped, not too big");
            assertTrue(list.isOpen());
        }
        assertThrows(IllegalArgumentException.class, () -> space.pinnedPageList(-1));
    }
}
