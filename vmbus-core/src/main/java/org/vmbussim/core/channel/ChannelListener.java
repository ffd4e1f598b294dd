package org.vmbussim.core.channel;

/** Told when a {@link ChannelEnd} leaves {@link ChannelState#OPEN}. */
@FunctionalInterface
public interface ChannelListener {

    /**
     * The channel changed state; called once, on the thread that changed it.
     *
     * @param channel the channel
     * @param state   the new state
     * @param cause   the corruption for {@link ChannelState#FAULTED}, else null
     */
    void onStateChange(ChannelEnd channel, ChannelState state, Throwable cause);
}
