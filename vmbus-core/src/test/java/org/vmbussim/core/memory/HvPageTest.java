package org.vmbussim.core.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HvPageTest {

    @ParameterizedTest(name = "offset={0} length={1} -> {2} pages")
    @CsvSource({
        "0, 0, 0",
        "0, 1, 1",
        "0, 4096, 1",
        "0, 4097, 2",
        "4095, 1, 1",
        "4095, 2, 2",
        "1, 0, 1",
        "4095, 0, 1",
        "100, 8192, 3",
        "0, 9223372036854775807, 2251799813685248",
        "4095, 9223372036854775807, 2251799813685249",
    })
    void pageCountIsCeilingOfOffsetPlusLength(final long offset, final long length, final long pages) {
        assertEquals(pages, HvPage.pageCount(offset, length));
    }

    @Test
    void pageCountRefusesBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> HvPage.pageCount(4096, 1));
        assertThrows(IllegalArgumentException.class, () -> HvPage.pageCount(-1, 1));
        assertThrows(IllegalArgumentException.class, () -> HvPage.pageCount(0, -1));
        assertThrows(IllegalArgumentException.class, () -> HvPage.pageCount(0, Long.MIN_VALUE));
    }

    @Test
    void convertsBetweenAddressesAndPfns() {
        assertEquals(0x100, HvPage.pfnOf(0x100_fff));
        assertEquals(0x101, HvPage.pfnOf(0x101_000));
        assertEquals(0x101_000, HvPage.gpaOf(0x101));
        assertEquals(0xfff, HvPage.offsetInPage(0x100_fff));
        assertEquals(0, HvPage.offsetInPage(0x101_000));
        assertEquals(HvPage.MAX_PFN << 12, HvPage.gpaOf(HvPage.MAX_PFN));
        assertThrows(IllegalArgumentException.class, () -> HvPage.gpaOf(HvPage.MAX_PFN + 1));
        assertThrows(IllegalArgumentException.class, () -> HvPage.gpaOf(-1));
        assertThrows(IllegalArgumentException.class, () -> HvPage.pfnOf(-1));
        assertTrue(HvPage.isPageAligned(0x2000));
        assertFalse(HvPage.isPageAligned(0x2001));
        assertEquals(0x2000, HvPage.roundUpToPage(0x1001));
        assertEquals(0x1000, HvPage.roundUpToPage(0x1000));
        assertEquals(0, HvPage.roundUpToPage(0));
        assertThrows(ArithmeticException.class, () -> HvPage.roundUpToPage(Long.MAX_VALUE));
        assertThrows(IllegalArgumentException.class, () -> HvPage.roundUpToPage(-1));
    }
}
