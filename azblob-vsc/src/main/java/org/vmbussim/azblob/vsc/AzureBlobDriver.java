package org.vmbussim.azblob.vsc;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmbussim.azblob.protocol.AzBlobProtocol;
import org.vmbussim.core.channel.ChannelEnd;
import org.vmbussim.core.channel.PacketHandler;
import org.vmbussim.core.devfs.Devfs;
import org.vmbussim.core.memory.GuestMemory;
import org.vmbussim.core.ring.ReadResult;
import org.vmbussim.uapi.Errno;
import org.vmbussim.uapi.ErrnoException;
import org.vmbussim.wire.Guid;

/**
 * The Azure Blob guest driver of one guest (the seed's {@code hv_driver az_blob_drv} without its global
 * device): its id table, the channel parameters it opens with, the channel callback, and
 * {@link #probe(ChannelEnd)}. A bus wraps it into its driver interface; see the package documentation.
 * Thread-safe; several drivers (guests) and several devices per driver coexist in one JVM.
 */
public final class AzureBlobDriver {
    /** The driver's name (the seed's module, {@code KBUILD_MODNAME}). */
    public static final String NAME = "hv_azure_blob";
    /** The device classes this driver binds (the seed's {@code id_table}). */
    public static final List<Guid> ID_TABLE = List.of(AzBlobProtocol.HV_AZURE_BLOB_GUID);
    /** Size of each ring, send and receive, header page included ({@code AZ_BLOB_RING_SIZE}). */
    public static final int RING_BYTES = AzBlobProtocol.AZ_BLOB_RING_SIZE;
    /** The requestor table size to open the channel with ({@code AZ_BLOB_QUEUE_DEPTH}). */
    public static final int REQUESTOR_SIZE = AzBlobProtocol.AZ_BLOB_QUEUE_DEPTH;

    private static final Logger LOG = LoggerFactory.getLogger(AzureBlobDriver.class);

    private final AzureBlobConfig config;
    private final Devfs devfs;
    private final GuestMemory memory;
    /** Bound devices by their channel (identity: ChannelEnd does not override equals). */
    private final Map<ChannelEnd, AzureBlobDevice> devices = new ConcurrentHashMap<>();
    private final PacketHandler callback = this::onPacket;
    private final PinBudget pinBudget;

    /**
     * Creates the driver of one guest.
     *
     * @param config the settings
     * @param devfs  the guest's device file system (nodes appear there)
     * @param memory the guest's memory (only processes of this guest may open the nodes)
     */
    public AzureBlobDriver(final AzureBlobConfig config, final Devfs devfs, final GuestMemory memory) {
        this.config = Objects.requireNonNull(config, "config");
        this.devfs = Objects.requireNonNull(devfs, "devfs");
        this.memory = Objects.requireNonNull(memory, "memory");
        this.pinBudget = new PinBudget(config.maxPinnedPages());
    }

    /**
     * Pages pinned now for requests of all this driver's devices (charged to its pin budget, orphans
     * included until the host answers them or their channel goes).
     *
     * @return pages, 0 when nothing is in flight
     */
    public long pinnedPages() {
        return pinBudget.chargedPages();
    }

    /**
     * The most pages ever pinned at once by this driver's requests.
     *
     * @return pages, never above {@link AzureBlobConfig#maxPinnedPages()}
     */
    public long peakPinnedPages() {
        return pinBudget.peakPages();
    }

    /**
     * Requests refused with {@code ENOMEM} because they would have passed the pin budget.
     *
     * @return a count
     */
    public long pinBudgetRefusals() {
        return pinBudget.refusals();
    }

    PinBudget pinBudget() {
        return pinBudget;
    }

    /**
     * Whether an offer's device class is in {@link #ID_TABLE} (Linux {@code hv_vmbus_dev_match}).
     *
     * @param interfaceType the offer's class GUID
     * @return true when this driver binds it
     */
    public boolean matches(final Guid interfaceType) {
        return ID_TABLE.contains(interfaceType);
    }

    /**
     * The channel callback to open the device's channel with (the seed passes
     * {@code az_blob_on_channel_callback} to {@code vmbus_open}). It hands each packet to the device probed
     * on that channel; packets on a channel with no device (before {@link #probe} returned, after removal)
     * are dropped.
     *
     * @return the callback, one for all of this driver's channels
     */
    public PacketHandler channelCallback() {
        return callback;
    }

    /**
     * Probes a device on a channel the bus has just opened with {@link #RING_BYTES} rings,
     * {@link #REQUESTOR_SIZE} requestor ids and {@link #channelCallback()}: creates the device, registers its
     * node ({@code /dev/azure_blob}, then {@code /dev/azure_blob1}, ...) and its MXBean. Quiet: nothing is
     * logged above DEBUG when it works.
     *
     * @param channel the guest end of the open channel
     * @return the device
     * @throws ErrnoException {@code ENODEV} when the channel is not open, {@code EINVAL} when it has no
     *                        requestor or is already bound; the bus then closes the channel
     */
    public synchronized AzureBlobDevice probe(final ChannelEnd channel) {
        Objects.requireNonNull(channel, "channel");
        if (devices.containsKey(channel)) {
            throw new ErrnoException(Errno.EINVAL, channel.name() + ": a device is already bound to this channel");
        }
        final AzureBlobDevice device = AzureBlobDevice.create(this, config, devfs, memory, channel);
        // Bound before the node exists, so no completion can arrive for a device the callback cannot find.
        devices.put(channel, device);
        try {
            device.publish();
        } catch (final RuntimeException e) {
            devices.remove(channel, device);
            throw e;
        }
        LOG.debug("{}: probed {}", channel.name(), device.path());
        return device;
    }

    /**
     * The devices bound now, in no particular order.
     *
     * @return a copy
     */
    public List<AzureBlobDevice> devices() {
        return new ArrayList<>(devices.values());
    }

    /** Called once by a device whose removal has finished. */
    void unbind(final AzureBlobDevice device) {
        devices.remove(device.channel(), device);
    }

    private void onPacket(final ChannelEnd channel, final ByteBuf packet, final ReadResult.Packet info) {
        final AzureBlobDevice device = devices.get(channel);
        if (device != null) {
            device.onPacket(packet, info);
            return;
        }
        // Bus-level oddity, not a device's: DEBUG, so a peer cannot flood the log through it.
        LOG.debug("{}: packet of type {} on a channel with no Azure Blob device dropped", channel.name(), info.type());
    }

    @Override
    public String toString() {
        return "AzureBlobDriver[" + memory.name() + ", " + devices.size() + " devices]";
    }
}
