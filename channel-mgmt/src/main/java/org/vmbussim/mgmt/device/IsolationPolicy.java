package org.vmbussim.mgmt.device;

import org.vmbussim.mgmt.message.ChannelOffer;

/**
 * Which offers an isolated (confidential) guest accepts: Linux {@code vmbus_is_valid_device} (5.14) or
 * {@code vmbus_is_valid_offer} (6.x), VMBUS-REFERENCE.md §4.6. Only hardened drivers may run in such a VM.
 */
public enum IsolationPolicy {
    /** 5.14: the table's 5.14 column; hv_sock offers are typed by their GUID, so they are refused. */
    LINUX_5_14,
    /** 6.x: the 6.x column (PCIe allowed), and hv_sock offers are accepted. */
    LINUX_6_X;

    /**
     * Whether an offer may be used.
     *
     * @param offer    the offer
     * @param isolated whether the guest is an isolated VM; if not, every offer is valid
     * @return true when the offer may proceed
     */
    public boolean isValidOffer(final ChannelOffer offer, final boolean isolated) {
        if (!isolated) {
            return true;
        }
        if (this == LINUX_6_X && offer.isHvsock()) {
            return true;
        }
        // Linux searches every entry, the zero-GUID HV_UNKNOWN one included, and takes the first match.
        for (final DeviceType type : DeviceType.values()) {
            if (type.classId().equals(offer.interfaceType())) {
                return type.allowedInIsolated(this);
            }
        }
        return false;
    }
}
