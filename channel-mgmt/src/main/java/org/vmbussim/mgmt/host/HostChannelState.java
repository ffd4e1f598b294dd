package org.vmbussim.mgmt.host;

/** A channel's state as the host sees it. */
public enum HostChannelState {
    /** Offered by the device, not yet sent to the guest (it has not asked for offers). */
    PENDING,
    /** Sent to the guest; not open. */
    OFFERED,
    /** Open: the guest sent OPENCHANNEL and the host accepted. */
    OPEN,
    /** Rescinded; the relid stays reserved until the guest sends RELID_RELEASED. */
    REVOKED,
    /** The guest declined the offer with RELID_RELEASED; it will not use the channel. */
    RELEASED_BY_GUEST
}
