package org.vmbussim.core.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vmbussim.wire.LittleEndian;
import org.vmbussim.wire.MemoryAccessException;

class PfnListRegionTest {
    private static final long BASE = 0x100;
    private static final int PAGES = 32;

    private final GuestMemory memory = GuestMemory.builder().basePfn(BASE).pageCount(PAGES).build();

    // ----------------------------------------------------------------------------------- validation

    @ParameterizedTest(name = "offset={0}")
    @ValueSource(longs = {0x1000, 0x1001, 0xFFFF_FFFFL, -1, Long.MIN_VALUE, Long.MAX_VALUE})
    void offsetOutsideThePageIsRefused(final long offset) {
        final InvalidPfnListException e = assertThrows(InvalidPfnListException.class,
                () -> PfnListRegion.of(memory, new long[] {BASE, BASE + 1}, offset, 4096));
        assertEquals(InvalidPfnListException.Reason.OFFSET_TOO_LARGE, e.reason());
    }

    @Test
    void negativeLengthIsRefused() {
        final InvalidPfnListException e = assertThrows(InvalidPfnListException.class,
                () -> PfnListRegion.of(memory, new long[] {BASE}, 0, -1));
        assertEquals(InvalidPfnListException.Reason.NEGATIVE_LENGTH, e.reason());
        assertThrows(InvalidPfnListException.class, () -> PfnListRegion.of(memory, new long[] {BASE}, 0,
                Long.MIN_VALUE));
    }

    @Test
    void pfnCountMustMatchOffsetAndLength() {
        final long[][] cases = {
            // pfn count, offset, length
            {1, 0, 4097}, {2, 0, 4096}, {1, 1, 4096}, {2, 4095, 4098}, {4, 4095, 4098}, {0, 0, 1}, {1, 0, 0}, {0, 1, 0},
            {1, 0, 0xFFFF_FFFFL}, {2, 0xFFF, 0xFFFF_FFFFL}, {1, 0xFFF, Long.MAX_VALUE}, {2, 0, Long.MAX_VALUE},
        };
        for (final long[] c : cases) {
            final long[] pfns = new long[(int) c[0]];
            Arrays.fill(pfns, BASE);
            final InvalidPfnListException e = assertThrows(InvalidPfnListException.class,
                    () -> PfnListRegion.of(memory, pfns, c[1], c[2]), Arrays.toString(c));
            assertEquals(InvalidPfnListException.Reason.PAGE_COUNT_MISMATCH, e.reason(), Arrays.toString(c));
        }
    }

    @Test
    void aListTooLongForTheRegionsPageTableIsRefusedBeforeAnyPfnIsRead() {
        final int pages = Integer.MAX_VALUE / 2 + 1;
        final InvalidPfnListException e = assertThrows(InvalidPfnListException.class, () -> PfnListRegion.of(memory,
                pages, i -> {
                    throw new AssertionError("read PFN " + i);
                }, 0, (long) pages * 4096));
        assertEquals(InvalidPfnListException.Reason.PAGE_COUNT_MISMATCH, e.reason());
    }

    @Test
    void exactPfnCountsAreAccepted() {
        assertEquals(0, PfnListRegion.of(memory, new long[0], 0, 0).pageCount());
        assertEquals(1, PfnListRegion.of(memory, new long[] {BASE}, 1, 0).pageCount());
        assertEquals(1, PfnListRegion.of(memory, new long[] {BASE}, 0xFFF, 1).pageCount());
        assertEquals(2, PfnListRegion.of(memory, new long[] {BASE, BASE}, 0xFFF, 2).pageCount());
        assertEquals(3, PfnListRegion.of(memory, new long[] {BASE, BASE + 5, BASE + 2}, 100, 8192).pageCount());
    }

    @ParameterizedTest(name = "pfn={0}")
    @ValueSource(longs = {0, BASE - 1, BASE + PAGES, -1, Long.MAX_VALUE, Long.MIN_VALUE, 0x8000_0000_0000_0100L})
    void everyPfnMustLieInGuestRam(final long badPfn) {
        final long[] pfns = {BASE, BASE + 1, badPfn, BASE + 3};
        final InvalidPfnException e = assertThrows(InvalidPfnException.class,
                () -> PfnListRegion.of(memory, pfns, 0, 4 * 4096));
        assertEquals(2, e.pfnIndex());
        assertEquals(badPfn, e.pfn());
        assertTrue(e.getMessage().contains("pfn=0x" + Long.toHexString(badPfn) + " at index 2"), e.getMessage());
        assertTrue(e.getMessage().contains("[0x100, 0x120)"), e.getMessage());
    }

