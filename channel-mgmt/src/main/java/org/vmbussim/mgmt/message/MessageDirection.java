package org.vmbussim.mgmt.message;

/** Which way a channel message travels. */
public enum MessageDirection {
    /** Sent by the host, handled by the guest. */
    HOST_TO_GUEST,
    /** Sent by the guest (PostMessage), handled by the host. */
    GUEST_TO_HOST,
    /** Not used in either direction (invalid or reserved ids). */
    NONE
}
