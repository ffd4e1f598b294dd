package org.vmbussim.mgmt.message;

/** Why a received channel message was dropped (the checks of Linux {@code vmbus_on_msg_dpc}, then ours). */
public enum DropReason {
    /** Shorter than its header, or than its type's minimum length. */
    TOO_SHORT,
    /** Longer than the 240-byte payload limit. */
    OVERSIZE,
    /** A type at or above {@link ChannelMessageType#COUNT}. */
    UNKNOWN_TYPE,
    /** A known type this side has no handler for (wrong direction, reserved, or unhandled). */
    NO_HANDLER,
    /** The fields do not hold together (e.g. PFN bytes that are not whole u64s). */
    MALFORMED,
    /** Well formed but not expected now: an unknown relid or GPADL, a reply nobody waits for, a wrong state. */
    UNEXPECTED
}
