package org.vmbussim.testfixtures.reliability;

import java.util.concurrent.atomic.AtomicReference;
import org.vmbussim.azblob.vsp.backend.BlobBackend;
import org.vmbussim.azblob.vsp.backend.BlobOutcome;
import org.vmbussim.azblob.vsp.backend.BlobRequest;
import org.vmbussim.uapi.Errno;

/**
 * A backend in front of a real store that can fail the next request with an errno (a transient fault: the
 * store is down, throttled, timed out) or run a fault while it is executing one (the "in the backend" point of a
 * request's life).
 */
final class FaultyBackend implements BlobBackend {
    private final BlobBackend store;
    private final AtomicReference<Errno> failNext = new AtomicReference<>();
    private final AtomicReference<Runnable> duringNext = new AtomicReference<>();
    private volatile String onlyTargetsEndingWith;

    FaultyBackend(final BlobBackend store) {
        this.store = store;
    }

    /** From now on the faults wait for a request whose target ends with {@code suffix} (null: any request). */
    void onlyFor(final String suffix) {
        onlyTargetsEndingWith = suffix;
    }

    void failNext(final Errno errno) {
        failNext.set(errno);
    }

    void duringNext(final Runnable fault) {
        duringNext.set(fault);
    }

    @Override
    public BlobOutcome execute(final BlobRequest request, final long bodyCapacityBytes) {
        final String suffix = onlyTargetsEndingWith;
        if (suffix != null && !request.target().endsWith(suffix)) {
            return store.execute(request, bodyCapacityBytes);
        }
        final Runnable fault = duringNext.getAndSet(null);
        if (fault != null) {
            fault.run();
        }
        final Errno errno = failNext.getAndSet(null);
        if (errno != null) {
            return new BlobOutcome.Failed(errno, "injected backend fault");
        }
        return store.execute(request, bodyCapacityBytes);
    }

    @Override
    public void close() {
        store.close();
    }
}
