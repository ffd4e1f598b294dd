package org.vmbussim.mgmt.host;

import org.vmbussim.mgmt.message.OfferChannel;

/**
 * A snapshot of one host channel.
 *
 * @param relid       the relid
 * @param offer       the offer message the host sends for it
 * @param state       its state
 * @param openGpadl   the ring GPADL while open, else 0
 * @param timesOpened how many opens the host accepted
 * @param targetVp    the VP from the last open or MODIFYCHANNEL
 */
public record HostChannelInfo(int relid, OfferChannel offer, HostChannelState state, int openGpadl,
        int timesOpened, int targetVp) {
}
