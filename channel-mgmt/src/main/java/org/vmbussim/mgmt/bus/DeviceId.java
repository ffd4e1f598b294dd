package org.vmbussim.mgmt.bus;

import java.util.Objects;
import org.vmbussim.wire.Guid;

/**
 * One entry of a driver's id table ({@code struct hv_vmbus_device_id}): a device class GUID and a value the
 * driver gets back when a device matches it.
 *
 * @param classId    the device class GUID
 * @param driverData the driver's value for this class
 */
public record DeviceId(Guid classId, long driverData) {

    /**
     * Validates.
     *
     * @param classId    the class
     * @param driverData the value
     */
    public DeviceId {
        Objects.requireNonNull(classId, "classId");
    }

    /**
     * An entry with driver data 0.
     *
     * @param classId the class
     * @return the entry
     */
    public static DeviceId of(final Guid classId) {
        return new DeviceId(classId, 0);
    }
}
