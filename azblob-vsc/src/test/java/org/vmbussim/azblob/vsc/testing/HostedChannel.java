package org.vmbussim.azblob.vsc.testing;

import org.vmbussim.core.channel.ChannelEnd;
import org.vmbussim.core.channel.RingPair;

/**
 * A guest end and a {@link ScriptedHost}'s end over one ring pair in guest memory (what the bus hands a
 * driver's probe once the channel is open). {@link #close()} is the bus's teardown after removal: both
 * ends closed, the ring pages freed.
 */
public final class HostedChannel implements AutoCloseable {
    private final RingPair rings;
    private final ChannelEnd guest;
    private final ChannelEnd host;
    private final ScriptedHost scriptedHost;

    HostedChannel(final RingPair rings, final ChannelEnd guest, final ChannelEnd host,
            final ScriptedHost scriptedHost) {
        this.rings = rings;
        this.guest = guest;
        this.host = host;
        this.scriptedHost = scriptedHost;
    }

    /**
     * The guest end (give it to the driver's probe).
     *
     * @return the end
     */
    public ChannelEnd guest() {
        return guest;
    }

    /**
     * The host end.
     *
     * @return the end
     */
    public ChannelEnd host() {
        return host;
    }

    /**
     * The host driving the host end.
     *
     * @return the host
     */
    public ScriptedHost scriptedHost() {
        return scriptedHost;
    }

    /** Closes both ends and frees the ring pages (idempotent for the ends; call once). */
    @Override
    public void close() {
        guest.close();
        host.close();
        rings.free();
    }
}
