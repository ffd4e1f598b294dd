package org.vmbussim.azblob.vsc;

import java.util.Map;
import java.util.TreeMap;

/** Serves {@link AzureBlobDeviceMXBean} from a device's statistics snapshot. */
final class DeviceMXBeanAdapter implements AzureBlobDeviceMXBean {
    private final AzureBlobDevice device;

    DeviceMXBeanAdapter(final AzureBlobDevice device) {
        this.device = device;
    }

    @Override
    public String getDevicePath() {
        return device.path();
    }

    @Override
    public String getChannelName() {
        return device.channel().name();
    }

    @Override
    public boolean isRemoving() {
        return device.isRemoving();
    }

    @Override
    public long getRequestsSubmitted() {
        return device.statistics().requestsSubmitted();
    }

    @Override
    public long getRequestsSent() {
        return device.statistics().requestsSent();
    }

    @Override
    public long getCompletions() {
        return device.statistics().completions();
    }

    @Override
    public long getDroppedPackets() {
        return device.statistics().droppedPackets();
    }

    @Override
    public long getInFlight() {
        return device.statistics().inFlight();
    }

    @Override
    public long getOrphaned() {
        return device.statistics().orphaned();
    }

    @Override
    public long getWaitingToSend() {
        return device.statistics().waitingToSend();
    }

    @Override
    public long getPinnedPages() {
        return device.statistics().pinnedPages();
    }

    @Override
    public long getRequestBytes() {
        return device.statistics().requestBytes();
    }

    @Override
    public long getDataBytes() {
        return device.statistics().dataBytes();
    }

    @Override
    public long getResponseBytes() {
        return device.statistics().responseBytes();
    }

    @Override
    public Map<String, Long> getCompletionsByStatus() {
        final AzureBlobStatistics s = device.statistics();
        final Map<String, Long> out = new TreeMap<>();
        s.completionsByStatus().forEach((status, n) -> out.put(Long.toString(status), n));
        if (s.completionsOtherStatus() != 0) {
            out.put("other", s.completionsOtherStatus());
        }
        return out;
    }

    @Override
    public Map<String, Long> getErrnoCounts() {
        final Map<String, Long> out = new TreeMap<>();
        device.statistics().errnoCounts().forEach((errno, n) -> out.put(errno.name(), n));
        return out;
    }

    @Override
    public String getPendingRequests() {
        return device.pendingRequestsListing();
    }
}
