package org.vmbussim.mgmt.host;

import java.util.concurrent.CompletableFuture;
import org.vmbussim.mgmt.message.OfferChannel;
import org.vmbussim.mgmt.spi.ChannelDataPath;

/** One channel of the host; confined to the host's control executor. */
final class HostChannel {
    final OfferChannel offer;
    HostChannelState state = HostChannelState.PENDING;
    int openGpadl;
    int timesOpened;
    int targetVp;
    ChannelDataPath dataPath;
    int failOpens;
    int failStatus;
    CompletableFuture<Void> removal;

    HostChannel(final OfferChannel offer) {
        this.offer = offer;
    }

    int relid() {
        return offer.childRelid();
    }

    boolean isPrimary() {
        return !offer.offer().isSubChannel();
    }

    boolean isSubChannelOf(final HostChannel primary) {
        return offer.offer().isSubChannel()
                && offer.offer().interfaceType().equals(primary.offer.offer().interfaceType())
                && offer.offer().interfaceInstance().equals(primary.offer.offer().interfaceInstance());
    }

    HostChannelInfo info() {
        return new HostChannelInfo(relid(), offer, state, openGpadl, timesOpened, targetVp);
    }
}
