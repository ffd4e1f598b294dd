package org.vmbussim.mgmt.bus;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * A VMBus driver ({@code struct hv_driver}). One driver object serves any number of devices; everything
 * per-device lives in the {@link VmbusDevice} (see {@link VmbusDevice#setDriverData(Object)}), never in static
 * state. Probe and remove run on the control executor.
 */
public interface VmbusDriver {

    /**
     * The driver's name, unique on a bus.
     *
     * @return the name
     */
    String name();

    /**
     * The device classes the driver handles ({@code id_table}).
     *
     * @return the entries
     */
    List<DeviceId> idTable();

    /**
     * Whether this is an hv_sock driver ({@code drv->hvsock}): hv_sock channels match only such drivers.
     *
     * @return false unless overridden
     */
    default boolean handlesHvsock() {
        return false;
    }

    /**
     * How the bus calls {@link #probe}.
     *
     * @return {@link ProbeType#SYNCHRONOUS} unless overridden
     */
    default ProbeType probeType() {
        return ProbeType.SYNCHRONOUS;
    }

    /**
     * Binds a device: typically opens its channel. The bus bounds the wait; a probe that fails (or does not
     * finish in time) leaves the device unbound, and the bus closes any channel the driver left open.
     *
     * @param device  the device
     * @param matched the id-table entry that matched
     * @return completes when bound; complete it exceptionally (ideally with an
     *         {@link org.vmbussim.uapi.ErrnoException}) to refuse the device
     */
    CompletionStage<Void> probe(VmbusDevice device, DeviceId matched);

    /**
     * Unbinds a device. By the time this runs the bus has stopped new I/O on the device's channels and drained or
     * aborted what was in flight, so the driver only releases its own per-device state; the bus closes the
     * channels afterwards if the driver did not. Must not block.
     *
     * @param device the device
     */
    void remove(VmbusDevice device);
}
