package org.vmbussim.core.channel;

/**
 * Counters of one side of a channel, like Linux's per-channel debugfs/sysfs counters.
 *
 * @param packetsSent         packets published on the outgoing ring
 * @param bytesSent           ring bytes those took (packet, padding, trailer)
 * @param packetsReceived     packets read from the incoming ring
 * @param bytesReceived       ring bytes those took
 * @param signalsSent         interrupts sent to the peer
 * @param signalsReceived     interrupts received from the peer
 * @param ringFullEvents      sends refused for lack of ring space
 * @param requestorFullEvents sends refused for lack of a requestor id
 * @param requestsInFlight    requestor ids held (guest side)
 */
public record ChannelStatistics(long packetsSent, long bytesSent, long packetsReceived, long bytesReceived,
        long signalsSent, long signalsReceived, long ringFullEvents, long requestorFullEvents, int requestsInFlight) {
}