    @Test
    void lastPfnIsCheckedToo() {
        final InvalidPfnException e = assertThrows(InvalidPfnException.class,
                () -> PfnListRegion.of(memory, new long[] {BASE, BASE + PAGES}, 0xFFF, 2));
        assertEquals(1, e.pfnIndex());
    }

    @Test
    void pfnListIsCopied() {
        final long[] pfns = {BASE + 3};
        final PfnListRegion region = PfnListRegion.of(memory, pfns, 0, 4096);
        pfns[0] = -1;
        assertEquals(BASE + 3, region.pfnAt(0));
        region.pfns()[0] = -1;
        assertEquals(BASE + 3, region.pfns()[0]);
    }

    // ----------------------------------------------------------------------------------- access

    @Test
    void aByteBufferIsWrittenAcrossScatteredPagesWithoutMovingItsPosition() {
        final PfnListRegion region = PfnListRegion.of(memory, new long[] {BASE + 5, BASE + 2, BASE + 9}, 0x700,
                3 * 4096 - 0x700);
        final byte[] bytes = new byte[6000];
        new Random(42).nextBytes(bytes);
        final ByteBuffer heap = ByteBuffer.wrap(bytes, 100, 5900).slice().asReadOnlyBuffer();
        heap.position(50);
        region.putBytes(3, heap);
        assertEquals(50, heap.position());
        assertArrayEquals(Arrays.copyOfRange(bytes, 150, 6000), region.getBytes(3, 5850));
        final ByteBuffer direct = ByteBuffer.allocateDirect(4097).put(0, bytes, 0, 4097);
        region.putBytes(region.length() - 4097, direct);
        assertArrayEquals(Arrays.copyOf(bytes, 4097), region.getBytes(region.length() - 4097, 4097));
        assertThrows(MemoryAccessException.class, () -> region.putBytes(region.length() - 4096, direct));
    }

    @Test
    void accessesOutsideTheRegionAreRefused() {
        final PfnListRegion region = PfnListRegion.of(memory, new long[] {BASE + 1, BASE + 7}, 0x800, 4096);
        final long[][] bad = {{4096, 1}, {4095, 2}, {-1, 1}, {Long.MAX_VALUE, 1}, {Long.MIN_VALUE, 0}, {0, 4097},
            {1, Long.MAX_VALUE}, {0, -1}};
        for (final long[] b : bad) {
            assertThrows(MemoryAccessException.class, () -> region.checkRange(b[0], b[1]), Arrays.toString(b));
        }
        assertThrows(MemoryAccessException.class, () -> region.getLongLE(4089));
        assertThrows(MemoryAccessException.class, () -> region.putIntLE(4093, 1));
        assertThrows(MemoryAccessException.class, () -> region.getByte(4096));
        assertThrows(MemoryAccessException.class, () -> region.putBytes(4000, new byte[97]));
        assertThrows(MemoryAccessException.class, () -> region.gpaOf(4096));
        // Nothing was written by the failed accesses.
        assertArrayEquals(new byte[PAGES * 4096], memory.getBytes(memory.baseGpa(), PAGES * 4096));
    }

    @Test
    void bytesLandOnTheListedPagesAtTheRightOffsets() {
        final long[] pfns = {BASE + 9, BASE + 2, BASE + 20};
        final PfnListRegion region = PfnListRegion.of(memory, pfns, 0xF00, 2 * 4096);
        assertEquals(((BASE + 9) << 12) + 0xF00, region.gpaOf(0));
        assertEquals((BASE + 2) << 12, region.gpaOf(0x100));
        assertEquals(((BASE + 20) << 12) + 0xEFF, region.gpaOf(2 * 4096 - 1));
        region.putLongLE(0xFC, 0x8877665544332211L);
        // Bytes 0xFC..0xFF of the region are the last 4 of page 0; the rest start page 1.
        assertEquals(0x44332211, memory.getIntLE(((BASE + 9) << 12) + 0xFFC));
        assertEquals(0x88776655, memory.getIntLE((BASE + 2) << 12));
        assertEquals(0x8877665544332211L, region.getLongLE(0xFC));
    }

