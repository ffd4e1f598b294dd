package org.vmbussim.mgmt.guest;

/** The guest's VMBus connection ({@code vmbus_connection.conn_state}). */
public enum ConnectionState {
    /** Not connected. */
    DISCONNECTED,
    /** Negotiating a version. */
    CONNECTING,
    /** A version is agreed; offers are handled. */
    CONNECTED,
    /** Unloading: devices are being removed, then UNLOAD is sent. */
    UNLOADING
}
