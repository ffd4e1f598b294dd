package org.vmbussim.mgmt.bus;

/** Where a device is in its life on the bus. */
public enum DeviceState {
    /** On the bus, no driver bound. */
    UNBOUND,
    /** A driver's probe is running. */
    PROBING,
    /** Bound to a driver. */
    BOUND,
    /** Being removed from its driver (I/O stopped, draining). */
    REMOVING,
    /** Left the bus (rescinded or unloaded). */
    GONE
}
