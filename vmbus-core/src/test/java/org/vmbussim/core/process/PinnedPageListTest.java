package org.vmbussim.core.process;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vmbussim.core.memory.GuestMemory;
import org.vmbussim.uapi.Errno;
import org.vmbussim.uapi.ErrnoException;

class PinnedPageListTest {
    private static final int PAGES = 64;

    private final GuestMemory memory = GuestMemory.builder().basePfn(0x500).pageCount(PAGES).build();
    private final ProcessTable processes = new ProcessTable(memory);
    private final AddressSpace space = processes.spawn(Credentials.of(1000, 1000)).addressSpace();

    @AfterEach
    void nothingLeaks() {
        processes.exitAll();
        assertEquals(0, memory.pinnedPageCount(), "pinned pages left behind");
        assertEquals(PAGES, memory.freePageCount(), "guest pages left behind");
    }

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
