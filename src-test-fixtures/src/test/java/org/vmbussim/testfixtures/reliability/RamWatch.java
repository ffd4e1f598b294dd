package org.vmbussim.testfixtures.reliability;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.vmbussim.core.memory.GuestMemory;
import org.vmbussim.core.memory.HvPage;

/**
 * The "no byte written outside the buffers a request named" oracle: a copy of all of guest RAM, compared after
 * each input with RAM itself. Bytes may differ only in excluded pages (rings, which both sides write) and in
 * the byte ranges the input allowed; any other difference fails with its address. Writes the test itself makes
 * (playing the guest) go through {@link #write} so the copy follows them.
 */
final class RamWatch {
    private final GuestMemory memory;
    private final boolean[] excludedPage;
    private final List<long[]> allowed = new ArrayList<>();
    private byte[] expected;
    private byte[] actual;

    RamWatch(final GuestMemory memory, final long[] excludedPfns) {
        this.memory = memory;
        this.excludedPage = new boolean[memory.pageCount()];
        for (final long pfn : excludedPfns) {
            excludedPage[(int) (pfn - memory.basePfn())] = true;
        }
        this.expected = new byte[memory.sizeBytes()];
        this.actual = new byte[memory.sizeBytes()];
        memory.getBytes(memory.baseGpa(), expected, 0, expected.length);
    }

    /** Writes guest bytes as the guest (the copy follows). */
    void write(final long gpa, final byte[] bytes) {
        memory.putBytes(gpa, bytes, 0, bytes.length);
        System.arraycopy(bytes, 0, expected, (int) (gpa - memory.baseGpa()), bytes.length);
    }

    /** Allows changes to {@code [gpa, gpa + length)} at the next {@link #check}. */
    void allow(final long gpa, final long length) {
        allowed.add(new long[] {gpa, gpa + length});
    }

    /**
     * Fails when a byte outside the excluded pages and the allowed ranges changed; then takes RAM as the new
     * expectation and forgets the allowed ranges.
     *
     * @param context what the failure message starts with (built only on failure)
     */
    void check(final java.util.function.Supplier<String> context) {
        memory.getBytes(memory.baseGpa(), actual, 0, actual.length);
        int from = 0;
        while (from < actual.length) {
            final int at = Arrays.mismatch(expected, from, expected.length, actual, from, actual.length);
            if (at < 0) {
                break;
            }
            final int index = from + at;
            final long gpa = memory.baseGpa() + index;
            if (excludedPage[index / HvPage.PAGE_SIZE]) {
                from = (index / HvPage.PAGE_SIZE + 1) * HvPage.PAGE_SIZE;
                continue;
            }
            final long allowedEnd = allowedEnd(gpa);
            if (allowedEnd < 0) {
                throw new AssertionError(context.get() + ": guest RAM byte at GPA 0x" + Long.toHexString(gpa)
                        + " changed from 0x" + Integer.toHexString(expected[index] & 0xFF) + " to 0x"
                        + Integer.toHexString(actual[index] & 0xFF) + " outside the buffers the input named "
                        + describeAllowed());
            }
            from = (int) (allowedEnd - memory.baseGpa());
        }
        final byte[] swap = expected;
        expected = actual;
        actual = swap;
        allowed.clear();
    }

    /** The end of the allowed range holding {@code gpa}, or -1. */
    private long allowedEnd(final long gpa) {
        long end = -1;
        for (final long[] r : allowed) {
            if (gpa >= r[0] && gpa < r[1]) {
                end = Math.max(end, r[1]);
            }
        }
        return end;
    }

    private String describeAllowed() {
        final StringBuilder sb = new StringBuilder("[");
        for (final long[] r : allowed) {
            sb.append(" 0x").append(Long.toHexString(r[0])).append("..0x").append(Long.toHexString(r[1]));
        }
        return sb.append(" ]").toString();
    }
}
