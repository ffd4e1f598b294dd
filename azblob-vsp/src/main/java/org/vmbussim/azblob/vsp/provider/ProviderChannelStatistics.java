package org.vmbussim.azblob.vsp.provider;

import java.util.Map;
import org.vmbussim.uapi.Errno;

/**
 * A snapshot of one channel's counters ({@link ProviderChannel#statistics()}). Counters only grow, except
 * {@link #inFlight()}. Maps hold only non-zero entries.
 *
 * @param packetsReceived              packets the channel delivered to the provider
 * @param requestsAccepted             requests that passed every check and entered the table
 * @param completionsSent              completions put on the ring (all outcomes)
 * @param completedCarried             completions with {@code error} = 0
 * @param completedWithError           completions with {@code error} &ne; 0, by errno
 * @param refusals                     requests refused before execution, by reason
 * @param httpStatuses                 responses written into guest buffers, by HTTP status
 * @param bytesFromGuest               request head and body bytes read from guest buffers
 * @param bytesToGuest                 response head and body bytes written into guest buffers
 * @param inFlight                     requests in the table now
 * @param duplicatesDropped            completion-requested packets dropped because their {@code trans_id}
 *                                     was in flight (no completion: the id cannot be completed twice)
 * @param noCompletionRequestedDropped packets without COMPLETION_REQUESTED, dropped unexecuted
 * @param zeroTransactionIdDropped     completion-requested packets with {@code trans_id} 0, dropped
 * @param timeouts                     requests completed with {@code ETIMEDOUT} by the provider's timer
 * @param lateResultsDiscarded         backend results that arrived after the request was timed out or
 *                                     abandoned, and were thrown away unwritten
 * @param abandoned                    requests in flight when the channel was detached
 * @param completionSpaceWaits         times a completion found the ring full and waited for space
 * @param completionsDropped           completions not sent: the channel was gone or detached, or the ring
 *                                     stayed full past the bound
 */
public record ProviderChannelStatistics(long packetsReceived, long requestsAccepted, long completionsSent,
        long completedCarried, Map<Errno, Long> completedWithError, Map<Refusal, Long> refusals,
        Map<Integer, Long> httpStatuses, long bytesFromGuest, long bytesToGuest, int inFlight,
        long duplicatesDropped, long noCompletionRequestedDropped, long zeroTransactionIdDropped, long timeouts,
        long lateResultsDiscarded, long abandoned, long completionSpaceWaits, long completionsDropped) {

    /**
     * Freezes the maps.
     *
     * @param packetsReceived              see the record description
     * @param requestsAccepted             see the record description
     * @param completionsSent              see the record description
     * @param completedCarried             see the record description
     * @param completedWithError           see the record description
     * @param refusals                     see the record description
     * @param httpStatuses                 see the record description
     * @param bytesFromGuest               see the record description
     * @param bytesToGuest                 see the record description
     * @param inFlight                     see the record description
     * @param duplicatesDropped            see the record description
     * @param noCompletionRequestedDropped see the record description
     * @param zeroTransactionIdDropped     see the record description
     * @param timeouts                     see the record description
     * @param lateResultsDiscarded         see the record description
     * @param abandoned                    see the record description
     * @param completionSpaceWaits         see the record description
     * @param completionsDropped           see the record description
     */
    public ProviderChannelStatistics {
        completedWithError = Map.copyOf(completedWithError);
        refusals = Map.copyOf(refusals);
        httpStatuses = Map.copyOf(httpStatuses);
    }

    /**
     * Completions sent with one errno.
     *
     * @param errno the errno
     * @return the count, 0 when none
     */
    public long completedWith(final Errno errno) {
        return completedWithError.getOrDefault(errno, 0L);
    }

    /**
     * Requests refused for one reason.
     *
     * @param refusal the reason
     * @return the count, 0 when none
     */
    public long refused(final Refusal refusal) {
        return refusals.getOrDefault(refusal, 0L);
    }
}
