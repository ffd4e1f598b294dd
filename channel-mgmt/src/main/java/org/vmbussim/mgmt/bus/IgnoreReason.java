package org.vmbussim.mgmt.bus;

/** Why the guest did not take an offer. */
public enum IgnoreReason {
    /** A PCIe offer whose instance is on the ignore-VPCI list (a shadow of a VMBus device). */
    VPCI_INSTANCE_IGNORED,
    /** Not an allowed device type in an isolated VM. */
    REJECTED_ISOLATED,
    /** The relid is 0 or at least {@code MAX_CHANNEL_RELIDS}. */
    RELID_OUT_OF_RANGE,
    /** Another live channel has the relid. */
    RELID_IN_USE,
    /** A second primary with the same class and instance, or a repeated sub-channel index. */
    DUPLICATE_OFFER,
    /** A sub-channel whose primary the guest does not have. */
    ORPHAN_SUB_CHANNEL
}
