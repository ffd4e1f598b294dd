package org.vmbussim.mgmt.host;

import java.util.Arrays;
import java.util.Objects;
import org.vmbussim.mgmt.message.ChannelFlags;
import org.vmbussim.mgmt.message.ChannelOffer;
import org.vmbussim.mgmt.message.ChannelOfferLayout;
import org.vmbussim.wire.Guid;

/**
 * A device the host offers (a primary channel): its class and instance GUIDs, flags, MMIO size and user bytes,
 * and whether it gets a monitor id and a dedicated interrupt. The host picks the relid, monitor id and connection
 * id.
 *
 * @param classId            the device class GUID
 * @param instanceId         the instance GUID
 * @param chnFlags           server flags, see {@link ChannelFlags}
 * @param mmioMegabytes      MMIO space in MiB
 * @param userDefined        up to 120 user bytes
 * @param monitored          whether to allocate a monitor id
 * @param dedicatedInterrupt whether the channel has a dedicated interrupt
 */
public record OfferSpec(Guid classId, Guid instanceId, int chnFlags, int mmioMegabytes, byte[] userDefined,
        boolean monitored, boolean dedicatedInterrupt) {

    /**
     * Validates and copies.
     *
     * @param classId            class
     * @param instanceId         instance
     * @param chnFlags           flags
     * @param mmioMegabytes      MMIO MiB
     * @param userDefined        user bytes
     * @param monitored          monitor id wanted
     * @param dedicatedInterrupt dedicated interrupt
     */
    public OfferSpec {
        Objects.requireNonNull(classId, "classId");
        Objects.requireNonNull(instanceId, "instanceId");
        if (userDefined.length > ChannelOfferLayout.MAX_USER_DEFINED_BYTES) {
            throw new IllegalArgumentException("userDefined.length=" + userDefined.length + " (expected: <= 120)");
        }
        userDefined = userDefined.clone();
        // Reuse the offer record's range checks on the u16 fields.
        new ChannelOffer(classId, instanceId, chnFlags, mmioMegabytes, userDefined, 0);
    }

    /**
     * A plain device: no flags, MMIO or user bytes, monitored, with a dedicated interrupt.
     *
     * @param classId    the class
     * @param instanceId the instance
     * @return the spec
     */
    public static OfferSpec of(final Guid classId, final Guid instanceId) {
        return new OfferSpec(classId, instanceId, 0, 0, new byte[0], true, true);
    }

    /**
     * An hv_sock offer: a service GUID, an endpoint GUID, and TLNPI_PROVIDER_OFFER with message-mode pipe.
     *
     * @param serviceId  the host service GUID ({@code if_type})
     * @param endpointId the endpoint GUID ({@code if_instance})
     * @return the spec
     */
    public static OfferSpec hvsock(final Guid serviceId, final Guid endpointId) {
        final byte[] user = new byte[Integer.BYTES];
        user[0] = ChannelFlags.PIPE_MODE_MESSAGE;
        return new OfferSpec(serviceId, endpointId, ChannelFlags.TLNPI_PROVIDER_OFFER | ChannelFlags.NAMED_PIPE_MODE,
                0, user, false, false);
    }

    /**
     * This spec with MMIO space.
     *
     * @param megabytes MiB
     * @return the spec
     */
    public OfferSpec withMmioMegabytes(final int megabytes) {
        return new OfferSpec(classId, instanceId, chnFlags, megabytes, userDefined, monitored, dedicatedInterrupt);
    }

    /**
     * This spec with other flags.
     *
     * @param flags the flags
     * @return the spec
     */
    public OfferSpec withChnFlags(final int flags) {
        return new OfferSpec(classId, instanceId, flags, mmioMegabytes, userDefined, monitored, dedicatedInterrupt);
    }

    /**
     * The user bytes.
     *
     * @return a copy
     */
    @Override
    public byte[] userDefined() {
        return userDefined.clone();
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof OfferSpec other && classId.equals(other.classId) && instanceId.equals(other.instanceId)
                && chnFlags == other.chnFlags && mmioMegabytes == other.mmioMegabytes
                && Arrays.equals(userDefined, other.userDefined) && monitored == other.monitored
                && dedicatedInterrupt == other.dedicatedInterrupt;
    }

    @Override
    public int hashCode() {
        return Objects.hash(classId, instanceId, chnFlags, mmioMegabytes, Arrays.hashCode(userDefined), monitored,
                dedicatedInterrupt);
    }

    @Override
    public String toString() {
        return "OfferSpec[" + classId + " / " + instanceId + ", flags=0x" + Integer.toHexString(chnFlags) + "]";
    }
}
