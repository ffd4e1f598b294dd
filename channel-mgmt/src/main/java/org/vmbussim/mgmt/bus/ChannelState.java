package org.vmbussim.mgmt.bus;

/** A channel's state ({@code enum vmbus_channel_state}, VMBUS-REFERENCE.md §4.5), plus its end. */
public enum ChannelState {
    /** {@code CHANNEL_OFFER_STATE}: offered, not yet set up. */
    OFFER,
    /** {@code CHANNEL_OPENING_STATE}: an open is in flight. */
    OPENING,
    /** {@code CHANNEL_OPEN_STATE}: set up; may be opened. */
    OPEN,
    /** {@code CHANNEL_OPENED_STATE}: open, the rings are in use. */
    OPENED,
    /** Gone: rescinded and released, or unloaded. */
    REMOVED
}
