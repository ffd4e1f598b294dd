package org.vmbussim.azblob.vsp.provider;

import java.util.Objects;
import org.vmbussim.core.channel.ChannelEnd;
import org.vmbussim.core.memory.GuestMemory;
import org.vmbussim.mgmt.sim.HostDeviceModel;
import org.vmbussim.mgmt.spi.DataPathSpec;

/**
 * The Azure Blob provider as the simulated host's device model for the Azure Blob class: every channel of
 * that class the host opens is attached to the provider (its ring pages passed along, so requests naming them
 * are refused), with the packet size the provider needs. Channels detach themselves when they close.
 */
public final class AzureBlobHostModel implements HostDeviceModel {
    private final AzureBlobProvider provider;

    /**
     * Serves the class with a provider.
     *
     * @param provider the provider (closed by its owner)
     */
    public AzureBlobHostModel(final AzureBlobProvider provider) {
        this.provider = Objects.requireNonNull(provider, "provider");
    }

    /**
     * The provider.
     *
     * @return the provider
     */
    public AzureBlobProvider provider() {
        return provider;
    }

    @Override
    public int maxPacketSize() {
        return AzureBlobProvider.MAX_REQUEST_PACKET_BYTES;
    }

    @Override
    public void channelOpened(final ChannelEnd hostEnd, final DataPathSpec spec, final GuestMemory memory) {
        provider.attach(hostEnd, memory, spec.gpadlPfns());
        hostEnd.setHandler(provider.packetHandler());
    }

    @Override
    public void channelClosed(final ChannelEnd hostEnd, final DataPathSpec spec) {
        // The provider's channel handle detaches itself from the channel's state listener.
    }
}
