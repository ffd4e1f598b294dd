package org.vmbussim.mgmt.message;

/** Hyper-V hypercall status codes a PostMessage can return ({@code HV_STATUS_*}). */
public enum HypercallStatus {
    /** The message was queued for the host. */
    SUCCESS(0x0),
    /** The message is malformed (QEMU: type 0, an unknown type, or shorter than a header). */
    INVALID_HYPERCALL_INPUT(0x3),
    /** The payload is larger than 240 bytes. */
    INVALID_PARAMETER(0x5),
    /** Nobody listens on that connection id (an older host refusing connection id 4, for instance). */
    INVALID_CONNECTION_ID(0x12),
    /** The host's message queue is full; the guest may retry. */
    INSUFFICIENT_BUFFERS(0x13);

    private final int code;

    HypercallStatus(final int code) {
        this.code = code;
    }

    /**
     * The {@code HV_STATUS_*} value.
     *
     * @return the code
     */
    public int code() {
        return code;
    }
}
