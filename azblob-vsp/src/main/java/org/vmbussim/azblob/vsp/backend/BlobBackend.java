package org.vmbussim.azblob.vsp.backend;

/**
 * Executes Blob REST requests. One interface for every store (in memory, file store, forwarding to a
 * real Blob endpoint) and every front (the VMBus fast path, the loopback HTTP front).
 *
 * <p>Implementations are thread-safe: {@link #execute} may be called from many threads at once, and
 * requests on different blobs proceed in parallel. A backend never throws for a bad request: bad
 * requests get their HTTP error response, and failures to carry a request are {@link
 * BlobOutcome.Failed}. The caller passes the capacity of its body buffer so that a response body is
 * never silently truncated: a larger body gives {@link BlobOutcome.BodyTooLarge} with the size needed.
 */
public interface BlobBackend extends AutoCloseable {
    /** Capacity meaning "no limit but the backend's own". */
    long UNLIMITED = Long.MAX_VALUE;

    /**
     * Executes one request.
     *
     * @param request the request (its body is not modified)
     * @param bodyCapacityBytes how many response body bytes the caller can take (≥ 0)
     * @return the outcome; never null
     */
    BlobOutcome execute(BlobRequest request, long bodyCapacityBytes);

    /**
     * Executes one request with no caller-side body limit.
     *
     * @param request the request
     * @return the outcome: {@link BlobOutcome.Completed} or {@link BlobOutcome.Failed}
     */
    default BlobOutcome execute(BlobRequest request) {
        return execute(request, UNLIMITED);
    }

    /**
     * Whether {@link #execute} may wait on anything but the CPU: file or network I/O, a remote peer, a
     * lock held across I/O, a test hook. A backend that answers false promises every call is bounded CPU
     * work (at most brief contention on in-memory locks), so callers may run it on a thread that must not
     * block, such as a VMBus channel's callback thread, instead of handing it to a worker pool. The
     * default, true, is always safe.
     *
     * @return false only when no call ever blocks
     */
    default boolean mayBlock() {
        return true;
    }

    /** Releases the backend's resources (threads, files, connections); idempotent. */
    @Override
    void close();
}
