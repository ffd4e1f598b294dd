package org.vmbussim.azblob.protocol;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random request ids in the two forms the fast path sends: the service's {@code x-ms-request-id}
 * ({@link #serviceForm()}, 8-4-4-4-12 lower-case hex with a version digit {@code 4}) and the client's
 * {@code x-ms-client-request-id} ({@link #clientForm()}, 32 lower-case hex digits). Written digit by digit into a
 * scratch array, then copied once into the string ({@code String.format} costs more than the rest of a small
 * request's response, and a new scratch array per id was a request's second copy of it).
 *
 * <p><b>Ownership of the scratch.</b> Each thread writes into its own array ({@link ThreadLocal}), which never
 * leaves this class: a caller gets a string, which copied the array's bytes, so the next id written into the array
 * cannot change an id handed out before. The scratch belongs to this instance, which its owner (one storage
 * engine, one service client) holds: no state is shared between devices or hosts in one JVM. Thread-safe.
 */
public final class RequestIds {
    /** Characters of {@link #serviceForm()}. */
    public static final int SERVICE_FORM_LENGTH = 36;
    /** Characters of {@link #clientForm()}. */
    public static final int CLIENT_FORM_LENGTH = 32;

    private static final byte[] LOWER_HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final ThreadLocal<byte[]> scratch = ThreadLocal.withInitial(() -> new byte[SERVICE_FORM_LENGTH]);

    /** An instance with its own scratch arrays. */
    public RequestIds() {
    }

    /**
     * A random id in the 8-4-4-4-12 hex form with a '4' version digit, as the service sends.
     *
     * @return 36 characters
     */
    public String serviceForm() {
        final ThreadLocalRandom r = ThreadLocalRandom.current();
        final long high = r.nextLong();
        final long low = r.nextLong();
        final byte[] id = scratch.get();
        int digit = 0;
        for (int at = 0; at < SERVICE_FORM_LENGTH; at++) {
            if (at == 8 || at == 13 || at == 18 || at == 23) {
                id[at] = '-';
            } else if (at == 14) {
                id[at] = '4';
                digit++;
            } else {
                final long word = digit < 16 ? high : low;
                id[at] = LOWER_HEX[(int) (word >>> (60 - 4 * (digit % 16))) & 0xf];
                digit++;
            }
        }
        return new String(id, 0, SERVICE_FORM_LENGTH, StandardCharsets.ISO_8859_1);
    }

    /**
     * 32 random lower-case hex digits (the high bit of each half set, so the first digit of each half is 8 to f).
     *
     * @return 32 characters
     */
    public String clientForm() {
        final ThreadLocalRandom r = ThreadLocalRandom.current();
        final byte[] digits = scratch.get();
        hex(r.nextLong() | Long.MIN_VALUE, digits, 0);
        hex(r.nextLong() | Long.MIN_VALUE, digits, 16);
        return new String(digits, 0, CLIENT_FORM_LENGTH, StandardCharsets.ISO_8859_1);
    }

    private static void hex(final long value, final byte[] into, final int at) {
        for (int i = 0; i < 16; i++) {
            into[at + i] = LOWER_HEX[(int) (value >>> (60 - 4 * i)) & 0xf];
        }
    }
}
