package org.vmbussim.cli.demo;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.vmbussim.azblob.vsp.backend.BlobBackend;
import org.vmbussim.azblob.vsp.backend.BlobOutcome;
import org.vmbussim.azblob.vsp.backend.BlobRequest;
import org.vmbussim.uapi.Errno;

/** A backend that holds requests until released (bounded), so requests stay pending for the diagnostics. */
final class HoldingBackend implements BlobBackend {
    private final BlobBackend delegate;
    private final long holdLimitNanos;
    private final AtomicInteger held = new AtomicInteger();
    private boolean holding;

    HoldingBackend(final BlobBackend delegate, final long holdLimitMillis) {
        this.delegate = delegate;
        this.holdLimitNanos = TimeUnit.MILLISECONDS.toNanos(holdLimitMillis);
    }

    int held() {
        return held.get();
    }

    synchronized void hold() {
        holding = true;
    }

    synchronized void release() {
        holding = false;
        notifyAll();
    }

    @Override
    public BlobOutcome execute(final BlobRequest request, final long bodyCapacityBytes) {
        held.incrementAndGet();
        try {
            synchronized (this) {
                final long deadline = System.nanoTime() + holdLimitNanos;
                while (holding) {
                    final long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return new BlobOutcome.Failed(Errno.ETIMEDOUT, "held past the limit");
                    }
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return new BlobOutcome.Failed(Errno.EINTR, "interrupted while held");
        } finally {
            held.decrementAndGet();
        }
        return delegate.execute(request, bodyCapacityBytes);
    }

    @Override
    public void close() {
        release();
        delegate.close();
    }
}
