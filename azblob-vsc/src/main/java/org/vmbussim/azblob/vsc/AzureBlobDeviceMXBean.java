package org.vmbussim.azblob.vsc;

import java.util.Map;

/**
 * The JMX view of one Azure Blob device (one MXBean per device, registered at probe under
 * {@link AzureBlobDevice#objectName()} and unregistered on removal). Read-only: the same numbers as
 * {@link AzureBlobDevice#statistics()}, plus the pending-request listing. Diagnostics are asked for,
 * never printed.
 */
public interface AzureBlobDeviceMXBean {

    /**
     * The device node.
     *
     * @return e.g. {@code /dev/azure_blob}
     */
    String getDevicePath();

    /**
     * The guest channel's name.
     *
     * @return the name
     */
    String getChannelName();

    /**
     * Whether removal has begun.
     *
     * @return true once removing
     */
    boolean isRemoving();

    /**
     * User requests received.
     *
     * @return the count
     */
    long getRequestsSubmitted();

    /**
     * Requests published on the ring.
     *
     * @return the count
     */
    long getRequestsSent();

    /**
     * Completions accepted.
     *
     * @return the count
     */
    long getCompletions();

    /**
     * Host packets dropped (unknown ids, wrong type, malformed).
     *
     * @return the count
     */
    long getDroppedPackets();

    /**
     * Requests the host holds now.
     *
     * @return the gauge
     */
    long getInFlight();

    /**
     * Requests the host holds whose caller was already answered.
     *
     * @return the gauge
     */
    long getOrphaned();

    /**
     * Requests waiting for ring space or a requestor id.
     *
     * @return the gauge
     */
    long getWaitingToSend();

    /**
     * Pages pinned by the device's requests.
     *
     * @return the gauge
     */
    long getPinnedPages();

    /**
     * Request bytes sent.
     *
     * @return the counter
     */
    long getRequestBytes();

    /**
     * Data bytes offered to the host.
     *
     * @return the counter
     */
    long getDataBytes();

    /**
     * Response bytes reported by accepted completions.
     *
     * @return the counter
     */
    long getResponseBytes();

    /**
     * Accepted completions per host status (decimal status, or {@code other}).
     *
     * @return status to count
     */
    Map<String, Long> getCompletionsByStatus();

    /**
     * Failures returned to callers, per errno name.
     *
     * @return errno to count
     */
    Map<String, Long> getErrnoCounts();

    /**
     * The pending-request listing in the seed's debugfs format.
     *
     * @return the text
     */
    String getPendingRequests();
}
