package org.vmbussim.mgmt.message;

import java.util.Objects;
import org.vmbussim.wire.LittleEndian;

/**
 * CHANNELMSG_OFFERCHANNEL ({@link OfferChannelLayout}): the host offers one channel.
 *
 * @param offer              the device part
 * @param childRelid         the relid
 * @param monitorId          the monitor (MNF) id, 0-255
 * @param monitorAllocated   whether the monitor id is valid
 * @param dedicatedInterrupt whether the channel has a dedicated interrupt
 * @param connectionId       the connection id for signalling the host
 */
public record OfferChannel(ChannelOffer offer, int childRelid, int monitorId, boolean monitorAllocated,
        boolean dedicatedInterrupt, int connectionId) implements ChannelMessage {

    /**
     * Validates the fields.
     *
     * @param offer              the device part
     * @param childRelid         the relid
     * @param monitorId          the monitor id
     * @param monitorAllocated   monitor flag
     * @param dedicatedInterrupt interrupt flag
     * @param connectionId       the connection id
     */
    public OfferChannel {
        Objects.requireNonNull(offer, "offer");
        MessageBytes.checkU8("monitorId", monitorId);
    }

    static OfferChannel read(final byte[] bytes) {
        // Reserved bits of the two flag fields are ignored on read, as Linux's bit-fields ignore them.
        return new OfferChannel(ChannelOffer.read(bytes, OfferChannelLayout.OFFER_OFFSET),
                MessageBytes.u32(bytes, OfferChannelLayout.CHILD_RELID_OFFSET),
                MessageBytes.u8(bytes, OfferChannelLayout.MONITORID_OFFSET),
                (bytes[OfferChannelLayout.MONITOR_ALLOCATED_OFFSET] & 1) != 0,
                (bytes[OfferChannelLayout.IS_DEDICATED_INTERRUPT_OFFSET] & 1) != 0,
                MessageBytes.u32(bytes, OfferChannelLayout.CONNECTION_ID_OFFSET));
    }

    @Override
    public ChannelMessageType type() {
        return ChannelMessageType.OFFER_CHANNEL;
    }

    @Override
    public byte[] encode() {
        final byte[] bytes = MessageBytes.allocate(type(), OfferChannelLayout.LENGTH);
        offer.write(bytes, OfferChannelLayout.OFFER_OFFSET);
        LittleEndian.putInt(bytes, OfferChannelLayout.CHILD_RELID_OFFSET, childRelid);
        bytes[OfferChannelLayout.MONITORID_OFFSET] = (byte) monitorId;
        bytes[OfferChannelLayout.MONITOR_ALLOCATED_OFFSET] = (byte) (monitorAllocated ? 1 : 0);
        LittleEndian.putShort(bytes, OfferChannelLayout.IS_DEDICATED_INTERRUPT_OFFSET, dedicatedInterrupt ? 1 : 0);
        LittleEndian.putInt(bytes, OfferChannelLayout.CONNECTION_ID_OFFSET, connectionId);
        return bytes;
    }
}
