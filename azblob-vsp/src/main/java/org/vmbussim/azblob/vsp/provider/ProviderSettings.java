package org.vmbussim.azblob.vsp.provider;

import java.util.concurrent.Executor;

/**
 * The provider's settings, shared read-only by its channels.
 *
 * @param executor                 where requests run (the provider's pool or the caller's executor)
 * @param defaultTimeoutMillis     the timeout of a request whose {@code timeout_ms} is 0
 * @param completionSpaceWaitNanos how long a completion waits for ring space before it is dropped
 * @param maxInFlightPerChannel    most requests in flight on one channel
 * @param inline                   run requests on the channel's callback thread, not the executor: only
 *                                 for a backend that never blocks ({@code BlobBackend.mayBlock()} false)
 */
record ProviderSettings(Executor executor, long defaultTimeoutMillis, long completionSpaceWaitNanos,
        int maxInFlightPerChannel, boolean inline) {
}
