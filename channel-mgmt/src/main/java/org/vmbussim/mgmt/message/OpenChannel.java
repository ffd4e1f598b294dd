package org.vmbussim.mgmt.message;

import java.util.Arrays;
import java.util.Objects;
import org.vmbussim.wire.LittleEndian;

/**
 * CHANNELMSG_OPENCHANNEL ({@link OpenChannelLayout}): the guest opens a channel on its ring GPADL.
 *
 * @param childRelid                     the relid
 * @param openId                         matches the reply; Linux uses the relid
 * @param ringBufferGpadlHandle          the GPADL covering both rings
 * @param targetVp                       the VP the host interrupts
 * @param downstreamRingBufferPageOffset first page of the host-to-guest ring in the GPADL
 * @param userData                       the 120 bytes of device open data (shorter arrays are zero-padded)
 */
public record OpenChannel(int childRelid, int openId, int ringBufferGpadlHandle, int targetVp,
        int downstreamRingBufferPageOffset, byte[] userData) implements ChannelMessage {

    /**
     * Validates and copies the user data.
     *
     * @param childRelid                     the relid
     * @param openId                         the open id
     * @param ringBufferGpadlHandle          the GPADL
     * @param targetVp                       the VP
     * @param downstreamRingBufferPageOffset the receive ring's first page
     * @param userData                       at most 120 bytes
     */
    public OpenChannel {
        if (userData.length > ChannelOfferLayout.MAX_USER_DEFINED_BYTES) {
            throw new IllegalArgumentException("userData.length=" + userData.length + " (expected: <= "
                    + ChannelOfferLayout.MAX_USER_DEFINED_BYTES + ")");
        }
        userData = Arrays.copyOf(userData, ChannelOfferLayout.MAX_USER_DEFINED_BYTES);
    }

    static OpenChannel read(final byte[] bytes) {
        return new OpenChannel(MessageBytes.u32(bytes, OpenChannelLayout.CHILD_RELID_OFFSET),
                MessageBytes.u32(bytes, OpenChannelLayout.OPENID_OFFSET),
                MessageBytes.u32(bytes, OpenChannelLayout.RINGBUFFER_GPADLHANDLE_OFFSET),
                MessageBytes.u32(bytes, OpenChannelLayout.TARGET_VP_OFFSET),
                MessageBytes.u32(bytes, OpenChannelLayout.DOWNSTREAM_RINGBUFFER_PAGEOFFSET_OFFSET),
                Arrays.copyOfRange(bytes, OpenChannelLayout.USERDATA_OFFSET, OpenChannelLayout.LENGTH));
    }

    /**
     * The 120 user bytes.
     *
     * @return a copy
     */
    @Override
    public byte[] userData() {
        return userData.clone();
    }

    @Override
    public ChannelMessageType type() {
        return ChannelMessageType.OPEN_CHANNEL;
    }

    @Override
    public byte[] encode() {
        final byte[] bytes = MessageBytes.withU32(type(), OpenChannelLayout.LENGTH, childRelid);
        LittleEndian.putInt(bytes, OpenChannelLayout.OPENID_OFFSET, openId);
        LittleEndian.putInt(bytes, OpenChannelLayout.RINGBUFFER_GPADLHANDLE_OFFSET, ringBufferGpadlHandle);
        LittleEndian.putInt(bytes, OpenChannelLayout.TARGET_VP_OFFSET, targetVp);
        LittleEndian.putInt(bytes, OpenChannelLayout.DOWNSTREAM_RINGBUFFER_PAGEOFFSET_OFFSET,
                downstreamRingBufferPageOffset);
        System.arraycopy(userData, 0, bytes, OpenChannelLayout.USERDATA_OFFSET, userData.length);
        return bytes;
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof OpenChannel other && childRelid == other.childRelid && openId == other.openId
                && ringBufferGpadlHandle == other.ringBufferGpadlHandle && targetVp == other.targetVp
                && downstreamRingBufferPageOffset == other.downstreamRingBufferPageOffset
                && Arrays.equals(userData, other.userData);
    }

    @Override
    public int hashCode() {
        return Objects.hash(childRelid, openId, ringBufferGpadlHandle, targetVp, downstreamRingBufferPageOffset,
                Arrays.hashCode(userData));
    }

    @Override
    public String toString() {
        return "OpenChannel[relid=" + childRelid + ", openId=" + openId + ", gpadl=0x"
                + Integer.toHexString(ringBufferGpadlHandle) + ", targetVp=" + targetVp + ", downstreamPage="
                + downstreamRingBufferPageOffset + "]";
    }
}
