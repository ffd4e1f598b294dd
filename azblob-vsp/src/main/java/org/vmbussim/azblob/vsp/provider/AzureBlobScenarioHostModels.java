package org.vmbussim.azblob.vsp.provider;

import org.vmbussim.azblob.vsp.store.StorageEngine;
import org.vmbussim.azblob.vsp.store.StorageOptions;
import org.vmbussim.core.channel.ChannelEnd;
import org.vmbussim.core.memory.GuestMemory;
import org.vmbussim.mgmt.scenario.DriverRegistry;
import org.vmbussim.mgmt.scenario.ScenarioDriverProvider;
import org.vmbussim.mgmt.sim.HostDeviceModel;
import org.vmbussim.mgmt.spi.DataPathSpec;

/**
 * Makes the Azure Blob provider available to scenario files as the host model {@value #NAME}
 * ({@code host-model azure-blob-vsp class=azure-blob}); found through {@link java.util.ServiceLoader}. Each replay
 * gets a provider over a fresh in-memory store (SharedKey off), running its requests on the replay's scheduler so
 * replays stay deterministic and start no threads.
 */
public final class AzureBlobScenarioHostModels implements ScenarioDriverProvider {
    /** The host model's name in scenario files. */
    public static final String NAME = "azure-blob-vsp";

    @Override
    public void registerDrivers(final DriverRegistry registry) {
        registry.registerHostModel(NAME, SchedulerBoundModel::new);
    }

    /** The provider, made when the first channel opens, on that channel's scheduler. */
    private static final class SchedulerBoundModel implements HostDeviceModel {
        private AzureBlobHostModel model;

        @Override
        public int maxPacketSize() {
            return AzureBlobProvider.MAX_REQUEST_PACKET_BYTES;
        }

        @Override
        public synchronized void channelOpened(final ChannelEnd hostEnd, final DataPathSpec spec,
                final GuestMemory memory) {
            if (model == null) {
                model = new AzureBlobHostModel(AzureBlobProvider.builder(StorageEngine.inMemory(
                        StorageOptions.defaults().withoutAuthentication())).name(NAME)
                        .executor(hostEnd.scheduler()::execute).build());
            }
            model.channelOpened(hostEnd, spec, memory);
        }

        @Override
        public synchronized void channelClosed(final ChannelEnd hostEnd, final DataPathSpec spec) {
            if (model != null) {
                model.channelClosed(hostEnd, spec);
            }
        }
    }
}
