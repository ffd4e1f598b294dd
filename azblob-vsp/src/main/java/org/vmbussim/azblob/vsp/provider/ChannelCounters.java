package org.vmbussim.azblob.vsp.provider;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import org.vmbussim.uapi.Errno;

/**
 * One channel's counters, updated from the receive path, the workers and the timers at once
 * ({@link LongAdder}s; the enum maps are filled at construction and never change shape, so reading them
 * needs no lock). {@link #snapshot} copies them into a {@link ProviderChannelStatistics}.
 */
final class ChannelCounters {
    final LongAdder packetsReceived = new LongAdder();
    final LongAdder requestsAccepted = new LongAdder();
    final LongAdder completionsSent = new LongAdder();
    final LongAdder completedCarried = new LongAdder();
    final LongAdder bytesFromGuest = new LongAdder();
    final LongAdder bytesToGuest = new LongAdder();
    final LongAdder duplicatesDropped = new LongAdder();
    final LongAdder noCompletionRequestedDropped = new LongAdder();
    final LongAdder zeroTransactionIdDropped = new LongAdder();
    final LongAdder timeouts = new LongAdder();
    final LongAdder lateResultsDiscarded = new LongAdder();
    final LongAdder abandoned = new LongAdder();
    final LongAdder completionSpaceWaits = new LongAdder();
    final LongAdder completionsDropped = new LongAdder();

    private final Map<Errno, LongAdder> completedWithError = new EnumMap<>(Errno.class);
    private final Map<Refusal, LongAdder> refusals = new EnumMap<>(Refusal.class);
    /**
     * Responses by HTTP status, indexed by {@code status - 100} (BlobResponse holds 100..599 only); each counter
     * made on first use. An array rather than a map keyed by Integer: no boxed key per request.
     */
    private final AtomicReferenceArray<LongAdder> httpStatuses = new AtomicReferenceArray<>(500);

    ChannelCounters() {
        for (final Errno e : Errno.values()) {
            completedWithError.put(e, new LongAdder());
        }
        for (final Refusal r : Refusal.values()) {
            refusals.put(r, new LongAdder());
        }
    }

    void completionSent(final VspCompletion completion) {
        completionsSent.increment();
        if (completion.error() == null) {
            completedCarried.increment();
        } else {
            completedWithError.get(completion.error()).increment();
        }
    }

    void refused(final Refusal refusal) {
        refusals.get(refusal).increment();
    }

    void httpStatus(final int status) {
        final int index = status - 100;
        LongAdder counter = httpStatuses.get(index);
        if (counter == null) {
            httpStatuses.compareAndSet(index, null, new LongAdder()); // the first of racing threads wins
            counter = httpStatuses.get(index);
        }
        counter.increment();
    }

    private Map<Integer, Long> httpStatusCounts() {
        final Map<Integer, Long> out = new HashMap<>();
        for (int i = 0; i < httpStatuses.length(); i++) {
            final LongAdder counter = httpStatuses.get(i);
            final long n = counter == null ? 0 : counter.sum();
            if (n != 0) {
                out.put(100 + i, n);
            }
        }
        return out;
    }

    ProviderChannelStatistics snapshot(final int inFlight) {
        return new ProviderChannelStatistics(packetsReceived.sum(), requestsAccepted.sum(), completionsSent.sum(),
                completedCarried.sum(), nonZero(completedWithError), nonZero(refusals), httpStatusCounts(),
                bytesFromGuest.sum(), bytesToGuest.sum(), inFlight, duplicatesDropped.sum(),
                noCompletionRequestedDropped.sum(), zeroTransactionIdDropped.sum(), timeouts.sum(),
                lateResultsDiscarded.sum(), abandoned.sum(), completionSpaceWaits.sum(), completionsDropped.sum());
    }

    private static <K> Map<K, Long> nonZero(final Map<K, LongAdder> counters) {
        final Map<K, Long> out = new HashMap<>();
        counters.forEach((k, v) -> {
            final long n = v.sum();
            if (n != 0) {
                out.put(k, n);
            }
        });
        return out;
    }
}
