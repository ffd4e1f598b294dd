package org.vmbussim.azblob.vsp.provider;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.vmbussim.azblob.vsp.backend.BlobBackend;
import org.vmbussim.azblob.vsp.backend.BlobOutcome;
import org.vmbussim.azblob.vsp.backend.BlobRequest;
import org.vmbussim.uapi.Errno;

/**
 * A backend that holds the requests a predicate picks until {@link #release()} (a slow or hung store),
 * then passes them to the real one. The wait is bounded; an interrupt ends it with {@code EINTR}.
 */
final class BlockingBackend implements BlobBackend {
    private final BlobBackend delegate;
    private final Predicate<BlobRequest> holds;
    private final CountDownLatch released = new CountDownLatch(1);
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger finished = new AtomicInteger();

    BlockingBackend(final BlobBackend delegate, final Predicate<BlobRequest> holds) {
        this.delegate = delegate;
        this.holds = holds;
    }

    @Override
    public BlobOutcome execute(final BlobRequest request, final long bodyCapacityBytes) {
        try {
            if (holds.test(request)) {
                waiting.incrementAndGet();
                try {
                    if (!released.await(30, TimeUnit.SECONDS)) {
                        return new BlobOutcome.Failed(Errno.ETIMEDOUT, "test backend never released");
                    }
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new BlobOutcome.Failed(Errno.EINTR, "interrupted");
                } finally {
                    waiting.decrementAndGet();
                }
            }
            return delegate.execute(request, bodyCapacityBytes);
        } finally {
            finished.incrementAndGet();
        }
    }

    void release() {
        released.countDown();
    }

    /** Requests held right now. */
    int waiting() {
        return waiting.get();
    }

    /** Requests that have returned (held or not). */
    int finished() {
        return finished.get();
    }

    @Override
    public void close() {
        release();
    }
}
