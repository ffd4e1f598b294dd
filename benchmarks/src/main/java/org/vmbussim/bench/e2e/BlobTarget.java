package org.vmbussim.bench.e2e;

import java.nio.ByteBuffer;

/**
 * One way of reaching the blob store that a benchmark drives: the fast path (client library, VSC, VMBus ring,
 * VSP) or REST over loopback HTTP. Thread-safe: benchmark threads share one target.
 */
public interface BlobTarget {
    /**
     * Reads a whole blob into a buffer the caller reuses (so the payload itself is not allocated per request).
     *
     * @param blob      the blob name in {@link BlobWorkload#CONTAINER}
     * @param into      cleared and filled from position 0
     * @param onRetry   told of every request sent again because a pooled connection had gone stale
     * @return the number of bytes read
     */
    int get(String blob, ByteBuffer into, RetryListener onRetry);

    /**
     * Writes (creates or replaces) a block blob with one request.
     *
     * @param blob    the blob name in {@link BlobWorkload#CONTAINER}
     * @param data    the content
     * @param onRetry told of every request sent again because a pooled connection had gone stale
     */
    void put(String blob, byte[] data, RetryListener onRetry);

    /** Receives a note for each request a target had to send again. */
    @FunctionalInterface
    interface RetryListener {
        /** Ignores retries. */
        RetryListener IGNORE = () -> { };

        /** One request was sent again after its pooled connection failed before any response byte. */
        void retried();
    }
}
