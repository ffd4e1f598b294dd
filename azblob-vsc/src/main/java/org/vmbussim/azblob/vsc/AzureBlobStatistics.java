package org.vmbussim.azblob.vsc;

import java.util.Map;
import org.vmbussim.uapi.Errno;

/**
 * A snapshot of one device's counters and gauges ({@link AzureBlobDevice#statistics()}; the same numbers
 * the device's MXBean shows). Counters only grow; gauges are the state at the moment of the snapshot.
 *
 * @param requestsSubmitted      user-request ioctls and submissions received (any outcome)
 * @param requestsSent           requests published on the ring
 * @param completions            completions accepted (valid, for a live request)
 * @param droppedPackets         packets from the host dropped: not a completion, unknown / zero / duplicate /
 *                               sentinel id, malformed
 * @param orphanedTotal          requests whose caller was answered (timeout, exit) before the host
 * @param requestBytes           {@code request_len} summed over sent requests
 * @param dataBytes              {@code data_valid} summed over sent requests (body bytes offered to the host)
 * @param responseBytes          {@code response_len} summed over accepted completions
 * @param completionsByStatus    accepted completions per host status ({@code error}, as an unsigned value)
 * @param completionsOtherStatus accepted completions whose status was beyond the tracked distinct values
 * @param errnoCounts            failures returned to callers, per errno (only non-zero entries)
 * @param inFlight               gauge: requests the host holds (sent, not completed), orphans included
 * @param orphaned               gauge: of those, requests whose caller was already answered
 * @param waitingToSend          gauge: admitted requests waiting for ring space or a requestor id
 * @param pinnedPages            gauge: pages the device's requests keep pinned (a page shared by two buffers
 *                               counts twice)
 * @param openFiles              gauge: open files (and released ones whose requests the host still holds)
 */
public record AzureBlobStatistics(long requestsSubmitted, long requestsSent, long completions, long droppedPackets,
        long orphanedTotal, long requestBytes, long dataBytes, long responseBytes, Map<Long, Long> completionsByStatus,
        long completionsOtherStatus, Map<Errno, Long> errnoCounts, long inFlight, long orphaned, long waitingToSend,
        long pinnedPages, int openFiles) {

    /**
     * Copies the maps.
     *
     * @param requestsSubmitted      submitted
     * @param requestsSent           sent
     * @param completions            completions
     * @param droppedPackets         dropped packets
     * @param orphanedTotal          orphaned, ever
     * @param requestBytes           request bytes
     * @param dataBytes              data bytes
     * @param responseBytes          response bytes
     * @param completionsByStatus    per status
     * @param completionsOtherStatus other statuses
     * @param errnoCounts            per errno
     * @param inFlight               in flight
     * @param orphaned               orphaned now
     * @param waitingToSend          waiting to send
     * @param pinnedPages            pinned pages
     * @param openFiles              open files
     */
    public AzureBlobStatistics {
        completionsByStatus = Map.copyOf(completionsByStatus);
        errnoCounts = Map.copyOf(errnoCounts);
    }

    /**
     * How many failures with one errno.
     *
     * @param errno the errno
     * @return the count
     */
    public long errnoCount(final Errno errno) {
        return errnoCounts.getOrDefault(errno, 0L);
    }

    /**
     * How many accepted completions carried one status.
     *
     * @param status the host's {@code error} value (unsigned)
     * @return the count
     */
    public long statusCount(final long status) {
        return completionsByStatus.getOrDefault(status, 0L);
    }
}
