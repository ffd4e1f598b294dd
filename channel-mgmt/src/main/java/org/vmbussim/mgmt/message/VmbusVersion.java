package org.vmbussim.mgmt.message;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * VMBus protocol versions, each {@code major << 16 | minor} on the wire (VMBUS-REFERENCE.md §4.4), in
 * ascending order.
 */
public enum VmbusVersion {
    /** Windows Server 2008, 0.13. */
    WS2008(0, 13),
    /** Windows 7, 1.1. */
    WIN7(1, 1),
    /** Windows 8, 2.4. */
    WIN8(2, 4),
    /** Windows 8.1, 3.0. */
    WIN8_1(3, 0),
    /** Windows 10, 4.0. */
    WIN10(4, 0),
    /** Windows 10, 4.1 (MODIFYCHANNEL). */
    WIN10_V4_1(4, 1),
    /** 5.0: messages after INITIATE_CONTACT go to the host's msg_conn_id. */
    WIN10_V5(5, 0),
    /** 5.1. */
    WIN10_V5_1(5, 1),
    /** 5.2: the least an isolated (confidential) guest accepts. */
    WIN10_V5_2(5, 2),
    /** 5.3: Windows Server 2022 ("Iron"); MODIFYCHANNEL_RESPONSE. */
    WIN10_V5_3(5, 3),
    /** 6.0 ("Copper"). */
    COPPER(6, 0);

    private final int major;
    private final int minor;

    VmbusVersion(final int major, final int minor) {
        this.major = major;
        this.minor = minor;
    }

    /**
     * The version with a wire value.
     *
     * @param wire {@code major << 16 | minor}
     * @return the version, or null when it is not one of these
     */
    public static VmbusVersion fromWire(final int wire) {
        for (final VmbusVersion v : values()) {
            if (v.wireValue() == wire) {
                return v;
            }
        }
        return null;
    }

    /**
     * The versions from {@code newest} down to {@code oldest}, the order a guest proposes them in.
     *
     * @param newest the first to try
     * @param oldest the last to try
     * @return the versions, newest first
     */
    public static List<VmbusVersion> newestFirst(final VmbusVersion newest, final VmbusVersion oldest) {
        final List<VmbusVersion> out = new ArrayList<>();
        for (final VmbusVersion v : values()) {
            if (v.compareTo(oldest) >= 0 && v.compareTo(newest) <= 0) {
                out.add(v);
            }
        }
        Collections.reverse(out);
        return List.copyOf(out);
    }

    /**
     * The wire value.
     *
     * @return {@code major << 16 | minor}
     */
    public int wireValue() {
        return major << 16 | minor;
    }

    /**
     * Whether this version is at least another.
     *
     * @param other the other version
     * @return true when this is the same or newer
     */
    public boolean atLeast(final VmbusVersion other) {
        return compareTo(other) >= 0;
    }

    @Override
    public String toString() {
        return name() + "(" + major + "." + minor + ")";
    }
}
