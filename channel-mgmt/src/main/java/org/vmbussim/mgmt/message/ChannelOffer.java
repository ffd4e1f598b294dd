package org.vmbussim.mgmt.message;

import java.util.Arrays;
import java.util.Objects;
import org.vmbussim.wire.Guid;
import org.vmbussim.wire.LittleEndian;

/**
 * The device part of an offer, {@code struct vmbus_channel_offer} ({@link ChannelOfferLayout}). The reserved
 * fields are not kept: they are written as zero and ignored on read.
 *
 * @param interfaceType     the device class GUID ({@code if_type})
 * @param interfaceInstance the instance GUID ({@code if_instance})
 * @param chnFlags          server flags, see {@link ChannelFlags}
 * @param mmioMegabytes     MMIO space in MiB
 * @param userDefined       the 120 {@code user_def} bytes (shorter arrays are zero-padded)
 * @param subChannelIndex   0 for a primary channel
 */
public record ChannelOffer(Guid interfaceType, Guid interfaceInstance, int chnFlags, int mmioMegabytes,
        byte[] userDefined, int subChannelIndex) {

    /**
     * Validates the fields and copies the user bytes.
     *
     * @param interfaceType     the device class GUID
     * @param interfaceInstance the instance GUID
     * @param chnFlags          server flags
     * @param mmioMegabytes     MMIO MiB
     * @param userDefined       at most 120 bytes
     * @param subChannelIndex   sub-channel index
     */
    public ChannelOffer {
        Objects.requireNonNull(interfaceType, "interfaceType");
        Objects.requireNonNull(interfaceInstance, "interfaceInstance");
        MessageBytes.checkU16("chnFlags", chnFlags);
        MessageBytes.checkU16("mmioMegabytes", mmioMegabytes);
        MessageBytes.checkU16("subChannelIndex", subChannelIndex);
        if (userDefined.length > ChannelOfferLayout.MAX_USER_DEFINED_BYTES) {
            throw new IllegalArgumentException("userDefined.length=" + userDefined.length + " (expected: <= "
                    + ChannelOfferLayout.MAX_USER_DEFINED_BYTES + ")");
        }
        userDefined = Arrays.copyOf(userDefined, ChannelOfferLayout.MAX_USER_DEFINED_BYTES);
    }

    /**
     * A primary-channel offer with no flags, MMIO or user bytes.
     *
     * @param interfaceType     the device class GUID
     * @param interfaceInstance the instance GUID
     * @return the offer
     */
    public static ChannelOffer of(final Guid interfaceType, final Guid interfaceInstance) {
        return new ChannelOffer(interfaceType, interfaceInstance, 0, 0, new byte[0], 0);
    }

    static ChannelOffer read(final byte[] bytes, final int base) {
        final byte[] user = Arrays.copyOfRange(bytes, base + ChannelOfferLayout.USER_DEFINED_OFFSET,
                base + ChannelOfferLayout.USER_DEFINED_OFFSET + ChannelOfferLayout.MAX_USER_DEFINED_BYTES);
        return new ChannelOffer(MessageBytes.guid(bytes, base + ChannelOfferLayout.IF_TYPE_OFFSET),
                MessageBytes.guid(bytes, base + ChannelOfferLayout.IF_INSTANCE_OFFSET),
                MessageBytes.u16(bytes, base + ChannelOfferLayout.CHN_FLAGS_OFFSET),
                MessageBytes.u16(bytes, base + ChannelOfferLayout.MMIO_MEGABYTES_OFFSET), user,
                MessageBytes.u16(bytes, base + ChannelOfferLayout.SUB_CHANNEL_INDEX_OFFSET));
    }

    void write(final byte[] bytes, final int base) {
        interfaceType.toWire(bytes, base + ChannelOfferLayout.IF_TYPE_OFFSET);
        interfaceInstance.toWire(bytes, base + ChannelOfferLayout.IF_INSTANCE_OFFSET);
        LittleEndian.putShort(bytes, base + ChannelOfferLayout.CHN_FLAGS_OFFSET, chnFlags);
        LittleEndian.putShort(bytes, base + ChannelOfferLayout.MMIO_MEGABYTES_OFFSET, mmioMegabytes);
        System.arraycopy(userDefined, 0, bytes, base + ChannelOfferLayout.USER_DEFINED_OFFSET, userDefined.length);
        LittleEndian.putShort(bytes, base + ChannelOfferLayout.SUB_CHANNEL_INDEX_OFFSET, subChannelIndex);
    }

    /**
     * The 120 user bytes.
     *
     * @return a copy
     */
    @Override
    public byte[] userDefined() {
        return userDefined.clone();
    }

    /**
     * Linux {@code is_hvsock_channel}.
     *
     * @return true when the TLNPI_PROVIDER_OFFER flag is set
     */
    public boolean isHvsock() {
        return ChannelFlags.isHvsock(chnFlags);
    }

    /**
     * Linux {@code is_sub_channel}.
     *
     * @return true when the sub-channel index is not 0
     */
    public boolean isSubChannel() {
        return subChannelIndex != 0;
    }

    /**
     * {@code u.pipe.pipe_mode}, meaningful for {@link ChannelFlags#NAMED_PIPE_MODE} offers.
     *
     * @return the first four user bytes as a u32
     */
    public int pipeMode() {
        return LittleEndian.getInt(userDefined, 0);
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof ChannelOffer other && interfaceType.equals(other.interfaceType)
                && interfaceInstance.equals(other.interfaceInstance) && chnFlags == other.chnFlags
                && mmioMegabytes == other.mmioMegabytes && Arrays.equals(userDefined, other.userDefined)
                && subChannelIndex == other.subChannelIndex;
    }

    @Override
    public int hashCode() {
        return Objects.hash(interfaceType, interfaceInstance, chnFlags, mmioMegabytes, Arrays.hashCode(userDefined),
                subChannelIndex);
    }

    @Override
    public String toString() {
        return "ChannelOffer[type=" + interfaceType + ", instance=" + interfaceInstance + ", flags=0x"
                + Integer.toHexString(chnFlags) + ", mmio=" + mmioMegabytes + "MiB, sub=" + subChannelIndex + "]";
    }
}
