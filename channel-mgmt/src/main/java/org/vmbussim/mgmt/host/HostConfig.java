package org.vmbussim.mgmt.host;

import java.util.Objects;
import org.vmbussim.mgmt.message.VmbusProtocol;
import org.vmbussim.mgmt.message.VmbusVersion;

/**
 * How the simulated host behaves.
 *
 * @param maxVersion          the newest protocol version it accepts; below 5.0 it does not listen on connection
 *                            id 4 (as QEMU), so newer guests fall back
 * @param minVersion          the oldest version it accepts
 * @param messageConnectionId the {@code msg_conn_id} it returns for 5.0+
 * @param guestPfnLimit       PFNs at or above this are outside guest memory; GPADLs naming them are refused
 */
public record HostConfig(VmbusVersion maxVersion, VmbusVersion minVersion, int messageConnectionId,
        long guestPfnLimit) {
    /** A Windows Server 2022 host (5.3) over 64 GiB of guest memory. */
    public static final HostConfig DEFAULTS = new HostConfig(VmbusVersion.WIN10_V5_3, VmbusVersion.WS2008,
            VmbusProtocol.MESSAGE_CONNECTION_ID, 64L << 30 >> 12);

    /**
     * Validates.
     *
     * @param maxVersion          newest accepted
     * @param minVersion          oldest accepted
     * @param messageConnectionId msg_conn_id
     * @param guestPfnLimit       PFN limit
     */
    public HostConfig {
        Objects.requireNonNull(maxVersion, "maxVersion");
        Objects.requireNonNull(minVersion, "minVersion");
        if (minVersion.compareTo(maxVersion) > 0 || guestPfnLimit <= 0) {
            throw new IllegalArgumentException("minVersion=" + minVersion + ", maxVersion=" + maxVersion
                    + ", guestPfnLimit=" + guestPfnLimit + " (expected: min <= max, limit > 0)");
        }
    }

    /**
     * This configuration with another newest version.
     *
     * @param version the version
     * @return the configuration
     */
    public HostConfig withMaxVersion(final VmbusVersion version) {
        return new HostConfig(version, minVersion.compareTo(version) > 0 ? version : minVersion,
                messageConnectionId, guestPfnLimit);
    }

    /**
     * This configuration with another PFN limit.
     *
     * @param limit the first PFN outside guest memory
     * @return the configuration
     */
    public HostConfig withGuestPfnLimit(final long limit) {
        return new HostConfig(maxVersion, minVersion, messageConnectionId, limit);
    }
}
