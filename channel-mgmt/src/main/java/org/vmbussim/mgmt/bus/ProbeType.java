package org.vmbussim.mgmt.bus;

/** How the bus calls a driver's probe ({@code driver.probe_type}). */
public enum ProbeType {
    /** Probe inside the task that adds the device. */
    SYNCHRONOUS,
    /** {@code PROBE_PREFER_ASYNCHRONOUS} (the seed's choice): probe in a task of its own. */
    PREFER_ASYNCHRONOUS
}
