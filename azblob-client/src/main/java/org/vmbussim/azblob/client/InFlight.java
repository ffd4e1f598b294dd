package org.vmbussim.azblob.client;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.vmbussim.uapi.Errno;

/**
 * A window of asynchronous calls of one operation (blocks of an upload, ranges of a download), awaited in
 * the order they were sent. Every wait is bounded: the transport's request timeout for each try, plus the
 * wait for a buffer set. Used by one thread.
 */
final class InFlight {
    /** A finished call: what was sent, the answer, and the byte offset it was about. */
    record Done(BlobCall call, FastPathResponse response, long offset) {
    }

    private record Pending(BlobCall call, CompletableFuture<FastPathResponse> future, long offset) {
    }

    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private final long waitNanos;

    InFlight(final FastPathTransportOptions options) {
        this.waitNanos = options.timeout().toNanos() * (Exchange.MAX_ATTEMPTS + 1) + options.acquireTimeout().toNanos();
    }

    void add(final BlobCall call, final CompletableFuture<FastPathResponse> future) {
        add(call, future, 0);
    }

    void add(final BlobCall call, final CompletableFuture<FastPathResponse> future, final long offset) {
        pending.addLast(new Pending(call, future, offset));
    }

    int size() {
        return pending.size();
    }

    /** Waits for the oldest call and checks its status. */
    void awaitOldest(final int... expected) {
        awaitOldestResponse(expected);
    }

    /** Waits for the oldest call, checks its status and returns it. */
    Done awaitOldestResponse(final int... expected) {
        final Pending p = pending.removeFirst();
        return new Done(p.call(), p.call().check(await(p), expected), p.offset());
    }

    /** Waits for every call still in flight, ignoring their outcomes (after a failure of the operation). */
    void drainQuietly() {
        while (!pending.isEmpty()) {
            final Pending p = pending.removeFirst();
            try {
                await(p);
            } catch (final BlobFastPathException e) {
                if (e.errno() == Errno.EINTR) {
                    return;
                }
            }
        }
    }

    private FastPathResponse await(final Pending p) {
        try {
            return p.future().get(waitNanos, TimeUnit.NANOSECONDS);
        } catch (final ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw BlobFastPathException.notCarried(Errno.EIO, p.call().describe() + ": " + e.getCause(), e.getCause());
        } catch (final TimeoutException e) {
            throw BlobFastPathException.notCarried(Errno.ETIMEDOUT, p.call().describe() + ": no completion within "
                    + TimeUnit.NANOSECONDS.toMillis(waitNanos) + " ms", e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BlobFastPathException.notCarried(Errno.EINTR, p.call().describe() + ": interrupted", e);
        }
    }
}
