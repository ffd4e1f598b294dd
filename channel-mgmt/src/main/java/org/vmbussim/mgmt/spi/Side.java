package org.vmbussim.mgmt.spi;

/** Which end of a channel a data path serves. */
public enum Side {
    /** The guest (VSC) end: writes the upstream ring, reads the downstream ring. */
    GUEST,
    /** The host (VSP) end: reads the upstream ring, writes the downstream ring. */
    HOST
}
