package org.vmbussim.testfixtures.reliability;

import java.util.Arrays;
import java.util.Random;
import org.vmbussim.wire.LittleEndian;

/**
 * Raw mutation of valid inputs (the libFuzzer moves that matter for length- and index-driven parsers): flip a
 * bit, set a byte, write a boundary value as a little-endian u16, u32 or u64 (aligned or not), truncate, extend
 * with garbage, duplicate a slice.
 */
final class Mutator {
    /** Values at the edges of the checks parsers make (page size, u16/u32 limits, sign bits, sentinels). */
    private static final long[] INTERESTING = {0, 1, 2, 3, 7, 8, 15, 16, 24, 56, 0x7f, 0x80, 0xff, 0x100, 0xfff,
        0x1000, 0x1001, 0x2000, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fff_ffffL, 0x8000_0000L, 0xffff_f000L,
        0xffff_ffffL, 0x1_0000_0000L, -1L, -2L, -3L, -4L, Long.MIN_VALUE, Long.MAX_VALUE};

    private Mutator() {
    }

    /**
     * A boundary value.
     *
     * @param random the randomness
     * @return one of the interesting values
     */
    static long interesting(final Random random) {
        return INTERESTING[random.nextInt(INTERESTING.length)];
    }

    /**
     * Mutates a copy of {@code input} 1 to {@code maxMoves} times.
     *
     * @param input    the valid input (not changed)
     * @param random   the randomness
     * @param maxMoves most mutations
     * @return the mutant
     */
    static byte[] mutate(final byte[] input, final Random random, final int maxMoves) {
        byte[] bytes = input.clone();
        final int moves = 1 + random.nextInt(maxMoves);
        for (int m = 0; m < moves; m++) {
            bytes = move(bytes, random);
        }
        return bytes;
    }

    private static byte[] move(final byte[] bytes, final Random random) {
        if (bytes.length == 0) {
            return garbage(random, 1 + random.nextInt(16));
        }
        final int at = random.nextInt(bytes.length);
        switch (random.nextInt(9)) {
            case 0:
                bytes[at] ^= (byte) (1 << random.nextInt(8));
                return bytes;
            case 1:
                bytes[at] = (byte) random.nextInt(256);
                return bytes;
            case 2:
                if (bytes.length >= 2) {
                    LittleEndian.putShort(bytes, Math.min(at & ~1, bytes.length - 2), (int) interesting(random));
                }
                return bytes;
            case 3:
                if (bytes.length >= 4) {
                    LittleEndian.putInt(bytes, Math.min(at & ~3, bytes.length - 4), (int) interesting(random));
                }
                return bytes;
            case 4:
                if (bytes.length >= 8) {
                    LittleEndian.putLong(bytes, Math.min(at & ~7, bytes.length - 8), interesting(random));
                }
                return bytes;
            case 5:
                if (bytes.length >= 4) {
                    LittleEndian.putInt(bytes, Math.min(at, bytes.length - 4), (int) interesting(random));
                }
                return bytes;
            case 6:
                return Arrays.copyOf(bytes, random.nextInt(bytes.length));
            case 7: {
                final byte[] longer = Arrays.copyOf(bytes, bytes.length + 1 + random.nextInt(32));
                for (int i = bytes.length; i < longer.length; i++) {
                    longer[i] = (byte) random.nextInt(256);
                }
                return longer;
            }
            default: {
                final int from = random.nextInt(bytes.length);
                final int length = 1 + random.nextInt(Math.min(16, bytes.length - from));
                final int to = random.nextInt(bytes.length);
                System.arraycopy(bytes, from, bytes, to, Math.min(length, bytes.length - to));
                return bytes;
            }
        }
    }

    /**
     * Random bytes.
     *
     * @param random the randomness
     * @param length how many
     * @return the bytes
     */
    static byte[] garbage(final Random random, final int length) {
        final byte[] b = new byte[length];
        random.nextBytes(b);
        return b;
    }
}
