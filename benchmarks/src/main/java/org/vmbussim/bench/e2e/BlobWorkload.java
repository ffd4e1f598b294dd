package org.vmbussim.bench.e2e;

import java.util.SplittableRandom;
import org.vmbussim.azblob.vsp.backend.SharedKeyCredential;

/**
 * The data every end-to-end benchmark uses: one account, one container, a blob per size to read, and a blob
 * per size and writer to overwrite. Payloads are seeded random bytes (so nothing compresses or dedupes).
 */
public final class BlobWorkload {
    /** The account: the storage emulator's well-known one, whose SharedKey the store verifies. */
    public static final String ACCOUNT = SharedKeyCredential.DEV_ACCOUNT;
    /** Its key. */
    public static final String ACCOUNT_KEY = SharedKeyCredential.DEV_ACCOUNT_KEY;
    /** The container every blob lives in. */
    public static final String CONTAINER = "bench";
    /** The Blob REST version every hand-built request names (the fast-path client's own). */
    public static final String SERVICE_VERSION = "2021-08-06";
    /** The largest payload any benchmark moves. */
    public static final int MAX_PAYLOAD_BYTES = 1 << 20;

    private static final long SEED = 0x5eed_b10bL;

    private BlobWorkload() {
    }

    /**
     * Seeded random content of one size (the same bytes for the same size in every run).
     *
     * @param sizeBytes the length
     * @return new bytes
     */
    public static byte[] payload(final int sizeBytes) {
        final byte[] data = new byte[sizeBytes];
        final SplittableRandom random = new SplittableRandom(SEED + sizeBytes);
        for (int i = 0; i < sizeBytes; i += 8) {
            long v = random.nextLong();
            for (int b = i; b < Math.min(sizeBytes, i + 8); b++) {
                data[b] = (byte) v;
                v >>>= 8;
            }
        }
        return data;
    }

    /**
     * The blob GET benchmarks read.
     *
     * @param sizeBytes its size
     * @return its name
     */
    public static String readBlob(final int sizeBytes) {
        return "read-" + sizeBytes;
    }

    /**
     * The blob one writer overwrites (one per writer, so writers do not contend on one name).
     *
     * @param sizeBytes the size written
     * @param writer    the writer's index
     * @return its name
     */
    public static String writeBlob(final int sizeBytes, final int writer) {
        return "write-" + sizeBytes + "-" + writer;
    }
}
