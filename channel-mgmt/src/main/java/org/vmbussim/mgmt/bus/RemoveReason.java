package org.vmbussim.mgmt.bus;

/** Why a device was removed from its driver. */
public enum RemoveReason {
    /** Its driver was unregistered; the device stays on the bus, unbound. */
    DRIVER_UNREGISTERED,
    /** The host rescinded its channel; the device leaves the bus. */
    RESCINDED,
    /** The guest unloaded VMBus; the device leaves the bus. */
    UNLOAD
}
