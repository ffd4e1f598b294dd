package org.vmbussim.bench.e2e;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.vmbussim.azblob.vsp.backend.BlobBackend;
import org.vmbussim.azblob.vsp.backend.BlobOutcome;
import org.vmbussim.azblob.vsp.store.StorageEngine;

/**
 * Prepares the store every end-to-end benchmark reads and writes, and checks a target returns what was stored
 * (a benchmark of a broken path would measure nothing).
 */
public final class StoreSetup {
    private StoreSetup() {
    }

    /**
     * A new in-memory store that verifies SharedKey for {@link BlobWorkload#ACCOUNT}, as the real service does.
     *
     * @return the store (the caller closes it)
     */
    public static StorageEngine newStore() {
        return StorageEngine.inMemory();
    }

    /**
     * Creates the container and, per size, the blob GETs read and the blobs {@code writers} PUT writers
     * overwrite, straight on the backend.
     *
     * @param store   the store
     * @param sizes   payload sizes
     * @param writers writers per size
     */
    public static void preload(final BlobBackend store, final int[] sizes, final int writers) {
        final RestRequests requests = new RestRequests();
        final int created = status(store.execute(requests.signed("PUT", RestRequests.containerTarget(), null), 0));
        if (created != 201 && created != 409) {
            throw new IllegalStateException("creating the container answered " + created);
        }
        for (final int size : sizes) {
            final byte[] data = BlobWorkload.payload(size);
            put(store, requests, BlobWorkload.readBlob(size), data);
            for (int w = 0; w < writers; w++) {
                put(store, requests, BlobWorkload.writeBlob(size, w), data);
            }
        }
    }

    private static void put(final BlobBackend store, final RestRequests requests, final String blob,
            final byte[] data) {
        final int status = status(store.execute(requests.signed("PUT", RestRequests.blobTarget(blob), data,
                "x-ms-blob-type", "BlockBlob"), 0));
        if (status != 201) {
            throw new IllegalStateException("PUT " + blob + " answered " + status);
        }
    }

    private static int status(final BlobOutcome outcome) {
        if (outcome instanceof BlobOutcome.Completed c) {
            return c.response().status();
        }
        throw new IllegalStateException("the store did not complete the request: " + outcome);
    }

    /**
     * Reads the GET blob of one size through a target and compares it with the payload.
     *
     * @param target the way in
     * @param size   the size
     * @throws IllegalStateException when the bytes differ
     */
    public static void verify(final BlobTarget target, final int size) {
        final ByteBuffer into = ByteBuffer.allocate(size);
        final int read = target.get(BlobWorkload.readBlob(size), into, BlobTarget.RetryListener.IGNORE);
        if (read != size || !Arrays.equals(BlobWorkload.payload(size), into.array())) {
            throw new IllegalStateException(target + " returned " + read + " bytes that differ from the "
                    + size + "-byte blob stored");
        }
    }
}
