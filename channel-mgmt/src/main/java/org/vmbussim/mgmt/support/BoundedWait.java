package org.vmbussim.mgmt.support;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.vmbussim.mgmt.spi.Cancellable;
import org.vmbussim.mgmt.spi.ControlExecutor;

/**
 * Every wait of the control plane has a bound. {@link #within} turns any completion stage into one that also
 * fails after a timeout, and always completes on the control executor, whichever thread completed the original,
 * so the continuations keep the host's and guest's state confined to that executor.
 */
public final class BoundedWait {

    private BoundedWait() {
    }

    /**
     * A future that completes like {@code stage}, or exceptionally with {@code onTimeout} once {@code timeoutNanos}
     * have passed, whichever comes first; completed on {@code executor}.
     *
     * @param executor     the control executor
     * @param stage        what to wait for
     * @param timeoutNanos the bound
     * @param onTimeout    the failure to report on timeout
     * @param <T>          the value type
     * @return the bounded future
     */
    public static <T> CompletableFuture<T> within(final ControlExecutor executor, final CompletionStage<T> stage,
            final long timeoutNanos, final Supplier<? extends Throwable> onTimeout) {
        final CompletableFuture<T> result = new CompletableFuture<>();
        final Cancellable timer = executor.schedule(() -> result.completeExceptionally(onTimeout.get()),
                timeoutNanos, TimeUnit.NANOSECONDS);
        stage.whenComplete((value, error) -> executor.execute(() -> {
            timer.cancel();
            if (error != null) {
                result.completeExceptionally(unwrap(error));
            } else {
                result.complete(value);
            }
        }));
        return result;
    }

    /**
     * The real cause of a failed stage ({@link CompletionException} unwrapped).
     *
     * @param error the failure
     * @return its cause when it is a wrapper, else itself
     */
    public static Throwable unwrap(final Throwable error) {
        Throwable t = error;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
