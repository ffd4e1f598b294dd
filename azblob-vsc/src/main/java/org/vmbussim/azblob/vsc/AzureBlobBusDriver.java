package org.vmbussim.azblob.vsc;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.vmbussim.core.channel.ChannelEnd;
import org.vmbussim.mgmt.bus.DeviceId;
import org.vmbussim.mgmt.bus.OpenParams;
import org.vmbussim.mgmt.bus.ProbeType;
import org.vmbussim.mgmt.bus.VmbusDevice;
import org.vmbussim.mgmt.bus.VmbusDriver;
import org.vmbussim.mgmt.spi.ChannelDataPath;

/**
 * The {@link AzureBlobDriver} on the guest's VMBus bus: probe opens the offer's channel with 128 KiB rings, gives
 * its guest end a requestor of 1024 ids and the driver's callback, and binds a device ({@code /dev/azure_blob},
 * then {@code /dev/azure_blob1}, ...); remove starts the device's bounded removal. Probing is asynchronous, as
 * the seed asked ({@code PROBE_PREFER_ASYNCHRONOUS}).
 */
public final class AzureBlobBusDriver implements VmbusDriver {
    private static final List<DeviceId> IDS = AzureBlobDriver.ID_TABLE.stream().map(DeviceId::of).toList();

    private final AzureBlobDriver driver;

    /**
     * Puts a driver on the bus.
     *
     * @param driver the guest's Azure Blob driver
     */
    public AzureBlobBusDriver(final AzureBlobDriver driver) {
        this.driver = Objects.requireNonNull(driver, "driver");
    }

    /**
     * The wrapped driver (its devices, for diagnostics).
     *
     * @return the driver
     */
    public AzureBlobDriver driver() {
        return driver;
    }

    @Override
    public String name() {
        return AzureBlobDriver.NAME;
    }

    @Override
    public List<DeviceId> idTable() {
        return IDS;
    }

    @Override
    public ProbeType probeType() {
        return ProbeType.PREFER_ASYNCHRONOUS;
    }

    @Override
    public CompletionStage<Void> probe(final VmbusDevice device, final DeviceId matched) {
        final CompletableFuture<ChannelDataPath> opened = device.channel()
                .open(OpenParams.symmetric(AzureBlobDriver.RING_BYTES));
        return opened.thenAccept(path -> {
            final ChannelEnd end = path.unwrap(ChannelEnd.class);
            end.configureRequestor(AzureBlobDriver.REQUESTOR_SIZE);
            end.setHandler(driver.channelCallback());
            // If probe throws, the bus fails the probe and closes the channel it opened.
            device.setDriverData(driver.probe(end));
        });
    }

    @Override
    public void remove(final VmbusDevice device) {
        final Object data = device.driverData();
        if (data instanceof AzureBlobDevice) {
            ((AzureBlobDevice) data).beginRemove();
        }
    }
}
