package org.vmbussim.core.channel;

import org.vmbussim.core.memory.GuestMemory;
import org.vmbussim.core.sched.Scheduler;

/**
 * A guest end and a host end connected over one {@link RingPair}, as an open channel is once the
 * GPADL and OPENCHANNEL exchange is done. The control plane (channel-mgmt) builds the same thing
 * through messages; this class is for embedding and tests that need only the data path.
 */
public final class ChannelPair implements AutoCloseable {
    private final RingPair rings;
    private final ChannelEnd guest;
    private final ChannelEnd host;

    private ChannelPair(final RingPair rings, final ChannelEnd guest, final ChannelEnd host) {
        this.rings = rings;
        this.guest = guest;
        this.host = host;
    }

    /**
     * Allocates the rings in guest memory and connects both ends.
     *
     * @param name          a name for both ends ({@code " guest"} and {@code " host"} are appended)
     * @param memory        guest memory
     * @param scheduler     where callbacks run
     * @param ringBytes     size of each ring, header page included
     * @param requestorSize the guest's requestor size (0 for none)
     * @param guestHandler  the guest's receive callback
     * @param hostHandler   the host's receive callback
     * @return the connected pair
     */
    public static ChannelPair open(final String name, final GuestMemory memory, final Scheduler scheduler,
            final int ringBytes, final int requestorSize, final PacketHandler guestHandler,
            final PacketHandler hostHandler) {
        final RingPair rings = RingPair.allocate(memory, ringBytes, ringBytes);
        final ChannelEnd guest = ChannelEnd.builder(name + " guest").scheduler(scheduler)
                .outgoing(rings.guestToHost()).incoming(rings.hostToGuest()).requestorSize(requestorSize)
                .handler(guestHandler).build();
        // The host maps the same pages through the GPADL page list, as a real host would.
        final RingPair hostView = RingPair.attach(memory, rings.gpadlPfns(), rings.downstreamPageOffset());
        final ChannelEnd host = ChannelEnd.builder(name + " host").scheduler(scheduler)
                .outgoing(hostView.hostToGuest()).incoming(hostView.guestToHost()).handler(hostHandler).build();
        ChannelEnd.connect(guest, host);
        return new ChannelPair(rings, guest, host);
    }

    /**
     * The guest's end.
     *
     * @return the end
     */
    public ChannelEnd guest() {
        return guest;
    }

    /**
     * The host's end.
     *
     * @return the end
     */
    public ChannelEnd host() {
        return host;
    }

    /**
     * The ring pages.
     *
     * @return the rings
     */
    public RingPair rings() {
        return rings;
    }

    /** Closes both ends and frees the ring pages. */
    @Override
    public void close() {
        guest.close();
        host.close();
        rings.free();
    }
}
