package org.vmbussim.mgmt.message;

/**
 * How the Linux guest runs the handler of a host-to-guest message ({@code enum vmbus_message_handler_type}).
 */
public enum HandlerKind {
    /** No guest handler: the guest drops the message. */
    NONE,
    /** {@code VMHT_BLOCKING}: copied and handled later in a work item (offers, rescinds). */
    BLOCKING,
    /** {@code VMHT_NON_BLOCKING}: handled at once, in the message tasklet (replies). */
    NON_BLOCKING
}
