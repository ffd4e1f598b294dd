package org.vmbussim.mgmt.bus;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.vmbussim.mgmt.device.DeviceType;
import org.vmbussim.mgmt.message.VmbusProtocol;
import org.vmbussim.wire.Guid;

/**
 * A device on the bus ({@code struct hv_device}): one per primary channel. Several devices of one class coexist
 * (two Azure Blob devices in one guest are normal); each carries its own driver state.
 */
public final class VmbusDevice {
    private final VmbusChannel channel;
    private final String name;
    private volatile DeviceState state = DeviceState.UNBOUND;
    private volatile VmbusDriver driver;
    private volatile DeviceId matchedId;
    private volatile Object driverData;
    /** Completes when no probe is running; replaced at each probe. Confined to the control executor. */
    private CompletableFuture<Void> probeSettled = CompletableFuture.completedFuture(null);
    /** Set once the device starts leaving the bus. Confined to the control executor. */
    private CompletableFuture<Void> leaving;

    VmbusDevice(final VmbusChannel channel) {
        this.channel = channel;
        this.name = channel.offer().offer().interfaceInstance().formatPUl();
    }

    /**
     * The device name: the instance GUID in {@code %pUl} form, as Linux names it.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The device class GUID ({@code dev_type}).
     *
     * @return the GUID
     */
    public Guid classId() {
        return channel.offer().offer().interfaceType();
    }

    /**
     * The instance GUID ({@code dev_instance}).
     *
     * @return the GUID
     */
    public Guid instanceId() {
        return channel.offer().offer().interfaceInstance();
    }

    /**
     * The device type from the table.
     *
     * @return the type
     */
    public DeviceType deviceType() {
        return channel.deviceType();
    }

    /**
     * The PCI-style vendor id Linux gives every VMBus device.
     *
     * @return 0x1414 (Microsoft)
     */
    public int vendorId() {
        return VmbusProtocol.VENDOR_ID_MICROSOFT;
    }

    /**
     * The uevent {@code MODALIAS}: {@code vmbus:} and the class GUID's 16 wire bytes in hex.
     *
     * @return e.g. {@code vmbus:92b7900564dbcc4581dbb8d70c577c9e} for Azure Blob
     */
    public String modalias() {
        return "vmbus:" + classId().toWireHex();
    }

    /**
     * The primary channel.
     *
     * @return the channel
     */
    public VmbusChannel channel() {
        return channel;
    }

    /**
     * The gate of the primary channel's I/O.
     *
     * @return the gate
     */
    public IoGate ioGate() {
        return channel.ioGate();
    }

    /**
     * Where the device is in its life.
     *
     * @return the state
     */
    public DeviceState state() {
        return state;
    }

    /**
     * The bound (or probing) driver.
     *
     * @return the driver, or null
     */
    public VmbusDriver driver() {
        return driver;
    }

    /**
     * The id-table entry that matched the bound driver.
     *
     * @return the entry, or null
     */
    public DeviceId matchedId() {
        return matchedId;
    }

    /**
     * The driver's per-device state ({@code hv_set_drvdata}).
     *
     * @param data the state, or null
     */
    public void setDriverData(final Object data) {
        this.driverData = data;
    }

    /**
     * The driver's per-device state ({@code hv_get_drvdata}).
     *
     * @return the state, or null
     */
    public Object driverData() {
        return driverData;
    }

    void bind(final VmbusDriver newDriver, final DeviceId id) {
        this.driver = newDriver;
        this.matchedId = id;
        this.state = DeviceState.PROBING;
    }

    void unbind() {
        this.driver = null;
        this.matchedId = null;
        this.driverData = null;
        this.state = DeviceState.UNBOUND;
    }

    void setState(final DeviceState newState) {
        this.state = newState;
    }

    CompletableFuture<Void> probeSettled() {
        return probeSettled;
    }

    void setProbeSettled(final CompletableFuture<Void> settled) {
        this.probeSettled = settled;
    }

    CompletableFuture<Void> leaving() {
        return leaving;
    }

    void setLeaving(final CompletableFuture<Void> future) {
        this.leaving = future;
    }

    List<VmbusChannel> channelsSubFirst() {
        final List<VmbusChannel> out = new ArrayList<>(channel.subChannels());
        out.add(channel);
        return out;
    }

    @Override
    public String toString() {
        final VmbusDriver d = driver;
        return "VmbusDevice[" + name + ", relid=" + channel.relid() + ", " + deviceType() + ", " + state
                + (d == null ? "" : ", driver=" + d.name()) + "]";
    }
}
