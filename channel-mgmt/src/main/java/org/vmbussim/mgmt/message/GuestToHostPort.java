package org.vmbussim.mgmt.message;

/** The guest's way to the host: the PostMessage hypercall. Implemented by the simulated host. */
@FunctionalInterface
public interface GuestToHostPort {

    /**
     * Posts one channel message. The host copies the bytes before it returns and handles the message later.
     *
     * @param connectionId where to: 1, or 4 for INITIATE_CONTACT at protocol 5.0+, then the host's msg_conn_id
     * @param message      the message bytes, at most 240
     * @return the hypercall status
     */
    HypercallStatus postMessage(int connectionId, byte[] message);
}
