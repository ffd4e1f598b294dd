package org.vmbussim.azblob.vsp.provider;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
    private final Map<Integer, LongAdder> httpStatuses = new ConcurrentHashMap<>();

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
        httpStatuses.computeIfAbsent(status, s -> new LongAdder()).increment();
    }

    ProviderChannelStatistics snapshot(final int inFlight) {
        return new ProviderChannelStatistics(packetsReceived.sum(), requestsAccepted.sum(), completionsSent.sum(),
                completedCarried.sum(), nonZero(completedWithError), nonZero(refusals), nonZero(httpStatuses),
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
