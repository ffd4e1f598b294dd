package org.vmbussim.mgmt.bus;

/** Why a device was removed from its driver. */
public enum RemoveReason {
    /** Its driver was unregistered; the device stays on the bus, unbound. */
    DRIVER_UNREGISTERED,
    /** Unbound on request (sysfs {@code unbind}, {@link VmbusBus#unbindDevice}); the device stays on the bus. */
    UNBIND,
    /** The host rescinded its channel; the device leaves the bus. */
    RESCINDED,
    /** The guest unloaded VMBus; the device leaves the bus. */
    UNLOAD
}
