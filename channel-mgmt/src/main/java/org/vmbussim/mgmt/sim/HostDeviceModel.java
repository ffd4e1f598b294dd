package org.vmbussim.mgmt.sim;

import org.vmbussim.core.channel.ChannelEnd;
import org.vmbussim.core.memory.GuestMemory;
import org.vmbussim.mgmt.spi.DataPathSpec;

/**
 * The host side of a device class (a VSP): told when the host accepts the opening of a channel of its
 * class and when that channel closes. It serves the channel through the host {@link ChannelEnd}, reaching
 * guest memory only through the page numbers the guest sends.
 */
public interface HostDeviceModel {

    /**
     * The largest packet the host end of this class copies out of its ring (Linux's {@code max_pkt_size});
     * a device whose requests carry long page lists needs more than the default.
     *
     * @return bytes, a multiple of 8
     */
    default int maxPacketSize() {
        return ChannelEnd.DEFAULT_MAX_PACKET_SIZE;
    }

    /**
     * A channel of this model's class was opened.
     *
     * @param hostEnd the host's end (reads the guest-to-host ring, writes the host-to-guest ring)
     * @param spec    the channel: relid, class and instance, ring GPADL
     * @param memory  guest memory, to be reached only through page numbers the guest sends
     */
    void channelOpened(ChannelEnd hostEnd, DataPathSpec spec, GuestMemory memory);

    /**
     * The channel closed or was rescinded; the model must stop touching guest memory for it.
     *
     * @param hostEnd the host's end, already closed
     * @param spec    the channel
     */
    void channelClosed(ChannelEnd hostEnd, DataPathSpec spec);
}
