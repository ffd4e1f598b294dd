package org.vmbussim.mgmt.message;

/** The host's way to the guest: a SynIC message on SINT 2. Implemented by the guest. */
@FunctionalInterface
public interface HostToGuestPort {

    /**
     * Delivers one channel message. The guest copies the bytes before it returns and handles them later, on its
     * control executor; malformed messages are dropped and counted, never thrown.
     *
     * @param message the message bytes
     */
    void deliverMessage(byte[] message);
}
