package org.vmbussim.core.channel;

/** The life of one side of an open channel. Only {@link #OPEN} sends and receives. */
public enum ChannelState {
    /** Sending and receiving. */
    OPEN,
    /** The host revoked the channel: sends fail with {@code ENODEV}, waiters are released. */
    RESCINDED,
    /** This side closed it. */
    CLOSED,
    /** A ring was found corrupt; the channel is unusable (the peer broke the protocol). */
    FAULTED
}