    @Test
    void duplicatePfnsAliasTheSamePage() {
        final PfnListRegion region = PfnListRegion.of(memory, new long[] {BASE + 4, BASE + 4}, 0, 8192);
        region.putIntLE(12, 0xABCD);
        assertEquals(0xABCD, region.getIntLE(4096 + 12));
    }

    @ParameterizedTest(name = "seed={0}")
    @ValueSource(longs = {7, 11, 0xDEADBEEFL, -5})
    void randomCrossPageAccessesMatchAReferenceModel(final long seed) {
        final Random random = new Random(seed);
        final String why = "seed=" + seed;
        final int pages = 1 + random.nextInt(6);
        final long[] pfns = new long[pages];
        for (int i = 0; i < pages; i++) {
            pfns[i] = BASE + random.nextInt(PAGES); // duplicates allowed, order random
        }
        final int offset = random.nextInt(4096);
        final int minLength = Math.max(1, (pages - 1) * 4096 - offset + 1);
        final int length = minLength + random.nextInt(pages * 4096 - offset - minLength + 1);
        final PfnListRegion region = PfnListRegion.of(memory, pfns, offset, length);
        final byte[] model = new byte[length];
        for (int step = 0; step < 2_000; step++) {
            final int address = random.nextInt(length);
            final int size = Math.min(length - address, random.nextInt(9000));
            switch (random.nextInt(8)) {
                case 0: {
                    final byte[] bytes = new byte[size];
                    random.nextBytes(bytes);
                    region.putBytes(address, bytes);
                    writeModel(model, pfns, offset, address, bytes);
                    break;
                }
                case 1:
                    if (address + 8 <= length) {
                        final long v = random.nextLong();
                        region.putLongLE(address, v);
                        final byte[] b = new byte[8];
                        LittleEndian.putLong(b, 0, v);
                        writeModel(model, pfns, offset, address, b);
                    }
                    break;
                case 2:
                    if (address + 4 <= length) {
                        final int v = random.nextInt();
                        region.putIntLE(address, v);
                        final byte[] b = new byte[4];
                        LittleEndian.putInt(b, 0, v);
                        writeModel(model, pfns, offset, address, b);
                    }
                    break;
                case 3:
                    if (address + 2 <= length) {
                        final int v = random.nextInt();
                        region.putShortLE(address, v);
                        final byte[] b = new byte[2];
                        LittleEndian.putShort(b, 0, v);
                        writeModel(model, pfns, offset, address, b);
                    }
                    break;
                case 4:
                    region.putByte(address, (byte) step);
                    writeModel(model, pfns, offset, address, new byte[] {(byte) step});
                    break;
                case 5:
                    if (address + 8 <= length) {
                        assertEquals(LittleEndian.getLong(model, address), region.getLongLE(address), why);
                        assertEquals(LittleEndian.getInt(model, address), region.getIntLE(address), why);
                        assertEquals((short) LittleEndian.getShort(model, address), region.getShortLE(address), why);
                    }
                    break;
                default:
                    assertArrayEquals(Arrays.copyOfRange(model, address, address + size),
                            region.getBytes(address, size), why + " step " + step);
                    break;
            }
        }
        assertArrayEquals(model, region.getBytes(0, length), why);
        // And independently of the region's own translation: every byte is where the formula says.
        for (int a = 0; a < length; a += 1 + random.nextInt(64)) {
            final long v = offset + a;
            assertEquals(model[a], memory.getByte((pfns[(int) (v / 4096)] << 12) + v % 4096), why + " a=" + a);
        }
    }

