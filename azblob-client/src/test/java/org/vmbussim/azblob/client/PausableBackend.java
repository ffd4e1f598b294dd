package org.vmbussim.azblob.client;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.vmbussim.azblob.vsp.backend.BlobBackend;
import org.vmbussim.azblob.vsp.backend.BlobOutcome;
import org.vmbussim.azblob.vsp.backend.BlobRequest;
import org.vmbussim.uapi.Errno;

/** A backend that can hold requests (bounded, 30 s) to show how many are in flight at the host at once. */
final class PausableBackend implements BlobBackend {
    private static final long HOLD_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final BlobBackend delegate;
    private final AtomicInteger inFlight = new AtomicInteger();
    private boolean paused;

    PausableBackend(final BlobBackend delegate) {
        this.delegate = delegate;
    }

    synchronized void pause() {
        paused = true;
    }

    synchronized void resume() {
        paused = false;
        notifyAll();
    }

    int inFlight() {
        return inFlight.get();
    }

    @Override
    public BlobOutcome execute(final BlobRequest request, final long bodyCapacityBytes) {
        inFlight.incrementAndGet();
        try {
            synchronized (this) {
                final long deadline = System.nanoTime() + HOLD_LIMIT_NANOS;
                while (paused) {
                    final long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return new BlobOutcome.Failed(Errno.ETIMEDOUT, "held past the test's bound");
                    }
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            }
            return delegate.execute(request, bodyCapacityBytes);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return new BlobOutcome.Failed(Errno.EINTR, "interrupted while held");
        } finally {
            inFlight.decrementAndGet();
        }
    }

    @Override
    public void close() {
        delegate.close();
    }
}