    /**
     * The reference model: a flat byte array of the region, kept consistent with aliasing by replaying each
     * write onto every region address that maps to the same guest byte.
     */
    private static void writeModel(final byte[] model, final long[] pfns, final int offset, final int address,
            final byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            final long v = offset + address + i;
            final long pfn = pfns[(int) (v / 4096)];
            final long inPage = v % 4096;
            for (int page = 0; page < pfns.length; page++) {
                if (pfns[page] == pfn) {
                    final long alias = page * 4096L + inPage - offset;
                    if (alias >= 0 && alias < model.length) {
                        model[(int) alias] = bytes[i];
                    }
                }
            }
        }
    }

    // ----------------------------------------------------------------------------------- the grant ends

    @Test
    void aRevokedRegionRefusesEveryAccessWithATypedErrorAndWritesNothing() {
        final long[] pfns = memory.allocatePages(3);
        final PfnListRegion region = PfnListRegion.of(memory, pfns, 100, 3 * 4096 - 200);
        region.putIntLE(0, 0x11223344);
        region.revoke();
        region.revoke(); // idempotent
        assertTrue(region.isRevoked());
        final byte[] before = snapshot(pfns);
        final List<Executable> accesses = List.of(
                () -> region.putBytes(0, new byte[5000], 0, 5000), () -> region.putByte(4000, (byte) 1),
                () -> region.putShortLE(3995, 7), () -> region.putIntLE(8, 7), () -> region.putLongLE(3992, 7L),
                () -> region.getBytes(0, new byte[10], 0, 10), () -> region.getByte(1), () -> region.getIntLE(0),
                () -> region.getLongLE(3993), () -> region.getShortLE(0));
        for (final Executable access : accesses) {
            final RegionRevokedException e = assertThrows(RegionRevokedException.class, access);
            assertEquals(RegionRevokedException.Reason.REVOKED, e.reason());
        }
        assertArrayEquals(before, snapshot(pfns), "a refused access changed guest RAM");
        assertEquals(0x11223344, PfnListRegion.of(memory, new long[] {pfns[0]}, 100, 4).getIntLE(0),
                "a new grant reads");
    }

    @Test
    void aPageReleasedAfterTheRegionWasBuiltIsNoLongerReachableThroughIt() {
        final long[] pfns = memory.allocatePages(3);
        final PfnListRegion region = PfnListRegion.of(memory, pfns, 0, 3 * 4096);
        memory.freePages(pfns[1]);
        final long[] reused = memory.allocatePages(PAGES - 3 + 1); // everything free: pfns[1] is among them
        assertTrue(Arrays.stream(reused).anyMatch(p -> p == pfns[1]), "the released page went to a new owner");
        final byte[] before = snapshot(pfns);
        final RegionRevokedException e = assertThrows(RegionRevokedException.class,
                () -> region.putBytes(4000, new byte[200], 0, 200));
        assertEquals(RegionRevokedException.Reason.PAGE_RELEASED, e.reason());
        assertThrows(RegionRevokedException.class, () -> region.putLongLE(4096, -1L));
        assertThrows(RegionRevokedException.class, () -> region.getByte(2 * 4096 - 1));
        assertArrayEquals(before, snapshot(pfns), "nothing written, not even to the pages still granted");
        region.putLongLE(0, 5L); // page 0 was never released
        region.putLongLE(2 * 4096, 6L);
        assertEquals(5L, memory.getLongLE(memory.baseGpa() + (pfns[0] - BASE) * 4096));
        assertEquals(memory.releaseCount(pfns[0]) + 1, memory.releaseCount(pfns[1]));
    }

    @Test
    void aPageFreedWhilePinnedStaysReachableUntilItsLastUnpin() {
        final long[] pfns = memory.allocatePages(1);
        memory.pin(pfns[0]);
        final PfnListRegion region = PfnListRegion.of(memory, pfns, 0, 4096);
        memory.freePages(pfns);
        region.putIntLE(0, 1); // still the guest's: pinned, not released
        memory.unpin(pfns[0]);
        assertEquals(RegionRevokedException.Reason.PAGE_RELEASED,
                assertThrows(RegionRevokedException.class, () -> region.putIntLE(0, 2)).reason());
    }

    private byte[] snapshot(final long[] pfns) {
        final byte[] all = new byte[pfns.length * 4096];
        for (int i = 0; i < pfns.length; i++) {
            memory.getBytes(memory.baseGpa() + (pfns[i] - BASE) * 4096, all, i * 4096, 4096);
        }
        return all;
    }
}
